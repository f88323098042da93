"""Vie-scolaire statistics per class and month, and their CSV for French spreadsheets.

Pure module (standard library only). The figures of each student come from
the half-day rule (``decompte.decompter`` and ``decompte.complements_par_mois``
on the same input); this module only adds them up per class and month.

Absence rate of a class in a month = counted half-days of its students /
expected half-days of its students (half-days with at least one expected
course, rule 1 of the count). No expected half-day: no rate (never 0 %).
"""

import csv
import io
from datetime import date
from fractions import Fraction

COLONNES = (
    ("classe", "Classe"),
    ("mois", "Mois"),
    ("eleves", "Élèves"),
    ("demi_journees_attendues", "Demi-journées attendues"),
    ("justifiees", "Demi-journées justifiées"),
    ("non_justifiees", "Demi-journées non justifiées"),
    ("total", "Demi-journées d'absence"),
    ("taux", "Taux d'absence (%)"),
    ("retards", "Retards"),
    ("minutes_retard", "Minutes de retard"),
)
DANGEREUX = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet runs a cell starting with these as a formula


class PeriodeInvalide(ValueError):
    """A period the statistics refuse; the message is French."""


def mois_de(du: date, au: date) -> list[str]:
    """The months (``YYYY-MM``) from ``du`` to ``au`` inclusive."""
    if au < du:
        raise PeriodeInvalide("La fin de la période précède son début.")
    mois, annee, numero = [], du.year, du.month
    while (annee, numero) <= (au.year, au.month):
        mois.append(f"{annee:04d}-{numero:02d}")
        annee, numero = (annee + 1, 1) if numero == 12 else (annee, numero + 1)
    return mois


def _fraction(valeur) -> Fraction:
    return Fraction(valeur).limit_denominator(2)  # half-days are whole or end in .5


def _nombre(valeur: Fraction):
    return int(valeur) if valeur.denominator == 1 else float(valeur)


def taux(absentes, attendues):
    """Percentage rounded half up to one decimal, or None without an expected half-day."""
    if not attendues:
        return None
    dixiemes = Fraction(absentes) * 1000 / attendues
    arrondi = (dixiemes * 2 + 1) // 2
    return float(Fraction(arrondi, 10))


def par_classe_et_mois(eleves, mois: list[str]) -> list[dict]:
    """One row per (class, month), classes sorted, months in order.

    ``eleves``: ``[{"classe": code, "decompte": decompter's output, "complements": complements_par_mois's output}]``.
    """
    sommes = {}
    effectifs = {}
    for eleve in eleves:
        classe = eleve["classe"]
        effectifs[classe] = effectifs.get(classe, 0) + 1
        for m in mois:
            somme = sommes.setdefault((classe, m), {"demi_journees_attendues": 0, "justifiees": Fraction(0),
                                                    "non_justifiees": Fraction(0), "retards": 0, "minutes_retard": 0})
            compte = eleve["decompte"]["par_mois"].get(m, {})
            somme["justifiees"] += _fraction(compte.get("justifiees", 0))
            somme["non_justifiees"] += _fraction(compte.get("non_justifiees", 0))
            complement = eleve["complements"].get(m, {})
            for cle in ("demi_journees_attendues", "retards", "minutes_retard"):
                somme[cle] += complement.get(cle, 0)
    lignes = []
    for (classe, m), s in sorted(sommes.items()):
        total = s["justifiees"] + s["non_justifiees"]
        lignes.append({
            "classe": classe, "mois": m, "eleves": effectifs[classe],
            "demi_journees_attendues": s["demi_journees_attendues"],
            "justifiees": _nombre(s["justifiees"]), "non_justifiees": _nombre(s["non_justifiees"]), "total": _nombre(total),
            "taux": taux(total, s["demi_journees_attendues"]),
            "retards": s["retards"], "minutes_retard": s["minutes_retard"],
        })
    return lignes


# -- CSV for French spreadsheets -------------------------------------------------


def cellule(valeur) -> str:
    """A cell's text: decimal comma, empty for None, formulas neutralised with a leading apostrophe."""
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, (int, float)):  # our own figures: never a formula
        return f"{valeur:.10g}".replace(".", ",")
    texte = str(valeur)
    if texte.startswith(DANGEREUX):
        return "'" + texte
    return texte


def en_csv(entetes, lignes) -> str:
    """``;``-separated text with a BOM (French Excel reads it as UTF-8)."""
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow([cellule(e) for e in entetes])
    for ligne in lignes:
        ecrivain.writerow([cellule(v) for v in ligne])
    return "\ufeff" + sortie.getvalue()


def statistiques_csv(lignes: list[dict]) -> str:
    return en_csv([titre for _, titre in COLONNES], ([ligne[cle] for cle, _ in COLONNES] for ligne in lignes))
