"""Statistics per class and month: expected half-days and lateness from the half-day module, sums, rates, CSV."""

import csv
import io
from datetime import date

import pytest
from hypothesis import given, settings

from cartable.regles.decompte import DecompteInvalide, complements_par_mois, decompter
from cartable.regles.statistiques import (
    PeriodeInvalide,
    cellule,
    en_csv,
    mois_de,
    par_classe_et_mois,
    statistiques_csv,
    taux,
)
from tests.unit.regles.test_decompte_proprietes import student_weeks

MOTIFS = {"MAL": {"recevable": True, "present": False}, "PER": {"recevable": False, "present": False}}


def cours(ident, day, start="08:00", end="09:00", **flags):
    return {"id": ident, "date": day, "start": start, "end": end, **flags}


def entree(courses, events, boundary="12:30"):
    return {"settings": {"boundary": boundary}, "motives": MOTIFS, "courses": courses, "events": events}


def test_expected_half_days_per_month():
    courses = [
        cours("a", "2026-11-30"), cours("b", "2026-11-30", "10:00", "11:00"),  # one morning
        cours("c", "2026-11-30", "12:30", "13:30"),  # at the boundary: afternoon
        cours("d", "2026-12-01", "12:29", "13:29"),  # a minute before: morning of the next month
        cours("e", "2026-12-01", "14:00", "15:00", cancelled=True),  # cancelled: no afternoon
        cours("f", "2026-12-02", exempt=True),  # exempted: no half-day
        cours("g", "2026-12-05"),  # a Saturday: never
    ]
    result = complements_par_mois(entree(courses, []))
    assert {m: c["demi_journees_attendues"] for m, c in result.items()} == {"2026-11": 2, "2026-12": 1}


def test_boundary_is_the_establishments():
    courses = [cours("a", "2026-11-30", "12:00", "13:00"), cours("b", "2026-11-30", "12:45", "13:45")]
    assert complements_par_mois(entree(courses, [], boundary="12:30"))["2026-11"]["demi_journees_attendues"] == 2
    assert complements_par_mois(entree(courses, [], boundary="13:00"))["2026-11"]["demi_journees_attendues"] == 1


def test_lateness_minutes_on_expected_courses_only():
    courses = [cours("a", "2026-11-30"), cours("b", "2026-12-01"), cours("c", "2026-12-01", "10:00", "11:00", cancelled=True)]
    events = [{"course": "a", "type": "retard", "minutes": 7}, {"course": "b", "type": "depart"},
              {"course": "b", "type": "retard", "minutes": 12}, {"course": "c", "type": "retard", "minutes": 30}]
    result = complements_par_mois(entree(courses, events))
    assert (result["2026-11"]["retards"], result["2026-11"]["minutes_retard"]) == (1, 7)
    assert (result["2026-12"]["retards"], result["2026-12"]["minutes_retard"]) == (1, 12)


def test_invalid_input_is_refused_the_same_way():
    with pytest.raises(DecompteInvalide, match="minutes"):
        complements_par_mois(entree([cours("a", "2026-11-30")], [{"course": "a", "type": "retard", "minutes": -1}]))


@settings(max_examples=300, deadline=None)
@given(student_weeks())
def test_complements_agree_with_decompter(e):
    """Same retards as decompter; never fewer expected half-days than counted ones, month by month."""
    compte, complements = decompter(e), complements_par_mois(e)
    assert sum(c["retards"] for c in complements.values()) == compte["retards"]
    for mois, c in compte["par_mois"].items():
        assert c["justifiees"] + c["non_justifiees"] <= complements[mois]["demi_journees_attendues"]


def test_months_of_a_period():
    assert mois_de(date(2026, 11, 16), date(2027, 1, 3)) == ["2026-11", "2026-12", "2027-01"]
    assert mois_de(date(2026, 11, 16), date(2026, 11, 16)) == ["2026-11"]
    with pytest.raises(PeriodeInvalide, match="précède"):
        mois_de(date(2026, 11, 16), date(2026, 11, 15))


def test_rate():
    assert taux(0, 0) is None  # nothing expected: no rate, never 0 %
    assert taux(0, 40) == 0.0
    assert taux(3, 40) == 7.5
    assert taux(1, 3) == 33.3
    assert taux(2, 3) == 66.7
    assert taux(1, 8) == 12.5  # 12.5 exactly
    assert taux(1, 16) == 6.3  # 6.25 → rounded half up


def test_sums_per_class_and_month():
    def eleve(classe, par_mois, complements):
        return {"classe": classe, "decompte": {"par_mois": par_mois}, "complements": complements}

    eleves = [
        eleve("3A", {"2026-11": {"justifiees": 1, "non_justifiees": 2}},
              {"2026-11": {"demi_journees_attendues": 20, "retards": 1, "minutes_retard": 5},
               "2026-12": {"demi_journees_attendues": 10, "retards": 0, "minutes_retard": 0}}),
        eleve("3A", {"2026-12": {"justifiees": 0.5, "non_justifiees": 0}},
              {"2026-11": {"demi_journees_attendues": 20, "retards": 2, "minutes_retard": 25},
               "2026-12": {"demi_journees_attendues": 10, "retards": 0, "minutes_retard": 0}}),
        eleve("3B", {}, {}),  # no course at all in the period
    ]
    lignes = par_classe_et_mois(eleves, ["2026-11", "2026-12"])
    assert [(l["classe"], l["mois"]) for l in lignes] == [("3A", "2026-11"), ("3A", "2026-12"), ("3B", "2026-11"), ("3B", "2026-12")]
    nov, dec, b, _ = lignes
    assert nov == {"classe": "3A", "mois": "2026-11", "eleves": 2, "demi_journees_attendues": 40, "justifiees": 1, "non_justifiees": 2,
                   "total": 3, "taux": 7.5, "retards": 3, "minutes_retard": 30}
    assert (dec["total"], dec["justifiees"], dec["taux"]) == (0.5, 0.5, 2.5)
    assert (b["eleves"], b["total"], b["taux"]) == (1, 0, None)


def test_cells_neutralise_formulas_and_use_a_decimal_comma():
    assert cellule("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert [cellule(t) for t in ("+33", "-2", "@SUM(A1)", "\tx", "Dupont")] == ["'+33", "'-2", "'@SUM(A1)", "'\tx", "Dupont"]
    assert (cellule(7.5), cellule(3), cellule(None), cellule(True), cellule(False)) == ("7,5", "3", "", "oui", "non")


def test_csv_for_french_excel():
    texte = en_csv(["Élève", "Motif"], [["Zoé D'Aubigné", "=1+1"], ["Léa; Martin", "a\"b"]])
    assert texte.startswith("\ufeff") and "\r\n" in texte
    lignes = list(csv.reader(io.StringIO(texte.lstrip("\ufeff")), delimiter=";"))
    assert lignes == [["Élève", "Motif"], ["Zoé D'Aubigné", "'=1+1"], ["Léa; Martin", "a\"b"]]


def test_statistics_csv_has_every_column():
    ligne = {"classe": "3A", "mois": "2026-11", "eleves": 2, "demi_journees_attendues": 40, "justifiees": 1, "non_justifiees": 2,
             "total": 3, "taux": 7.5, "retards": 3, "minutes_retard": 30}
    entetes, valeurs = list(csv.reader(io.StringIO(statistiques_csv([ligne]).lstrip("\ufeff")), delimiter=";"))
    assert entetes[0] == "Classe" and entetes[7] == "Taux d'absence (%)"
    assert valeurs == ["3A", "2026-11", "2", "40", "1", "2", "3", "7,5", "3", "30"]
