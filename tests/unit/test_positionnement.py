"""regles.positionnement: the period's positionnement and the end-of-cycle proposal, on both sides of each rounding boundary."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cartable.regles.positionnement import (
    arrondi_niveau,
    elements_travailles,
    niveaux_fin_de_cycle,
    positionnement_periode,
    proposition_fin_de_cycle,
)
from cartable.regles.socle import CODES_COMPOSANTES, NiveauInvalide

EPS = Fraction(1, 10**9)


@pytest.mark.parametrize("frontiere", [Fraction(3, 2), Fraction(5, 2), Fraction(7, 2)])
def test_rounding_half_up_on_both_sides_of_each_boundary(frontiere):
    assert arrondi_niveau(frontiere) == frontiere + Fraction(1, 2)
    assert arrondi_niveau(frontiere - EPS) == frontiere - Fraction(1, 2)
    assert arrondi_niveau(frontiere + EPS) == frontiere + Fraction(1, 2)


def test_period_positionnement_boundaries_with_real_positions():
    assert positionnement_periode(["2", "3"]).calcule == 3  # 2.5 → 3
    assert positionnement_periode(["1", "2"]).calcule == 2  # 1.5 → 2
    assert positionnement_periode(["3", "4"]).calcule == 4  # 3.5 → 4
    assert positionnement_periode(["2", "2", "3", "3", "3", "2", "2"]).calcule == 2  # 17/7 ≈ 2.43 → 2
    assert positionnement_periode(["2"] * 50 + ["3"] * 49).calcule == 2  # 2.4949… → 2
    assert positionnement_periode(["2"] * 49 + ["3"] * 50).calcule == 3  # 2.5050… → 3
    assert positionnement_periode(["1", "1", "2"]).calcule == 1  # 1.33 → 1


def test_absent_not_evaluated_and_exempt_never_count():
    p = positionnement_periode(["4", "ABS", "NE", "DISP", "1", 4])
    assert (p.calcule, p.comptees, p.moyenne) == (3, 3, Fraction(3))
    vide = positionnement_periode(["ABS", "NE", "DISP"])
    assert (vide.calcule, vide.retenu, vide.comptees, vide.moyenne) == (None, None, 0, None)
    assert positionnement_periode([]).retenu is None


def test_the_override_is_retained_and_the_computed_value_kept_visible():
    p = positionnement_periode(["1", "2"], force=4)
    assert (p.calcule, p.retenu, p.force) == (2, 4, True)
    assert positionnement_periode([], force=1).retenu == 1
    for mauvais in (0, 5, "3", True):
        with pytest.raises(NiveauInvalide):
            positionnement_periode(["2"], force=mauvais)
    with pytest.raises(NiveauInvalide):
        positionnement_periode(["7"])


def test_end_of_cycle_proposal_per_component():
    positions = [
        (("CPD_FRA",), "3"), (("CPD_FRA", "MET_APP"), "2"),  # CPD_FRA 2.5 → 3, MET_APP 2
        (("SYS_NAT",), "DISP"), (("SYS_NAT",), "ABS"),  # only exempt (and absent): 0
        (("REP_MND",), "NE"),  # nothing counted, no exemption: no proposal
        (("CPD_SCI",), "1"), (("CPD_SCI",), "2"), (("CPD_SCI",), "DISP"),  # 1.5 → 2: an exemption beside levels is ignored
    ]
    proposition = proposition_fin_de_cycle(positions)
    assert list(proposition) == list(CODES_COMPOSANTES)
    assert proposition == {"CPD_FRA": 3, "CPD_ETR": None, "CPD_SCI": 2, "CPD_ART": None, "MET_APP": 2,
                           "FRM_CIT": None, "SYS_NAT": 0, "REP_MND": None}
    with pytest.raises(ValueError):
        proposition_fin_de_cycle([(("XXX",), "3")])


def test_the_council_decides_and_only_its_decision_is_retained():
    niveaux = niveaux_fin_de_cycle({"CPD_FRA": 3, "MET_APP": 2}, {"CPD_FRA": 4, "SYS_NAT": 0})
    assert niveaux["CPD_FRA"] == {"propose": 3, "decide": 4, "retenu": 4}
    assert niveaux["MET_APP"] == {"propose": 2, "decide": None, "retenu": None}
    assert niveaux["SYS_NAT"]["retenu"] == 0
    with pytest.raises(NiveauInvalide):
        niveaux_fin_de_cycle({}, {"CPD_FRA": 5})


def test_elements_travailles_in_order_each_once_or_as_edited():
    assert elements_travailles(["Résoudre  un problème", "Calculer", "Résoudre un problème", "", None]) == [
        "Résoudre un problème", "Calculer"]
    assert elements_travailles(["Calculer"], edites=["Les fractions", "Les fractions"]) == ["Les fractions"]
    assert elements_travailles(["Calculer"], edites=[]) == []


# Property: against an independent brute force (integer comparisons, no rounding function).

NIVEAU = st.sampled_from(["1", "2", "3", "4", "ABS", "NE", "DISP"])


def _brute(positions):
    comptes = [int(p) for p in positions if p in ("1", "2", "3", "4")]
    if not comptes:
        return None
    n, somme = len(comptes), sum(comptes)
    # the level r such that r - 1/2 ≤ mean < r + 1/2, i.e. (2r - 1)·n ≤ 2·somme < (2r + 1)·n
    (r,) = [r for r in range(1, 5) if (2 * r - 1) * n <= 2 * somme < (2 * r + 1) * n]
    return r


@settings(max_examples=300, deadline=None)
@given(st.lists(NIVEAU, max_size=40))
def test_period_positionnement_matches_a_brute_force(positions):
    p = positionnement_periode(positions)
    assert p.calcule == _brute(positions)
    assert p.retenu == p.calcule and not p.force


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sets(st.sampled_from(CODES_COMPOSANTES), min_size=1, max_size=3), NIVEAU), max_size=40))
def test_end_of_cycle_proposal_matches_a_brute_force(positions):
    proposition = proposition_fin_de_cycle([(tuple(sorted(c)), n) for c, n in positions])
    for code in CODES_COMPOSANTES:
        siennes = [n for c, n in positions if code in c]
        attendu = _brute(siennes)
        if attendu is None and "DISP" in siennes:
            attendu = 0
        assert proposition[code] == attendu
