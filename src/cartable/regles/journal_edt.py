"""The timetable's journal in French sentences (« Le cours de mathématiques de la 3A du jeudi 3 décembre à 8 h
a été déplacé au vendredi 4 décembre à 10 h par Stéphane Lemoine »).

Pure module (standard library only). The journal keeps what was written (action, before, after, as JSON);
the Zope side gives the names (subjects, people, who acted) and the slot of a course, this module says it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from cartable.regles.dates_fr import date_fr, heure_fr, moment_fr, periode_fr


def en_phrase(libelle: str) -> str:
    """A subject's name inside a sentence: « mathématiques », but « LV1 » or « SVT » kept."""
    if not libelle or libelle[:2].isupper():
        return libelle
    return libelle[0].lower() + libelle[1:]


def de_la_division(division: str, genre: str = "classe") -> str:
    return f"de la {division}" if genre == "classe" else f"du groupe {division}"


def description_cours(matiere: str, division: str, jour: date, debut: str, *, genre: str = "classe", annee: int | None = None) -> str:
    """« le cours de mathématiques de la 3A du jeudi 3 décembre à 8 h »."""
    quoi = f"le cours de {en_phrase(matiere)}" if matiere else "le cours"
    return f"{quoi} {de_la_division(division, genre)} du {date_fr(jour, annee)} à {heure_fr(debut)}"


def description_creneau(creneau: dict, matiere: Callable[[str], str], personne: Callable[[str], str]) -> str:
    """« mathématiques de la 3A le lundi de 8 h à 9 h, salle S12, avec David Mathieu (semaine A) »."""
    texte = en_phrase(matiere(creneau.get("matiere") or "")) or "cours"
    texte += f" {de_la_division(creneau.get('division', ''))} le {creneau.get('jour', '')} de {heure_fr(creneau['debut'])} à {heure_fr(creneau['fin'])}"
    if creneau.get("salle"):
        texte += f", salle {creneau['salle']}"
    noms = [personne(i) for i in creneau.get("enseignants") or ()]
    if noms:
        texte += ", avec " + " et ".join(noms)
    if creneau.get("semaine"):
        texte += f" (semaine {creneau['semaine']})"
    return texte


def _fermetures(valeur) -> set:
    return {(f["du"], f["au"], f["libelle"]) for f in (valeur or {}).get("fermetures", ())}


def _fermeture_mots(f, annee) -> str:
    du, au, libelle = date.fromisoformat(f[0]), date.fromisoformat(f[1]), f[2]
    return f"« {libelle} » ({periode_fr(du, au, annee)})"


def quand(entree: dict, aujourd_hui: date | None = None) -> str:
    """When it was written, in words: « jeudi 3 décembre à 10 h 12 »."""
    try:
        return moment_fr(datetime.fromisoformat(entree["quand"]), aujourd_hui)
    except (KeyError, TypeError, ValueError):
        return ""


def phrase(entree: dict, *, qui: str, cours: str | None, matiere: Callable[[str], str], personne: Callable[[str], str],
           annee: int | None = None) -> str:
    """One entry of the journal as a sentence. ``cours``: the occurrence's description (``description_cours``)
    for the actions on one course; ``matiere`` and ``personne`` name a subject code and a person's id."""
    action = entree.get("action")
    avant, apres = entree.get("avant") or {}, entree.get("apres") or {}
    par = f"par {qui}"
    if action in ("annuler", "deplacer", "changer_salle", "remplacer", "retablir"):
        le_cours = cours or "un cours"
        sujet = le_cours[0].upper() + le_cours[1:]
        modif = apres.get("modification") or {}
        if action == "annuler":
            motif = f" (motif : {modif['motif']})" if modif.get("motif") else ""
            return f"{sujet} a été annulé{motif} {par}."
        if action == "deplacer":
            vers = f"au {date_fr(date.fromisoformat(modif['date']), annee)}" if modif.get("date") else "le même jour"
            if modif.get("debut"):
                vers += f" à {heure_fr(modif['debut'])}"
            return f"{sujet} a été déplacé {vers} {par}."
        if action == "changer_salle":
            return f"{sujet} a été mis en salle {modif.get('salle') or '(aucune)'} {par}."
        if action == "remplacer":
            noms = " et ".join(personne(i) for i in modif.get("remplacants") or ()) or "personne"
            return f"{sujet} a été confié à {noms} {par}."
        return f"{sujet} a été rétabli comme prévu {par}."
    if action == "ajouter_creneau":
        return f"Un créneau de {description_creneau(apres, matiere, personne)} a été ajouté {par}."
    if action == "retirer_creneau":
        return f"Le créneau de {description_creneau(avant, matiere, personne)} a été retiré {par}."
    if action == "modifier_creneau":
        return (f"Le créneau de {description_creneau(avant, matiere, personne)} a été modifié {par} : "
                f"désormais {description_creneau(apres, matiere, personne)}.")
    if action == "import":
        fichier = f" (« {avant['fichier']} »)" if avant.get("fichier") else ""
        changes = len(avant.get("creneaux") or ())
        nouveaux = len(apres.get("creneaux") or ())
        return (f"Un emploi du temps a été importé{fichier} {par} : {nouveaux} créneau(x) ajouté(s) ou modifié(s), "
                f"{changes} créneau(x) remplacé(s) ou retiré(s).")
    if action in ("ajouter_fermeture", "retirer_fermeture"):
        ajoutees, retirees = _fermetures(apres) - _fermetures(avant), _fermetures(avant) - _fermetures(apres)
        morceaux = [f"la fermeture {_fermeture_mots(f, annee)} a été ajoutée" for f in sorted(ajoutees)]
        morceaux += [f"la fermeture {_fermeture_mots(f, annee)} a été retirée" for f in sorted(retirees)]
        texte = " ; ".join(morceaux) or "les fermetures n'ont pas changé"
        return f"{texte[0].upper()}{texte[1:]} {par}."
    return f"L'emploi du temps a été modifié {par}."

