"""A Devoir sits in the cahier entry of the session where it was given (regles.cahier_de_textes.seance_du_devoir)."""

from datetime import date, datetime

from cartable.regles.cahier_de_textes import seance_du_devoir

JEUDI = date(2026, 12, 3)
SEANCES = [
    ("2026-12-03@fr-1", JEUDI, "08:00", "09:00"),
    ("2026-12-03@fr-2", JEUDI, "14:00", "15:00"),
    ("2026-12-04@fr-3", date(2026, 12, 4), "10:00", "11:00"),
]


def test_the_session_whose_hours_hold_the_opening():
    assert seance_du_devoir(datetime(2026, 12, 3, 8, 0), SEANCES) == "2026-12-03@fr-1"
    assert seance_du_devoir(datetime(2026, 12, 3, 14, 30), SEANCES) == "2026-12-03@fr-2"
    assert seance_du_devoir(datetime(2026, 12, 4, 10, 59), SEANCES) == "2026-12-04@fr-3"


def test_between_sessions_the_latest_begun_before_the_first_the_first():
    assert seance_du_devoir(datetime(2026, 12, 3, 9, 0), SEANCES) == "2026-12-03@fr-1"  # its end is not in it
    assert seance_du_devoir(datetime(2026, 12, 3, 18, 0), SEANCES) == "2026-12-03@fr-2"
    assert seance_du_devoir(datetime(2026, 12, 3, 7, 0), SEANCES) == "2026-12-03@fr-1"


def test_another_day_or_no_session_nothing():
    assert seance_du_devoir(datetime(2026, 12, 5, 8, 0), SEANCES) is None
    assert seance_du_devoir(datetime(2026, 12, 3, 8, 0), []) is None


def test_hours_unknown_the_days_first_session():
    hors = [("2026-12-03@hors-edt-2", JEUDI, None, None), ("2026-12-03@hors-edt-1", JEUDI, None, None)]
    assert seance_du_devoir(datetime(2026, 12, 3, 16, 0), hors) == "2026-12-03@hors-edt-1"
