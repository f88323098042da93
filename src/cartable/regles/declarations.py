"""Parents' absence declarations: what they cover, and the rules of their treatment.

Pure module (standard library only). A declaration covers the courses that
start within [du, au]; once accepted by any CPE of the establishment it gives
its motive to the student's absences in that span, past and future (the
motive is resolved when absences are read, so an absence marked after the
acceptance is justified too). A motive set by the vie scolaire on one
absence wins over the declaration's.
"""

from datetime import datetime

STATUTS = ("a_traiter", "acceptee", "refusee")
DUREE_MAX_JOURS = 62


class DeclarationInvalide(ValueError):
    """The message is French, shown as is."""


def lire_periode(du: str, au: str) -> tuple[datetime, datetime]:
    """"AAAA-MM-JJTHH:MM" (or a date alone: the whole day) → (start, end)."""
    try:
        debut = datetime.fromisoformat(du if "T" in du else f"{du}T00:00")
        fin = datetime.fromisoformat(au if "T" in au else f"{au}T23:59")
    except (TypeError, ValueError):
        raise DeclarationInvalide("Dates attendues au format AAAA-MM-JJ ou AAAA-MM-JJTHH:MM.") from None
    if fin < debut:
        raise DeclarationInvalide("La fin de l'absence précède son début.")
    if (fin - debut).days > DUREE_MAX_JOURS:
        raise DeclarationInvalide(f"Une déclaration couvre au plus {DUREE_MAX_JOURS} jours.")
    return debut, fin


def couvre(debut: datetime, fin: datetime, jour, heure: str) -> bool:
    """Does a declaration cover the course that starts on ``jour`` at ``heure``?"""
    depart = datetime.combine(jour, datetime.strptime(heure, "%H:%M").time())
    return debut <= depart <= fin


def motif_declare(declarations, jour, heure):
    """The motive of the latest accepted declaration covering this course, or None."""
    retenues = [d for d in declarations if d["statut"] == "acceptee" and couvre(d["du"], d["au"], jour, heure)]
    return max(retenues, key=lambda d: d["traitee_le"])["motif"] if retenues else None


def decider(statut: str, decision: str, raison: str | None) -> str:
    """New status of a declaration; a refusal needs its reason (the family reads it)."""
    if statut != "a_traiter":
        raise DeclarationInvalide("Cette déclaration a déjà été traitée.")
    if decision == "accepter":
        return "acceptee"
    if decision == "refuser":
        if not (raison or "").strip():
            raise DeclarationInvalide("Un refus se motive : la famille lit la raison.")
        return "refusee"
    raise DeclarationInvalide("Décision attendue : accepter ou refuser.")
