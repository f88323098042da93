"""Le socle commun de connaissances, de compétences et de culture, as the LSU knows it.

Pure module (standard library only). The 5 domains and the 8 components
(*composantes*) of the socle, with the codes of the official LSU schema
(../shared/formats/lsun/import-complet-strict.xsd, simple type
``CodeDomaineSocle``), and the levels a student is positioned at:

- on a skill (*item*) in an evaluation: the 4 levels of mastery, or
  « absent », « non évalué », « dispensé » (these three never count in a
  computation);
- on a subject for a period (LSU ``PositionnementAcquis``: 1 to 4);
- on a component at the end of a cycle (LSU ``PositionnementSocle``: 0 to 4,
  0 meaning « dispensé »).

A level is always shown with its word and its short letter code, never by
its colour alone (RGAA): ``libelle`` and ``lettres`` are what the pages
print, ``couleur`` only reinforces them.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Domaine:
    numero: int
    libelle: str


@dataclass(frozen=True)
class Composante:
    code: str  # LSU code (CodeDomaineSocle)
    domaine: int
    libelle: str


DOMAINES = (
    Domaine(1, "Les langages pour penser et communiquer"),
    Domaine(2, "Les méthodes et outils pour apprendre"),
    Domaine(3, "La formation de la personne et du citoyen"),
    Domaine(4, "Les systèmes naturels et les systèmes techniques"),
    Domaine(5, "Les représentations du monde et l'activité humaine"),
)

# In the LSU's order (the schema's enumeration, the bilan de fin de cycle's order).
COMPOSANTES = (
    Composante("CPD_FRA", 1, "Comprendre, s'exprimer en utilisant la langue française à l'oral et à l'écrit"),
    Composante("CPD_ETR", 1, "Comprendre, s'exprimer en utilisant une langue étrangère et, le cas échéant, une langue régionale"),
    Composante("CPD_SCI", 1, "Comprendre, s'exprimer en utilisant les langages mathématiques, scientifiques et informatiques"),
    Composante("CPD_ART", 1, "Comprendre, s'exprimer en utilisant les langages des arts et du corps"),
    Composante("MET_APP", 2, "Les méthodes et outils pour apprendre"),
    Composante("FRM_CIT", 3, "La formation de la personne et du citoyen"),
    Composante("SYS_NAT", 4, "Les systèmes naturels et les systèmes techniques"),
    Composante("REP_MND", 5, "Les représentations du monde et l'activité humaine"),
)
CODES_COMPOSANTES = tuple(c.code for c in COMPOSANTES)
PAR_CODE = {c.code: c for c in COMPOSANTES}

# Cycles of the collège in the LSU (simple type ``Cycle``): 3 ends in sixième, 4 in troisième.
CYCLES = (3, 4)
NIVEAU_FIN_DE_CYCLE = {3: "6", 4: "3"}  # the class level (sixième, troisième) that ends each cycle


@dataclass(frozen=True)
class Niveau:
    code: str  # stored value
    valeur: int | None  # the number that counts, None: never counted
    libelle: str
    lettres: str  # printed beside the colour, never colour alone
    couleur: str


# Levels of a position on a skill. ``valeur`` 1–4 are the LSU's levels of mastery.
NIVEAUX = (
    Niveau("1", 1, "Maîtrise insuffisante", "MI", "#c0392b"),
    Niveau("2", 2, "Maîtrise fragile", "MF", "#e67e22"),
    Niveau("3", 3, "Maîtrise satisfaisante", "MS", "#7cb342"),
    Niveau("4", 4, "Très bonne maîtrise", "TB", "#2e7d32"),
    Niveau("ABS", None, "Absent", "Abs", "#9e9e9e"),
    Niveau("NE", None, "Non évalué", "NE", "#bdbdbd"),
    Niveau("DISP", None, "Dispensé", "Disp", "#90a4ae"),
)
NIVEAUX_PAR_CODE = {n.code: n for n in NIVEAUX}
CODES_NIVEAUX = tuple(n.code for n in NIVEAUX)
NIVEAUX_MAITRISE = (1, 2, 3, 4)
DISPENSE_SOCLE = 0  # LSU PositionnementSocle: 0 = dispensé


class NiveauInvalide(ValueError):
    """A level that is not one of ``CODES_NIVEAUX``; the message is French."""


def lire_niveau(saisie) -> str:
    """The stored code of a typed level: "1".."4", "ABS", "NE", "DISP".

    Accepts what a keyboard grid sends: digits 1–4, the letter codes (MI, MF,
    MS, TB, Abs, NE, Disp, A, D) in any case, surrounding spaces. Raises
    ``NiveauInvalide`` with a French message otherwise.
    """
    if isinstance(saisie, bool):
        raise NiveauInvalide("Niveau invalide")
    if isinstance(saisie, int):
        saisie = str(saisie)
    if not isinstance(saisie, str):
        raise NiveauInvalide("Niveau invalide (1 à 4, ABS, NE ou DISP attendu)")
    texte = saisie.strip().upper()
    synonymes = {"MI": "1", "MF": "2", "MS": "3", "TB": "4", "TBM": "4", "A": "ABS", "ABSENT": "ABS",
                 "D": "DISP", "DISPENSE": "DISP", "DISPENSÉ": "DISP", "N": "NE", "NON ÉVALUÉ": "NE"}
    texte = synonymes.get(texte, texte)
    if texte not in NIVEAUX_PAR_CODE:
        raise NiveauInvalide(f"Niveau « {saisie.strip()} » inconnu : 1 à 4 (ou MI, MF, MS, TB), ABS, NE ou DISP attendu")
    return texte


def valeur(code: str) -> int | None:
    """The number a stored level counts for (1–4), None for absent, non évalué, dispensé."""
    return NIVEAUX_PAR_CODE[code].valeur


def libelle_niveau(code) -> str:
    """« Maîtrise satisfaisante (MS) » for a stored level or an LSU level 0–4."""
    if isinstance(code, int) and not isinstance(code, bool):
        if code == DISPENSE_SOCLE:
            return "Dispensé (Disp)"
        code = str(code)
    niveau = NIVEAUX_PAR_CODE[code]
    return f"{niveau.libelle} ({niveau.lettres})"


def composante(code: str) -> Composante:
    """The component of an LSU code; KeyError for an unknown code."""
    return PAR_CODE[code]


def positionnement_socle_valide(valeur) -> bool:
    """True for what the LSU accepts in a bilan de fin de cycle: 0 (dispensé) to 4."""
    return isinstance(valeur, int) and not isinstance(valeur, bool) and 0 <= valeur <= 4


# MEF codes (BCN) of the collège's general classes start with the level: 100 sixième, 101 cinquième,
# 102 quatrième, 103 troisième. Cycle 3 ends in sixième, cycle 4 runs from cinquième to troisième.
_CYCLE_PAR_MEF = {"100": (3, True), "101": (4, False), "102": (4, False), "103": (4, True)}


def cycle_du_mef(mef) -> tuple[int, bool] | None:
    """(cycle, True when this level ends it) for a collège MEF code; None for any other level."""
    if not isinstance(mef, str) or len(mef) < 3:
        return None
    return _CYCLE_PAR_MEF.get(mef[:3])
