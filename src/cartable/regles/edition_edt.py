"""The direction's changes to a timetable: what each action does, checked before anything is written.

Pure module (standard library). Weekly slots are read with
``import_edt.creneau_depuis`` (same fields as the CSV); one occurrence is
changed through a ``Modification`` (cancelled, moved, room, replacement
teachers), several changes of one occurrence combine; closures of the
calendar are added or removed. ``conflits_du_jour`` refuses a change that puts
a class or a teacher in two places at once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from cartable.regles.emploi_du_temps import Fermeture, Modification
from cartable.regles.import_edt import lire_heure

ACTIONS_CRENEAU = ("ajouter_creneau", "modifier_creneau", "retirer_creneau")
ACTIONS_OCCURRENCE = ("annuler", "deplacer", "changer_salle", "remplacer", "retablir")
ACTIONS_FERMETURE = ("ajouter_fermeture", "retirer_fermeture")
ACTIONS = ACTIONS_CRENEAU + ACTIONS_OCCURRENCE + ACTIONS_FERMETURE
HORIZON_NOTIFICATION = 7  # days ahead: a change closer than this is told to the people concerned


class ActionInvalide(ValueError):
    """A French message: the action is refused and nothing changes."""


def lire_date(texte, nom="date") -> date:
    if not isinstance(texte, str):  # 20261118 would otherwise read as a date
        raise ActionInvalide(f"{nom} attendue au format AAAA-MM-JJ (reçu « {texte} »).")
    try:
        return date.fromisoformat(texte)
    except ValueError:
        raise ActionInvalide(f"{nom} attendue au format AAAA-MM-JJ (reçu « {texte} »).") from None


def modification_apres(actuelle: Modification | None, action: dict) -> Modification | None:
    """The occurrence's Modification once ``action`` is applied (None: back to the weekly slot)."""
    genre = action.get("action")
    base = actuelle or Modification()
    if genre == "retablir":
        return None
    if genre == "annuler":
        motif = action.get("motif")
        motif = motif.strip() if isinstance(motif, str) else ""
        if not motif:
            raise ActionInvalide("Un motif est requis pour annuler un cours.")
        return replace(base, annule=True, motif=motif)
    if genre == "deplacer":
        try:
            debut, fin = lire_heure(action.get("debut")), lire_heure(action.get("fin"))
        except ValueError as exc:
            raise ActionInvalide(f"Déplacement : {exc}.") from None
        if fin <= debut:
            raise ActionInvalide(f"Déplacement : la fin ({fin}) n'est pas après le début ({debut}).")
        jour = lire_date(action.get("date"))
        if jour.weekday() == 6:
            raise ActionInvalide("Déplacement : pas de cours le dimanche.")
        return replace(base, date=jour, debut=debut, fin=fin)
    if genre == "changer_salle":
        salle = action.get("salle")
        if not isinstance(salle, str) or not salle.strip():
            raise ActionInvalide("Nouvelle salle attendue (« salle »).")
        return replace(base, salle=salle.strip())
    if genre == "remplacer":
        enseignants = action.get("enseignants")
        if not isinstance(enseignants, list) or not enseignants or not all(isinstance(e, str) and e.strip() for e in enseignants):
            raise ActionInvalide("Enseignant(s) remplaçant(s) attendu(s) : une liste d'identifiants (« enseignants »).")
        return replace(base, remplacants=tuple(sorted({e.strip() for e in enseignants})))
    raise ActionInvalide(f"Action inconnue : « {genre} ».")


def fermetures_apres(fermetures: tuple, action: dict) -> tuple:
    """The calendar's closures once a closure is added or removed."""
    du, au = lire_date(action.get("du"), "du"), lire_date(action.get("au"), "au")
    if au < du:
        raise ActionInvalide("La fermeture finit avant de commencer.")
    if action.get("action") == "ajouter_fermeture":
        libelle = action.get("libelle")
        libelle = libelle.strip() if isinstance(libelle, str) else ""
        if not libelle:
            raise ActionInvalide("Un libellé est requis pour une fermeture (« libelle »).")
        if any(f.du == du and f.au == au for f in fermetures):
            raise ActionInvalide(f"Une fermeture du {du.isoformat()} au {au.isoformat()} existe déjà.")
        return tuple(sorted(fermetures + (Fermeture(du, au, libelle),), key=lambda f: (f.du, f.au)))
    restantes = tuple(f for f in fermetures if not (f.du == du and f.au == au))
    if len(restantes) == len(fermetures):
        raise ActionInvalide(f"Aucune fermeture du {du.isoformat()} au {au.isoformat()}.")
    return restantes


def _horaire(o) -> str:
    return f"{o.date.isoformat()} {o.debut}-{o.fin}"


def conflits_du_jour(occurrence, autres) -> list[str]:
    """The class or a teacher of ``occurrence`` already in another course that is held at the same time."""
    if occurrence.annule:
        return []
    messages = []
    for autre in autres:
        if autre.cle == occurrence.cle or autre.annule or autre.date != occurrence.date:
            continue
        if not (autre.debut < occurrence.fin and occurrence.debut < autre.fin):
            continue
        if autre.division == occurrence.division:
            messages.append(f"La division {occurrence.division[1]} a déjà cours le {_horaire(autre)}.")
        for enseignant in sorted(set(occurrence.enseignants) & set(autre.enseignants)):
            messages.append(f"L'enseignant {enseignant} est déjà en {autre.division[1]} le {_horaire(autre)}.")
    return messages


def proche(jours, aujourd_hui: date, horizon: int = HORIZON_NOTIFICATION) -> bool:
    """Does any of ``jours`` fall from today to ``horizon`` days ahead?"""
    return any(aujourd_hui <= j <= aujourd_hui + timedelta(days=horizon) for j in jours if j is not None)
