"""Events that are not register marks: infirmerie, incident, punition, sanction.

Pure module (standard library only).
- Any staff member of the establishment (teachers included) records a
  passage à l'infirmerie, reports an incident and gives a punition; only the
  direction (the chef d'établissement and their deputies) gives a sanction.
- The vie scolaire (every CPE, the direction) and the regional administrator
  see every event; a teacher sees those they wrote.
- Families see the punitions and sanctions of their child, in a family view:
  never the text of the incident it follows, never another student's name;
  a student sees their own the same way.
- Statuses move along ``TRANSITIONS``; a punition or a sanction concerns one
  student (an incident may concern several).
"""

from dataclasses import dataclass, field
from datetime import datetime

TYPES = ("infirmerie", "incident", "punition", "sanction")
TYPES_FAMILLES = ("punition", "sanction")  # what a family is shown of their child

NATURES_PAR_DEFAUT = {
    "punition": ("Retenue", "Devoir supplémentaire", "Excuse orale ou écrite"),
    "sanction": (
        "Avertissement",
        "Blâme",
        "Mesure de responsabilisation",
        "Exclusion temporaire de la classe",
        "Exclusion temporaire de l'établissement",
        "Exclusion définitive",
    ),
}

STATUT_INITIAL = {"infirmerie": "enregistre", "incident": "signale", "punition": "prononcee", "sanction": "prononcee"}
TRANSITIONS = {
    "infirmerie": {"enregistre": ("retour_en_classe", "renvoye_famille")},
    "incident": {"signale": ("traite",)},
    "punition": {"prononcee": ("faite", "non_faite", "levee"), "non_faite": ("faite",)},
    "sanction": {"prononcee": ("executee", "levee")},
}
LIBELLES_STATUTS = {
    "enregistre": "Enregistré", "retour_en_classe": "Retour en classe", "renvoye_famille": "Remis à la famille",
    "signale": "Signalé", "traite": "Traité", "prononcee": "Prononcée", "faite": "Faite", "non_faite": "Non faite",
    "levee": "Levée", "executee": "Exécutée",
}
TAILLE_LIEU, TAILLE_TEXTE, ELEVES_MAX = 200, 4000, 40


class IncidentInvalide(ValueError):
    """Bad input; the message is French, shown as is."""


class IncidentRefuse(PermissionError):
    """Not allowed; the message is French, shown as is."""


@dataclass(frozen=True)
class Profil:
    """What the access model says of a reader in one establishment (computed by the caller)."""

    ident: str | None = None
    personnel: bool = False  # any staff function in the establishment
    vie_scolaire: bool = False  # CPE or direction
    direction: bool = False
    admin: bool = False  # regional administrator
    enfants: frozenset = field(default_factory=frozenset)  # students a parent holds legal authority over


def natures_de(type_, natures=None) -> tuple:
    """The establishment's list for a type (its own when set, else the defaults)."""
    propres = (natures or {}).get(type_)
    return tuple(propres) if propres else NATURES_PAR_DEFAUT.get(type_, ())


def verifier_creation(profil: Profil, type_: str):
    if type_ not in TYPES:
        raise IncidentInvalide(f"Type attendu : {', '.join(TYPES)}.")
    if type_ == "sanction" and not profil.direction:
        raise IncidentRefuse("Seule la direction de l'établissement prononce une sanction.")
    if not (profil.personnel or profil.vie_scolaire):
        raise IncidentRefuse("Réservé aux personnels de l'établissement.")


