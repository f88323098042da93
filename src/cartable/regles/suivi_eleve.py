"""The student's follow-up across school years and establishments: who reads it, filters, logging.

Pure module (standard library only).
- The vie scolaire (CPE, direction) of an establishment the student is
  attached to now reads the whole timeline, items of the other establishments
  of the region included; the regional administrator reads any student's.
- A read that shows another establishment's records than the reader's own,
  and every read by the regional administrator, is a cross-establishment
  read: it is logged (who, when, which student).
- A school year runs from August to July ("2026-2027").
"""

from dataclasses import dataclass
from datetime import date

GENRES = ("absence", "retard", "depart", "declaration", "dispense", "note",
          "infirmerie", "incident", "punition", "sanction")
LIBELLES_GENRES = {
    "absence": "Absence", "retard": "Retard", "depart": "Départ anticipé", "declaration": "Déclaration de la famille",
    "dispense": "Dispense", "note": "Note de suivi", "infirmerie": "Passage à l'infirmerie", "incident": "Incident",
    "punition": "Punition", "sanction": "Sanction",
}
MOIS_RENTREE = 8


class SuiviInvalide(ValueError):
    """Bad filter; the message is French, shown as is."""


@dataclass(frozen=True)
class Filtres:
    genres: frozenset = frozenset()  # empty: every genre
    du: date | None = None
    au: date | None = None
    etablissement: str | None = None  # a UAI or a structure id


def peut_lire(admin: bool, vie_scolaire_ici: bool, eleve_rattache_ici: bool) -> bool:
    """The regional administrator, or the vie scolaire of an establishment the student is attached to now."""
    return admin or (vie_scolaire_ici and eleve_rattache_ici)


def lecture_transversale(admin: bool, structures_lues, structures_du_lecteur) -> bool:
    """Must this read be logged? Records of another establishment than the reader's, or any admin read."""
    return admin or bool(set(structures_lues) - set(structures_du_lecteur))


def annee_scolaire(quand: str) -> str:
    """"2026-11-16T10:00" → "2026-2027"; "2027-03-01" → "2026-2027"."""
    annee, mois = int(quand[:4]), int(quand[5:7])
    debut = annee if mois >= MOIS_RENTREE else annee - 1
    return f"{debut}-{debut + 1}"


def lire_filtres(form) -> Filtres:
    """genre= (repeatable), du=, au=, etablissement= from a query string; nothing set means everything."""
    brut = form.get("genre") or []
    genres = [brut] if isinstance(brut, str) else list(brut)
    inconnus = [g for g in genres if g not in GENRES]
    if inconnus:
        raise SuiviInvalide(f"Genre inconnu « {inconnus[0]} ». Genres possibles : {', '.join(GENRES)}.")
    try:
        du = date.fromisoformat(form["du"]) if form.get("du") else None
        au = date.fromisoformat(form["au"]) if form.get("au") else None
    except (TypeError, ValueError):
        raise SuiviInvalide("du et au attendus au format AAAA-MM-JJ.") from None
    if du and au and au < du:
        raise SuiviInvalide("La date de fin précède la date de début.")
    etablissement = form.get("etablissement") or None
    if etablissement is not None and not isinstance(etablissement, str):
        raise SuiviInvalide("Un seul établissement à la fois.")
    return Filtres(frozenset(genres), du, au, etablissement)


def garder(item: dict, filtres: Filtres) -> bool:
    """Does a timeline item ({"quand", "genre", "etablissement": {"uai", "structure"}}) pass the filters?"""
    if filtres.genres and item["genre"] not in filtres.genres:
        return False
    jour = item["quand"][:10]
    if filtres.du is not None and jour < filtres.du.isoformat():
        return False
    if filtres.au is not None and jour > filtres.au.isoformat():
        return False
    return concerne(filtres.etablissement, item["etablissement"])


def concerne(etablissement: str | None, etab: dict) -> bool:
    """Does the establishment filter (a UAI or a structure id, any case; None: all) name ``etab``?"""
    if etablissement is None:
        return True
    return etablissement.upper() in (str(etab.get("uai") or "").upper(), str(etab.get("structure") or "").upper())


def par_annee(items):
    """[(school year, items)] newest year first, items in the order given."""
    annees = {}
    for item in items:
        annees.setdefault(annee_scolaire(item["quand"]), []).append(item)
    return sorted(annees.items(), reverse=True)
