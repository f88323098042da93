"""Positionnements computed from the positions on skills (issue 17).

Pure module (standard library only), exact arithmetic (fractions).

The rules, as the teacher, the council and the families read them:

1. **Period positionnement of a subject** (LSU ``positionnement`` of an
   ``acquis``, 1 to 4): the mean of the levels (1 to 4) of every position of
   the student on the subject's skills during the period, each position
   counting once, rounded half up (a mean of exactly 2.5 gives 3, 2.49… gives
   2). « Absent », « non évalué » and « dispensé » are never counted. No
   counted position: no positionnement (None). The teacher may override it
   with a level 1–4: the override is what the LSU gets, and the computed
   value stays beside it (``Positionnement.calcule``) so that both are shown.

2. **Proposed end-of-cycle level of a socle component** (LSU
   ``PositionnementSocle``, 0 to 4): the mean of the levels of every position
   of the cycle on the skills linked to the component (a skill linked to two
   components counts for both), rounded half up. No counted position but at
   least one « dispensé »: 0 (dispensé). Nothing at all: None (no proposal).
   The proposal is only a proposal: the class council decides each level
   (``niveaux_fin_de_cycle``), and the LSU gets the council's decision.

3. **Éléments du programme travaillés** of a period and subject: the
   labels of the skills evaluated in the period, in the order first
   evaluated, each once; the teacher's edited list replaces it when given.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from cartable.regles.socle import CODES_COMPOSANTES, DISPENSE_SOCLE, NIVEAUX_PAR_CODE, NiveauInvalide


@dataclass(frozen=True)
class Positionnement:
    calcule: int | None  # from the positions, None: nothing counted
    retenu: int | None  # what the LSU gets: the override if any, else ``calcule``
    force: bool  # True when the teacher's override is retained
    comptees: int  # how many positions were counted
    moyenne: Fraction | None  # the exact mean, for display ("2,50")


def arrondi_niveau(moyenne: Fraction) -> int:
    """Half up to a whole level, for a mean ≥ 0 (2.5 → 3, 2.4999 → 2)."""
    moyenne = Fraction(moyenne)
    if moyenne < 0:
        raise ValueError("moyenne négative")
    return int((moyenne + Fraction(1, 2)) // 1)


def _valeur(position) -> int | None:
    """1–4 for a level of mastery, None for absent/non évalué/dispensé; NiveauInvalide otherwise."""
    if isinstance(position, int) and not isinstance(position, bool) and 1 <= position <= 4:
        return position
    if isinstance(position, str) and position in NIVEAUX_PAR_CODE:
        return NIVEAUX_PAR_CODE[position].valeur
    raise NiveauInvalide(f"Niveau « {position} » inconnu")


def moyenne_niveaux(positions: Iterable) -> tuple[Fraction | None, int]:
    """Exact mean of the counted levels, and how many were counted."""
    valeurs = [v for v in (_valeur(p) for p in positions) if v is not None]
    if not valeurs:
        return None, 0
    return Fraction(sum(valeurs), len(valeurs)), len(valeurs)


def positionnement_periode(positions: Iterable, force=None) -> Positionnement:
    """Rule 1: the period's positionnement of one student in one subject."""
    moyenne, comptees = moyenne_niveaux(positions)
    calcule = None if moyenne is None else arrondi_niveau(moyenne)
    if force is not None:
        if isinstance(force, bool) or not isinstance(force, int) or not 1 <= force <= 4:
            raise NiveauInvalide(f"Positionnement « {force} » invalide (1 à 4 attendu)")
        return Positionnement(calcule, force, True, comptees, moyenne)
    return Positionnement(calcule, calcule, False, comptees, moyenne)


def proposition_fin_de_cycle(positions: Iterable) -> dict:
    """Rule 2: ``{component code: 0–4 or None}`` for all 8 components.

    ``positions``: ``(component codes of the skill, level)`` pairs, one per
    position of the cycle.
    """
    valeurs = {code: [] for code in CODES_COMPOSANTES}
    dispenses = set()
    for composantes, position in positions:
        v = _valeur(position)
        for code in composantes:
            if code not in valeurs:
                raise ValueError(f"Composante du socle « {code} » inconnue")
            if v is not None:
                valeurs[code].append(v)
            elif position == "DISP":
                dispenses.add(code)
    proposition = {}
    for code, liste in valeurs.items():
        if liste:
            proposition[code] = arrondi_niveau(Fraction(sum(liste), len(liste)))
        elif code in dispenses:
            proposition[code] = DISPENSE_SOCLE
        else:
            proposition[code] = None
    return proposition


def niveaux_fin_de_cycle(proposition: dict, decisions: dict) -> dict:
    """``{code: {"propose", "decide", "retenu"}}``: the council's decision wins; without one, nothing is retained."""
    resultat = {}
    for code in CODES_COMPOSANTES:
        decide = (decisions or {}).get(code)
        if decide is not None and (isinstance(decide, bool) or not isinstance(decide, int) or not 0 <= decide <= 4):
            raise NiveauInvalide(f"Niveau de fin de cycle « {decide} » invalide (0 à 4 attendu)")
        resultat[code] = {"propose": proposition.get(code), "decide": decide, "retenu": decide}
    return resultat


def elements_travailles(libelles_evalues: Iterable[str], edites=None) -> list[str]:
    """Rule 3: the labels of the evaluated skills, in order, each once; the edited list when given."""
    source = libelles_evalues if edites is None else edites
    vus = []
    for libelle in source:
        texte = " ".join((libelle or "").split())
        if texte and texte not in vus:
            vus.append(texte)
    return vus