def lire_evenement(donnees, natures=None) -> dict:
    """A checked new event from a JSON body: {type, eleves (or eleve), quand, lieu, description, nature, incident}."""
    if not isinstance(donnees, dict):
        raise IncidentInvalide("Corps JSON attendu (un objet).")
    type_ = donnees.get("type")
    if type_ not in TYPES:
        raise IncidentInvalide(f"Type attendu : {', '.join(TYPES)}.")
    eleves = donnees.get("eleves")
    if eleves is None and isinstance(donnees.get("eleve"), str):  # one student: {"eleve": id} is enough
        eleves = [donnees["eleve"]]
    if not isinstance(eleves, list) or not eleves or not all(isinstance(e, str) and e.strip() for e in eleves):
        raise IncidentInvalide("Liste des élèves concernés attendue (au moins un).")
    eleves = list(dict.fromkeys(e.strip() for e in eleves))
    if len(eleves) > ELEVES_MAX:
        raise IncidentInvalide(f"{ELEVES_MAX} élèves au plus par événement.")
    if type_ in TYPES_FAMILLES and len(eleves) != 1:
        raise IncidentInvalide("Une punition ou une sanction concerne un seul élève.")
    quand = lire_quand(donnees.get("quand"))
    lieu = _texte(donnees.get("lieu"), "Le lieu", TAILLE_LIEU)
    description = _texte(donnees.get("description"), "La description", TAILLE_TEXTE)
    if type_ == "incident" and not description:
        raise IncidentInvalide("Décrivez l'incident.")
    nature = donnees.get("nature")
    if type_ in TYPES_FAMILLES:
        possibles = natures_de(type_, natures)
        if nature not in possibles:
            raise IncidentInvalide(f"Nature attendue : {', '.join(possibles)}.")
    elif nature not in (None, ""):
        raise IncidentInvalide("Seules les punitions et les sanctions ont une nature.")
    incident = donnees.get("incident")
    if incident not in (None, "") and (type_ not in TYPES_FAMILLES or not isinstance(incident, str)):
        raise IncidentInvalide("Seule une punition ou une sanction fait suite à un incident (son identifiant).")
    return {"type": type_, "eleves": eleves, "quand": quand, "lieu": lieu, "description": description,
            "nature": nature or None, "incident": incident or None}


def lire_quand(valeur) -> str:
    """"AAAA-MM-JJTHH:MM" → the same, normalised."""
    try:
        return datetime.fromisoformat(valeur).isoformat(timespec="minutes")
    except (TypeError, ValueError):
        raise IncidentInvalide("Date et heure attendues au format AAAA-MM-JJTHH:MM.") from None


def _texte(valeur, nom, taille) -> str:
    if valeur is None:
        return ""
    if not isinstance(valeur, str):
        raise IncidentInvalide(f"{nom} doit être un texte.")
    if len(valeur) > taille:
        raise IncidentInvalide(f"{nom} fait au plus {taille} caractères.")
    return valeur.strip()


def changer_statut(profil: Profil, evenement: dict, nouveau) -> str:
    """The new status, when this reader may move this event there."""
    type_, actuel = evenement["type"], evenement["statut"]
    if type_ == "sanction":
        permis = profil.direction
    elif type_ == "incident":
        permis = profil.vie_scolaire
    else:  # infirmerie, punition: the vie scolaire or whoever wrote it
        permis = profil.vie_scolaire or (profil.ident is not None and profil.ident == evenement["auteur"])
    if not permis:
        raise IncidentRefuse("Vous ne pouvez pas changer le statut de cet événement.")
    possibles = TRANSITIONS[type_].get(actuel, ())
    if nouveau not in possibles:
        attendu = f" Statut attendu : {', '.join(possibles)}." if possibles else ""
        raise IncidentInvalide(f"Passage de « {actuel} » à « {nouveau} » impossible.{attendu}")
    return nouveau


def vue(profil: Profil, evenement: dict) -> str | None:
    """"complete", "famille" (one child's punition or sanction) or None (not shown)."""
    if profil.admin or profil.vie_scolaire:
        return "complete"
    if profil.personnel and profil.ident == evenement["auteur"]:
        return "complete"
    if evenement["type"] in TYPES_FAMILLES:
        concernes = set(evenement["eleves"])
        if profil.ident in concernes or profil.enfants & concernes:
            return "famille"
    return None


def filtrer(evenements, eleve=None, type_=None, du=None, au=None):
    """Events that match the filters (dates are compared on the day, bounds included)."""
    for e in evenements:
        if eleve is not None and eleve not in e["eleves"]:
            continue
        if type_ is not None and e["type"] != type_:
            continue
        jour = e["quand"][:10]
        if (du is not None and jour < du) or (au is not None and jour > au):
            continue
        yield e
