"""Roll call (appel) rules: marks, who may change a register and when, registers not taken.

Pure module (standard library only).
- Everyone is present by default: a register stores only what differs.
- The teacher of the course (or their replacement) takes it on the day of
  the course, and may correct it that day, "fait" or not; from the next day
  on, a register is closed to the teacher whatever its state (a register left
  « en cours » is not a way to rewrite a past day): the vie scolaire (every
  CPE, the direction) corrects it, at any time. Every change is audited.
- A register not taken never creates an absence; it is "non fait" for the
  CPE from 15 minutes after the start of the course.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

ETATS = ("a_faire", "en_cours", "fait")
MARQUES = ("present", "absence", "retard", "depart")
DELAI_NON_FAIT = timedelta(minutes=15)


class MarqueInvalide(ValueError):
    """The message is French, shown as is."""


class ModificationRefusee(PermissionError):
    """The message is French, shown as is."""


@dataclass(frozen=True)
class Marque:
    type: str
    minutes: int | None = None  # lateness
    heure: str | None = None  # early departure

    def en_dict(self):
        return {k: v for k, v in (("type", self.type), ("minutes", self.minutes), ("heure", self.heure)) if v is not None}


def lire_marque(donnees) -> Marque:
    if not isinstance(donnees, dict) or donnees.get("type") not in MARQUES:
        raise MarqueInvalide(f"marque invalide {donnees!r} : type present, absence, retard ou depart attendu")
    genre = donnees["type"]
    if genre == "retard":
        minutes = donnees.get("minutes")
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 < minutes <= 240:
            raise MarqueInvalide("un retard se note en minutes (de 1 à 240)")
        return Marque("retard", minutes=minutes)
    if genre == "depart":
        heure = donnees.get("heure")
        if heure is not None and (not isinstance(heure, str) or len(heure) != 5 or heure[2] != ":"):
            raise MarqueInvalide("heure de départ attendue au format HH:MM")
        return Marque("depart", heure=heure)
    return Marque(genre)


def verifier_droit(*, enseignant: bool, vie_scolaire: bool, etat: str, jour_du_cours: date, aujourd_hui: date):
    """Raise ModificationRefusee unless this person may change the register now."""
    if vie_scolaire:
        return
    if not enseignant:
        raise ModificationRefusee("Seuls l'enseignant du cours et la vie scolaire peuvent faire cet appel.")
    if jour_du_cours > aujourd_hui:
        raise ModificationRefusee("Cet appel ne peut pas être fait avant le jour du cours.")
    if jour_du_cours < aujourd_hui:
        raise ModificationRefusee("L'appel d'un jour passé ne se modifie plus : une correction se demande à la vie scolaire.")


def appliquer(marques: dict, changements: dict):
    """New marks and the list of (élève, before, after) actually changed; 'present' removes a mark."""
    nouvelles = dict(marques)
    changes = []
    for eleve, marque in sorted(changements.items()):
        avant = nouvelles.get(eleve)
        apres = None if marque.type == "present" else marque.en_dict()
        if avant == apres:
            continue
        if apres is None:
            del nouvelles[eleve]
        else:
            nouvelles[eleve] = apres
        changes.append((eleve, avant, apres))
    return nouvelles, changes


def etat_apres(etat: str, fait: bool, changes: list) -> str:
    if fait:
        return "fait"
    if etat == "a_faire" and changes:
        return "en_cours"
    return etat


def non_fait(etat: str, annule: bool, debut: datetime, maintenant: datetime) -> bool:
    """Shown to the CPE as "appel non fait"."""
    return not annule and etat != "fait" and maintenant >= debut + DELAI_NON_FAIT
