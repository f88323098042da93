"""What Mon bureau says of the vie scolaire: a register's state, a course's change, a mark, in words.

Pure module (standard library and cartable.regles only). The vie scolaire's blocks of
Mon bureau (cartable.viescolaire.bureau) read the records and ask these functions
what to say; the words are decided here, once, and unit tested.

- A course's register, for its teacher: « Appel à faire », « Appel en cours »,
  « Appel fait », « Annulé »; it turns to an alert when the CPE would see it on
  the « appels non faits » list (regles.appel.non_fait: 15 minutes after the start).
- A changed course, for whoever follows it: « Annulé » (with its motive),
  « Déplacé » (where it was planned), « Remplacement » (who replaces whom),
  « Changement de salle ».
- An absence is « à justifier » for a family while no motive was given to it;
  « Déclaration envoyée » while a declaration of theirs covering it waits for the CPE.
"""

from datetime import date, datetime, time

from cartable.regles.appel import non_fait
from cartable.regles.dates_fr import MOIS, heure_fr, jour_relatif
from cartable.regles.declarations import couvre

ETIQUETTES_APPEL = {"a_faire": "Appel à faire", "en_cours": "Appel en cours", "fait": "Appel fait"}
ETIQUETTES_NON_FAIT = {"a_faire": "Appel non fait", "en_cours": "Appel commencé, non terminé"}
ANNULE, DEPLACE, REMPLACEMENT, SALLE = "Annulé", "Déplacé", "Remplacement", "Changement de salle"
JOURS_RELATIFS = ("aujourd'hui", "demain", "hier")


def heure(hhmm: str) -> time:
    return time.fromisoformat(hhmm)


def horaire(debut: str, fin: str) -> str:
    """« 8 h – 9 h 30 »."""
    return f"{heure_fr(debut)} – {heure_fr(fin)}"


def etat_appel(etat: str, annule: bool, jour: date, debut: str, maintenant: datetime) -> tuple[str, str]:
    """(état of the block's line, its words) of one course's register, as its teacher sees it."""
    if annule:
        return "info", ANNULE
    if etat == "fait":
        return "fait", ETIQUETTES_APPEL["fait"]
    mots = ETIQUETTES_APPEL.get(etat, ETIQUETTES_APPEL["a_faire"])
    return ("alerte" if non_fait(etat, annule, datetime.combine(jour, heure(debut)), maintenant) else "a_faire"), mots


def appel_non_fait(etat: str, annule: bool, jour: date, debut: str, maintenant: datetime) -> str | None:
    """The words of a register on the CPE's « appels non faits » list, or None when it is not on it."""
    if not non_fait(etat, annule, datetime.combine(jour, heure(debut)), maintenant):
        return None
    return ETIQUETTES_NON_FAIT.get(etat, ETIQUETTES_NON_FAIT["a_faire"])


def _le(jour: date, aujourd_hui: date) -> str:
    """« demain », « le jeudi 19 novembre »."""
    mots = jour_relatif(jour, aujourd_hui)
    return mots if mots in JOURS_RELATIFS else f"le {mots}"


def changement(*, annule: bool, motif: str, prevu: dict, tenu: dict, aujourd_hui: date) -> tuple[str | None, list[str]]:
    """(words of the change or None, its details) of a course held as ``tenu`` and planned as ``prevu``.

    ``prevu`` and ``tenu``: {"jour": date, "debut": "HH:MM", "salle": str, "enseignants": [names]}.
    The first change that matters most names it: cancelled, moved, replaced, another room.
    """
    details = []
    etiquettes = []
    if annule:
        etiquettes.append(ANNULE)
        details.append(f"Cours annulé : {motif}" if motif else "Cours annulé")
    if prevu["jour"] != tenu["jour"]:
        etiquettes.append(DEPLACE)
        details.append(f"Initialement prévu {_le(prevu['jour'], aujourd_hui)} à {heure_fr(prevu['debut'])}")
    elif prevu["debut"] != tenu["debut"]:
        etiquettes.append(DEPLACE)
        details.append(f"Initialement prévu à {heure_fr(prevu['debut'])}")
    if list(prevu["enseignants"]) != list(tenu["enseignants"]) and tenu["enseignants"]:
        etiquettes.append(REMPLACEMENT)
        remplaces = ", ".join(prevu["enseignants"])
        details.append(f"{', '.join(tenu['enseignants'])} remplace {remplaces}" if remplaces else
                       f"Assuré par {', '.join(tenu['enseignants'])}")
    if (prevu["salle"] or "") != (tenu["salle"] or "") and tenu["salle"]:
        etiquettes.append(SALLE)
        details.append(f"Salle {tenu['salle']} au lieu de {prevu['salle']}" if prevu["salle"] else f"Salle {tenu['salle']}")
    return (etiquettes[0] if etiquettes else None), details


def deplace_ailleurs(jour: date, debut: str, aujourd_hui: date) -> str:
    """A course planned on a day and held on another: « Déplacé au jeudi 19 novembre à 10 h », « Déplacé à demain à 10 h »."""
    mots = jour_relatif(jour, aujourd_hui)
    return f"Déplacé {'à ' + mots if mots in JOURS_RELATIFS else 'au ' + mots} à {heure_fr(debut)}"


def marque(marque: dict) -> str:
    """A register's mark, as a family reads it: « Absence », « Retard de 7 min », « Départ anticipé à 15 h »."""
    genre = marque.get("type")
    if genre == "retard":
        return f"Retard de {marque['minutes']} min" if marque.get("minutes") else "Retard"
    if genre == "depart":
        return f"Départ anticipé à {heure_fr(marque['heure'])}" if marque.get("heure") else "Départ anticipé"
    return "Absence"


def a_justifier(absences, declarations) -> list[tuple]:
    """The absences a family still has to justify: [(jour, "HH:MM", en_attente)], by date.

    ``absences``: [(jour, "HH:MM", motive code or None)] of the child's absence marks;
    ``declarations``: the child's declarations ({"du", "au", "statut"}). An absence with a
    motive (the CPE's, or an accepted declaration's) is settled; one covered by a
    declaration still « à traiter » waits for the CPE (``en_attente``).
    """
    resultat = []
    for jour, debut, motif in absences:
        if motif is not None:
            continue
        en_attente = any(d["statut"] == "a_traiter" and couvre(d["du"], d["au"], jour, debut) for d in declarations)
        resultat.append((jour, debut, en_attente))
    return sorted(resultat)


def nombre(n, singulier: str, pluriel: str | None = None) -> str:
    """« 0 élève », « 1 élève », « 3 élèves » (French: 0 and 1 take the singular); halves with a comma."""
    texte = f"{n:g}".replace(".", ",") if isinstance(n, float) else str(n)
    return f"{texte} {singulier if n < 2 else (pluriel or singulier + 's')}"


def mois_fr(code: str) -> str:
    """« 2026-11 » → « novembre »."""
    return MOIS[int(code[5:7]) - 1]


def le_jour(jour: date, aujourd_hui: date) -> str:
    """« aujourd'hui », « demain », « le lundi 16 novembre »."""
    return _le(jour, aujourd_hui)


def cours_du(jour: date, aujourd_hui: date) -> str:
    """The title of a day's courses: « Mes cours aujourd'hui », « Mes cours demain », « Mes cours du lundi 23 novembre »."""
    mots = jour_relatif(jour, aujourd_hui)
    return f"Mes cours {mots}" if mots in JOURS_RELATIFS else f"Mes cours du {mots}"
