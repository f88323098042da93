"""Timetable import: a documented CSV or an iCalendar file → weekly slots, with per-line errors.

Pure module (standard library and ``icalendar``). The format is described in
docs/emploi-du-temps.md. Reading never decides alone whether a class, subject
or teacher exists: ``verifier`` asks a callback the Zope side gives, then adds
the conflicts (a class or a teacher in two places at once). A file is applied
only when no line has an error: all or nothing.

Slot ids are derived from the content — ``division-jour-HHMM`` plus ``-a`` /
``-b`` for alternating weeks, lower case — the place of a course in the week of
its class. Re-importing a file where a course keeps its day and hour keeps its
id, so the registers already taken (keyed ``AAAA-MM-JJ@id``) keep theirs, even
when the teacher, room or subject of the slot changes.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from cartable.regles.emploi_du_temps import JOURS, Creneau, sans_periode

FUSEAU = ZoneInfo("Europe/Paris")
COLONNES = ("jour", "debut", "fin", "division", "matiere", "enseignants", "salle", "semaine")
HEURE = re.compile(r"^([01]?\d|2[0-3])[:hH]([0-5]\d)$")
JOURS_ICAL = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5}
TAILLE_MAX = 2 * 1024 * 1024  # a whole establishment's timetable is a few hundred kB


class FichierInvalide(ValueError):
    """The whole file is unreadable (format, encoding, header): a French message."""


@dataclass(frozen=True)
class Ligne:
    """The fate of one line (CSV row, or iCalendar event or group of events)."""

    numero: int
    source: str
    creneau: Creneau | None = None
    erreurs: tuple = ()
    remarque: str = ""  # why a line without error is left out (cancelled event…)

    @property
    def retenue(self) -> bool:
        return self.creneau is not None and not self.erreurs


def id_creneau(division: str, jour: int, debut: str, semaine: str | None) -> str:
    """The stable id of a slot: its class's place in the week (see the module docstring)."""
    suffixe = f"-{semaine.lower()}" if semaine else ""
    return f"{division}-{jour}-{debut.replace(':', '')}{suffixe}".lower()


def _champ_texte(valeur, nom: str) -> str:
    """A text field (absent: empty); a number or a list is refused in French, never read as text."""
    if valeur is None:
        return ""
    if not isinstance(valeur, str):
        raise ValueError(f"{nom} : texte attendu (reçu « {valeur} »)")
    return valeur.strip()


def lire_heure(texte: str) -> str:
    """"8:00", "08:00" or "8h00" → "08:00"; ValueError with a French message otherwise."""
    if texte is not None and not isinstance(texte, str):
        raise ValueError(f"heure invalide : « {texte} » (attendu le texte HH:MM)")
    m = HEURE.match((texte or "").strip())
    if not m:
        raise ValueError(f"heure invalide : « {texte} » (attendu HH:MM)")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def lire_jour(texte: str) -> int:
    if texte is not None and not isinstance(texte, str):
        raise ValueError(f"jour invalide : « {texte} » (attendu lundi … samedi, en toutes lettres)")
    nom = (texte or "").strip().lower()
    if nom not in JOURS:
        raise ValueError(f"jour invalide : « {texte} » (attendu lundi … samedi)")
    return JOURS.index(nom)


def lire_semaine(texte) -> str | None:
    if texte is not None and not isinstance(texte, str):
        raise ValueError(f"semaine invalide : « {texte} » (vide, A ou B)")
    valeur = (texte or "").strip().upper()
    if valeur not in ("", "A", "B"):
        raise ValueError(f"semaine invalide : « {texte} » (vide, A ou B)")
    return valeur or None


def creneau_depuis(champs: dict, structure: str) -> Creneau:
    """A slot from named fields (a CSV row, a JSON body): ValueError listing every problem."""
    erreurs = []

    def champ(nom, lecture):
        try:
            return lecture(champs.get(nom))
        except ValueError as exc:
            erreurs.append(str(exc))
            return None

    jour = champ("jour", lire_jour)
    debut = champ("debut", lire_heure)
    fin = champ("fin", lire_heure)
    semaine = champ("semaine", lire_semaine)
    division = champ("division", lambda v: _champ_texte(v, "classe ou groupe"))
    matiere = champ("matiere", lambda v: _champ_texte(v, "matière"))
    salle = champ("salle", lambda v: _champ_texte(v, "salle"))
    if division == "":
        erreurs.append("classe ou groupe manquant")
    if debut and fin and fin <= debut:
        erreurs.append(f"la fin ({fin}) n'est pas après le début ({debut})")
    enseignants = champs.get("enseignants") or ()
    if isinstance(enseignants, str):
        enseignants = enseignants.split("|")
    if not isinstance(enseignants, (list, tuple)) or not all(isinstance(e, str) for e in enseignants):
        erreurs.append("enseignants : identifiants séparés par « | » attendus")
        enseignants = ()
    if erreurs:
        raise ValueError(" ; ".join(erreurs))
    return Creneau(
        id=id_creneau(division, jour, debut, semaine), jour=jour, debut=debut, fin=fin, division=(structure, division),
        matiere=matiere, enseignants=tuple(sorted({e.strip() for e in enseignants if e.strip()})), salle=salle, semaine=semaine,
    )


