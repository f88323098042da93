"""regles.periode_notes: the period a student's grades page opens on."""

from datetime import date

from cartable.regles.periode_notes import periode_a_ouvrir

PERIODES = [
    {"code": "T1", "du": date(2026, 9, 1)},
    {"code": "T3", "du": date(2027, 3, 6)},
    {"code": "T2", "du": date(2026, 12, 1)},
]


def test_the_latest_begun_period_with_a_published_mark():
    assert periode_a_ouvrir(PERIODES, {"T1"}, date(2026, 12, 3)) == "T1"  # T2 has begun, still empty
    assert periode_a_ouvrir(PERIODES, {"T1", "T2"}, date(2026, 12, 3)) == "T2"


def test_a_period_not_begun_is_never_opened_even_with_marks():
    assert periode_a_ouvrir(PERIODES, {"T3"}, date(2026, 12, 3)) == "T2"


def test_without_any_mark_the_latest_begun_then_the_first():
    assert periode_a_ouvrir(PERIODES, set(), date(2027, 8, 1)) == "T3"
    assert periode_a_ouvrir(PERIODES, set(), date(2026, 8, 1)) == "T1"
    assert periode_a_ouvrir([], set(), date(2026, 8, 1)) == ""
