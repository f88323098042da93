"""Averages for one student and one period (DESIGN.md "Grades").

Pure module (standard library only), exact arithmetic (fractions): rounding
happens once, when a number is written out (half up, 2 decimals). Contract:
../shared/contracts/moyennes.md (command ``cartable-moyennes``).

- Marks are normalised to /20. ABS, DISP and NN are never counted; NR counts
  0 unless the establishment says otherwise.
- Subject average = the best weighted mean (evaluation coefficients) of all
  counted compulsory entries plus any subset of the counted *facultative*
  ones (a facultative mark only counts if it raises the average); no counted
  entry: no average (never 0).
- General average = Σ(subject coefficient × subject average) / Σ subject
  coefficients, over subjects that have an average.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

CODES = ("ABS", "DISP", "NN", "NR")
_NOMBRE = re.compile(r"^\d+(?:[.,]\d+)?$")


class MoyennesInvalides(ValueError):
    """Input that breaks the contract; the message says where."""


@dataclass(frozen=True)
class Note:
    valeur: Fraction  # out of 20
    poids: Fraction
    facultative: bool


def _positif(objet, cle, defaut, ou) -> Fraction:
    valeur = objet.get(cle, defaut)
    # Fraction and Decimal: exact coefficients from the Zope side (JSON gives int and float)
    if isinstance(valeur, bool) or not isinstance(valeur, (int, float, Fraction, Decimal)) or valeur <= 0:
        raise MoyennesInvalides(f"{ou}.{cle} : nombre strictement positif attendu, pas {valeur!r}")
    return Fraction(valeur)


def lire_note(saisie, bareme: Fraction, ou) -> Fraction | str:
    """A typed entry: a Fraction on the evaluation's scale, or one of ABS/DISP/NN/NR."""
    if isinstance(saisie, str) and saisie.strip() in CODES:
        return saisie.strip()
    if isinstance(saisie, str) and _NOMBRE.match(saisie.strip()):
        valeur = Fraction(saisie.strip().replace(",", "."))
    elif isinstance(saisie, (int, float)) and not isinstance(saisie, bool):
        valeur = Fraction(saisie)
    else:
        raise MoyennesInvalides(f"{ou} : {saisie!r} n'est ni une note ni ABS, DISP, NN ou NR")
    if not 0 <= valeur <= bareme:
        raise MoyennesInvalides(f"{ou} : {saisie} hors du barème 0–{bareme}")
    return valeur


def meilleure_moyenne(notes: list[Note]) -> Fraction | None:
    """Best weighted mean of all compulsory marks plus any subset of facultative ones.

    The best subset is a prefix of the facultative marks sorted from the
    highest: a mark raises a mean exactly when it is above it.
    """
    obligatoires = [n for n in notes if not n.facultative]
    facultatives = sorted((n for n in notes if n.facultative), key=lambda n: n.valeur, reverse=True)
    somme = sum((n.valeur * n.poids for n in obligatoires), Fraction(0))
    poids = sum((n.poids for n in obligatoires), Fraction(0))
    meilleure = somme / poids if poids else None
    for note in facultatives:
        somme += note.valeur * note.poids
        poids += note.poids
        moyenne = somme / poids
        if meilleure is None or moyenne > meilleure:
            meilleure = moyenne
    return meilleure


def arrondi(valeur: Fraction | None):
    """Half up to 2 decimals, for writing out only."""
    if valeur is None:
        return None
    exact = Decimal(valeur.numerator) / Decimal(valeur.denominator)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def calculer(entree) -> dict:
    """Exact subject and general averages: ({subject: Fraction|None}, Fraction|None)."""
    if not isinstance(entree, dict):
        raise MoyennesInvalides("entrée : objet attendu")
    reglages = entree.get("settings", {})
    if not isinstance(reglages, dict):
        raise MoyennesInvalides("settings : objet attendu")
    nr_zero = reglages.get("nr_counts_zero", True)
    if not isinstance(nr_zero, bool):
        raise MoyennesInvalides("settings.nr_counts_zero : booléen attendu")
    matieres = entree.get("subjects", {})
    if not isinstance(matieres, dict):
        raise MoyennesInvalides("subjects : objet attendu")
    coefficients = {}
    for code, matiere in matieres.items():
        if not isinstance(matiere, dict):
            raise MoyennesInvalides(f"subjects.{code} : objet attendu")
        coefficients[code] = _positif(matiere, "coefficient", 1, f"subjects.{code}")
    evaluations = {}
    liste = entree.get("evaluations", [])
    if not isinstance(liste, list):
        raise MoyennesInvalides("evaluations : liste attendue")
    for rang, evaluation in enumerate(liste):
        ou = f"evaluations[{rang}]"
        if not isinstance(evaluation, dict):
            raise MoyennesInvalides(f"{ou} : objet attendu")
        ident = evaluation.get("id")
        if not isinstance(ident, str) or not ident or ident in evaluations:
            raise MoyennesInvalides(f"{ou}.id : identifiant absent ou en double ({ident!r})")
        if evaluation.get("subject") not in coefficients:
            raise MoyennesInvalides(f"{ou}.subject : matière inconnue {evaluation.get('subject')!r}")
        facultative = evaluation.get("facultative", False)
        if not isinstance(facultative, bool):
            raise MoyennesInvalides(f"{ou}.facultative : booléen attendu")
        evaluations[ident] = (
            evaluation["subject"],
            _positif(evaluation, "coefficient", 1, ou),
            _positif(evaluation, "scale", 20, ou),
            facultative,
        )
    saisies = entree.get("entries", {})
    if not isinstance(saisies, dict):
        raise MoyennesInvalides("entries : objet attendu")
    notes = {code: [] for code in coefficients}
    for ident, saisie in saisies.items():
        if ident not in evaluations:
            raise MoyennesInvalides(f"entries.{ident} : évaluation inconnue")
        matiere, poids, bareme, facultative = evaluations[ident]
        valeur = lire_note(saisie, bareme, f"entries.{ident}")
        if valeur == "NR" and nr_zero:
            valeur = Fraction(0)
        if isinstance(valeur, str):
            continue  # ABS, DISP, NN (and NR when it does not count): left out
        notes[matiere].append(Note(valeur * 20 / bareme, poids, facultative))
    par_matiere = {code: meilleure_moyenne(liste) for code, liste in notes.items()}
    comptees = [(coefficients[c], m) for c, m in par_matiere.items() if m is not None]
    generale = sum(c * m for c, m in comptees) / sum(c for c, _ in comptees) if comptees else None
    return par_matiere, generale


def moyennes(entree) -> dict:
    """The contract's output for the contract's input; MoyennesInvalides otherwise."""
    par_matiere, generale = calculer(entree)
    return {"subjects": {code: arrondi(m) for code, m in par_matiere.items()}, "general": arrondi(generale)}