# -- CSV ---------------------------------------------------------------------


def decoder(donnees: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 — what a spreadsheet saves in France."""
    try:
        return donnees.decode("utf-8-sig")
    except UnicodeDecodeError:
        return donnees.decode("cp1252")


def lire_csv(texte: str, structure: str) -> list[Ligne]:
    """One Ligne per data row; a bad header is a FichierInvalide."""
    premiere = texte.split("\n", 1)[0]
    separateur = ";" if premiere.count(";") >= premiere.count(",") else ","
    lecteur = csv.reader(io.StringIO(texte), delimiter=separateur)
    entete = [c.strip().lower() for c in next(lecteur, [])]
    manquantes = [c for c in COLONNES if c not in entete]
    if manquantes:
        raise FichierInvalide(f"En-tête CSV incomplet : colonnes manquantes {', '.join(manquantes)} "
                              f"(attendu : {';'.join(COLONNES)}).")
    lignes = []
    for rang, cellules in enumerate(lecteur, start=2):
        if not any(c.strip() for c in cellules):
            continue
        champs = dict(zip(entete, cellules))
        source = separateur.join(cellules)
        try:
            lignes.append(Ligne(rang, source, creneau_depuis(champs, structure)))
        except ValueError as exc:
            lignes.append(Ligne(rang, source, erreurs=tuple(str(exc).split(" ; "))))
    return lignes


# -- iCalendar ---------------------------------------------------------------


def _texte(evenement, nom) -> str:
    valeur = evenement.get(nom)
    return str(valeur).strip() if valeur is not None else ""


def _description(evenement) -> dict:
    """"clé: valeur" lines of DESCRIPTION (division/classe, matiere, enseignants)."""
    champs = {}
    for ligne in _texte(evenement, "DESCRIPTION").splitlines():
        if ":" in ligne:
            cle, valeur = ligne.split(":", 1)
            cle = cle.strip().lower().replace("è", "e").replace("é", "e")
            champs["division" if cle == "classe" else cle] = valeur.strip()
    return champs


def _proprietes(evenement) -> dict:
    """division, matiere, enseignants, salle: X-CARTABLE-* first, then DESCRIPTION, then SUMMARY."""
    description = _description(evenement)
    resume = _texte(evenement, "SUMMARY").split()
    return {
        "division": _texte(evenement, "X-CARTABLE-DIVISION") or description.get("division")
        or (resume[1] if len(resume) == 2 else ""),
        "matiere": _texte(evenement, "X-CARTABLE-MATIERE") or description.get("matiere")
        or (resume[0] if len(resume) == 2 else ""),
        "enseignants": _texte(evenement, "X-CARTABLE-ENSEIGNANTS") or description.get("enseignants", ""),
        "salle": _texte(evenement, "LOCATION"),
    }


def _local(moment) -> datetime:
    if not isinstance(moment, datetime):
        raise ValueError("événement sur la journée entière : ce n'est pas un cours")
    if moment.tzinfo is not None:
        moment = moment.astimezone(FUSEAU).replace(tzinfo=None)
    return moment


def _horaires(evenement) -> tuple[datetime, datetime]:
    if evenement.get("DTSTART") is None:
        raise ValueError("DTSTART manquant")
    debut = _local(evenement.decoded("DTSTART"))
    if evenement.get("DTEND") is not None:
        fin = _local(evenement.decoded("DTEND"))
    elif evenement.get("DURATION") is not None:
        fin = debut + evenement.decoded("DURATION")
    else:
        raise ValueError("DTEND ou DURATION manquant")
    if fin.date() != debut.date():
        raise ValueError("un cours commence et finit le même jour")
    return debut, fin


def _semaine_alternee(jour: date, type_semaine) -> str:
    if type_semaine is None:
        raise ValueError("une semaine sur deux : le calendrier de l'établissement (semaines A/B) est requis")
    return type_semaine(jour)


def lire_icalendar(donnees: bytes, structure: str, type_semaine=None) -> list[Ligne]:
    """Weekly slots from the VEVENTs of a calendar (see docs/emploi-du-temps.md).

    - RRULE FREQ=WEEKLY (INTERVAL 1 or 2, BYDAY): one slot per day; INTERVAL=2
      gives the A or B week of DTSTART (``type_semaine(date)`` from the school
      calendar); UNTIL/COUNT/EXDATE are left to the school calendar and to the
      direction's per-occurrence changes;
    - events without RRULE: many tools export each session as its own event;
      the same course (day, hours, class, subject, teachers, room) on two or
      more weeks becomes a weekly slot (A or B when every date falls in the
      same week type and no two are in consecutive weeks); a lone event is
      refused: it is a change of one occurrence, made by the direction;
    - STATUS:CANCELLED and overrides of one instance (RECURRENCE-ID) are left out.
    """
    from icalendar import Calendar  # the one non-stdlib dependency, only for this format

    try:
        calendrier = Calendar.from_ical(donnees)
    except (ValueError, IndexError, KeyError) as exc:
        raise FichierInvalide(f"Fichier iCalendar illisible : {exc}") from None
    lignes, ponctuels = [], {}
    for rang, evenement in enumerate(calendrier.walk("VEVENT"), start=1):
        source = f"{_texte(evenement, 'SUMMARY') or 'sans titre'} ({_texte(evenement, 'UID') or 'sans UID'})"
        if _texte(evenement, "STATUS").upper() == "CANCELLED":
            lignes.append(Ligne(rang, source, remarque="événement annulé : ignoré"))
            continue
        if evenement.get("RECURRENCE-ID") is not None:
            lignes.append(Ligne(rang, source, remarque="exception d'une séance : à saisir comme modification de l'occurrence"))
            continue
        try:
            debut, fin = _horaires(evenement)
            champs = {**_proprietes(evenement), "debut": debut.strftime("%H:%M"), "fin": fin.strftime("%H:%M")}
            regle = evenement.get("RRULE")
            if regle is None:
                cle = (debut.weekday(), champs["debut"], champs["fin"], champs["division"], champs["matiere"],
                       champs["enseignants"], champs["salle"])
                ponctuels.setdefault(cle, []).append((rang, source, debut.date(), champs))
                continue
            lignes.extend(_recurrent(rang, source, regle, debut, champs, structure, type_semaine))
        except ValueError as exc:
            lignes.append(Ligne(rang, source, erreurs=(str(exc),)))
    for groupe in ponctuels.values():
        lignes.append(_groupe_ponctuel(groupe, structure, type_semaine))
    return sorted(lignes, key=lambda ligne: ligne.numero)


def _recurrent(rang, source, regle, debut, champs, structure, type_semaine) -> list[Ligne]:
    frequence = [str(f).upper() for f in regle.get("FREQ", [])]
    if frequence != ["WEEKLY"]:
        raise ValueError(f"récurrence {'/'.join(frequence) or 'vide'} : seule FREQ=WEEKLY décrit un créneau")
    intervalle = int(regle.get("INTERVAL", [1])[0])
    if intervalle not in (1, 2):
        raise ValueError(f"INTERVAL={intervalle} : toutes les semaines (1) ou une sur deux (2) seulement")
    jours = []
    for jour in regle.get("BYDAY", []) or [list(JOURS_ICAL)[debut.weekday()] if debut.weekday() < 6 else "SU"]:
        code = str(jour)[-2:].upper()
        if code not in JOURS_ICAL:
            raise ValueError(f"jour {code} : pas de cours le dimanche")
        jours.append(JOURS_ICAL[code])
    lignes = []
    for jour in sorted(set(jours)):
        date_jour = debut.date() + timedelta(days=(jour - debut.weekday()) % 7)
        semaine = _semaine_alternee(date_jour, type_semaine) if intervalle == 2 else ""
        creneau = creneau_depuis({**champs, "jour": JOURS[jour], "semaine": semaine}, structure)
        lignes.append(Ligne(rang, source, creneau))
    return lignes


def _groupe_ponctuel(groupe, structure, type_semaine) -> Ligne:
    rang, source, _, champs = groupe[0]
    dates = sorted({jour for _, _, jour, _ in groupe})
    if len(groupe) > 1:
        source = f"{source} et {len(groupe) - 1} autre(s) séance(s), du {dates[0].isoformat()} au {dates[-1].isoformat()}"
    lundis = sorted({d - timedelta(days=d.weekday()) for d in dates})
    if len(lundis) < 2:
        return Ligne(rang, source, erreurs=(f"séance ponctuelle du {dates[0].isoformat()} : ce n'est pas un cours "
                                            "hebdomadaire (à saisir comme modification d'une occurrence)",))
    semaine = ""
    consecutives = any((b - a).days == 7 for a, b in zip(lundis, lundis[1:]))
    if type_semaine is not None and not consecutives:
        types = {type_semaine(d) for d in dates}
        semaine = types.pop() if len(types) == 1 else ""
    try:
        jour = JOURS[dates[0].weekday()] if dates[0].weekday() < 6 else "dimanche"
        return Ligne(rang, source, creneau_depuis({**champs, "jour": jour, "semaine": semaine}, structure))
    except ValueError as exc:
        return Ligne(rang, source, erreurs=tuple(str(exc).split(" ; ")))


# -- the whole file ----------------------------------------------------------


def lire_fichier(nom: str, donnees: bytes, structure: str, type_semaine=None) -> list[Ligne]:
    """Dispatch on the file name: .csv or .ics."""
    if len(donnees) > TAILLE_MAX:
        raise FichierInvalide("Fichier trop volumineux (2 Mo au plus).")
    extension = (nom or "").rsplit(".", 1)[-1].lower()
    if extension == "csv":
        return lire_csv(decoder(donnees), structure)
    if extension in ("ics", "ical", "ifb"):
        return lire_icalendar(donnees, structure, type_semaine)
    raise FichierInvalide(f"Format non reconnu pour « {nom} » : .csv ou .ics attendu.")


def semaines_communes(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def se_chevauchent(a: Creneau, b: Creneau) -> bool:
    """Same day, overlapping hours, weeks that meet."""
    return a.jour == b.jour and semaines_communes(a.semaine, b.semaine) and a.debut < b.fin and b.debut < a.fin


def conflits(creneau: Creneau, autres) -> list[str]:
    """French messages: the class or a teacher of ``creneau`` already somewhere in ``autres``."""
    messages = []
    for autre in autres:
        if not se_chevauchent(creneau, autre):
            continue
        quand = f"{JOURS[autre.jour]} {autre.debut}-{autre.fin}"
        if autre.division == creneau.division:
            messages.append(f"la division {creneau.division[1]} a déjà cours le {quand}")
        for enseignant in sorted(set(creneau.enseignants) & set(autre.enseignants)):
            messages.append(f"l'enseignant {enseignant} est déjà en {autre.division[1]} le {quand}")
    return messages


def verifier(lignes: list[Ligne], connu) -> list[Ligne]:
    """Add unknown references (``connu(genre, code)``, genre: division, matiere, enseignant) and conflicts."""
    verifiees = []
    for ligne in lignes:
        c = ligne.creneau
        if c is None:
            verifiees.append(ligne)
            continue
        erreurs = list(ligne.erreurs)
        if not connu("division", c.division[1]):
            erreurs.append(f"classe ou groupe inconnu : {c.division[1]}")
        if c.matiere and not connu("matiere", c.matiere):
            erreurs.append(f"matière inconnue : {c.matiere}")
        erreurs += [f"enseignant inconnu : {e}" for e in c.enseignants if not connu("enseignant", e)]
        verifiees.append(replace(ligne, erreurs=tuple(erreurs)))
    places = [(n, l) for n, l in enumerate(verifiees) if l.creneau is not None]
    for rang, (n, ligne) in enumerate(places):
        for m, autre in places[:rang]:
            messages = conflits(ligne.creneau, [autre.creneau])
            if messages:
                verifiees[n] = replace(verifiees[n], erreurs=verifiees[n].erreurs + tuple(
                    f"{msg} (ligne {autre.numero})" for msg in messages))
                verifiees[m] = replace(verifiees[m], erreurs=verifiees[m].erreurs + tuple(
                    f"{msg} (ligne {ligne.numero})" for msg in conflits(autre.creneau, [ligne.creneau])))
    return verifiees


def bilan(lignes: list[Ligne], actuels: dict) -> dict:
    """What applying ``lignes`` would do to the slots ``actuels`` (id → Creneau)."""
    nouveaux = {l.creneau.id: l.creneau for l in lignes if l.retenue}
    return {
        "ajoutes": sorted(set(nouveaux) - set(actuels)),
        "modifies": sorted(i for i in set(nouveaux) & set(actuels) if nouveaux[i] != sans_periode(actuels[i])),
        "inchanges": sorted(i for i in set(nouveaux) & set(actuels) if nouveaux[i] == sans_periode(actuels[i])),
        "retires": sorted(set(actuels) - set(nouveaux)),
    }
