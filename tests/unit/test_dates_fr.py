from datetime import date, datetime, time

import pytest

from cartable.regles.dates_fr import date_fr, heure_fr, jour_relatif, moment_fr, periode_fr, semaine_de


@pytest.mark.parametrize("jour, attendu", [
    (date(2026, 12, 3), "jeudi 3 décembre"),
    (date(2026, 12, 1), "mardi 1er décembre"),
    (date(2032, 2, 29), "dimanche 29 février"),
    (date(2027, 8, 15), "dimanche 15 août"),
])
def test_date_in_words(jour, attendu):
    assert date_fr(jour) == attendu


def test_the_year_is_said_only_when_it_is_not_this_year():
    assert date_fr(date(2027, 1, 4), annee=2026) == "lundi 4 janvier 2027"
    assert date_fr(date(2026, 12, 3), annee=2026) == "jeudi 3 décembre"


@pytest.mark.parametrize("moment, attendu", [(time(8, 0), "8 h"), (time(8, 30), "8 h 30"), (time(14, 5), "14 h 05")])
def test_hours(moment, attendu):
    assert heure_fr(moment) == attendu


def test_relative_days():
    jeudi = date(2026, 12, 3)
    assert jour_relatif(jeudi, jeudi) == "aujourd'hui"
    assert jour_relatif(date(2026, 12, 4), jeudi) == "demain"
    assert jour_relatif(date(2026, 12, 2), jeudi) == "hier"
    assert jour_relatif(date(2026, 12, 7), jeudi) == "lundi 7 décembre"
    assert jour_relatif(date(2027, 1, 4), jeudi) == "lundi 4 janvier 2027"
    assert moment_fr(datetime(2026, 12, 3, 8, 30), jeudi) == "aujourd'hui à 8 h 30"
    assert moment_fr(datetime(2026, 12, 3, 8, 30)) == "jeudi 3 décembre à 8 h 30"


def test_periods():
    assert periode_fr(date(2026, 12, 3), date(2026, 12, 3)) == "le jeudi 3 décembre"
    assert periode_fr(date(2026, 12, 3), date(2026, 12, 4)) == "du jeudi 3 au vendredi 4 décembre"
    assert periode_fr(date(2026, 11, 30), date(2026, 12, 1)) == "du lundi 30 novembre au mardi 1er décembre"
    assert periode_fr(date(2026, 12, 1), date(2026, 12, 2)) == "du mardi 1er au mercredi 2 décembre"


def test_week():
    assert semaine_de(date(2026, 12, 3)) == (date(2026, 11, 30), date(2026, 12, 6))


def test_heure_fr_reads_the_timetable_s_hh_mm():
    assert [heure_fr(h) for h in ("08:00", "08:30", "14:05", "00:00")] == ["8 h", "8 h 30", "14 h 05", "0 h"]
