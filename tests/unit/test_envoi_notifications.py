from datetime import datetime, time

import pytest

from cartable.regles import envoi_notifications as envoi

SOIR, MATIN = time(20, 0), time(7, 0)


def test_modes_default_per_kind_and_follow_the_persons_choice():
    assert envoi.mode({}, "devoir") == "resume"
    assert envoi.mode(None, "absences") == "immediat"
    assert envoi.mode({"absences": "jamais"}, "absences") == "jamais"
    assert envoi.mode({"devoir": "n'importe quoi"}, "devoir") == "resume"
    assert envoi.dans_le_resume({"devoir": "immediat"}, "devoir") is False
    assert [p["genre"] for p in envoi.preferences_completes({})] == list(envoi.GENRES)


@pytest.mark.parametrize("donnees", [None, [], {}, {"inconnu": "resume"}, {"devoir": "souvent"}, "resume"])
def test_bad_preferences_are_refused_in_french(donnees):
    with pytest.raises(envoi.PreferenceInvalide) as refus:
        envoi.valider_preferences(donnees)
    assert refus.value.args[0][0].isupper()


def test_quiet_hours_cross_midnight():
    assert envoi.en_heures_calmes(datetime(2026, 12, 3, 22, 0), SOIR, MATIN)
    assert envoi.en_heures_calmes(datetime(2026, 12, 3, 6, 59), SOIR, MATIN)
    assert envoi.en_heures_calmes(datetime(2026, 12, 3, 20, 0), SOIR, MATIN)
    assert not envoi.en_heures_calmes(datetime(2026, 12, 3, 7, 0), SOIR, MATIN)
    assert not envoi.en_heures_calmes(datetime(2026, 12, 3, 18, 0), SOIR, MATIN)
    assert envoi.en_heures_calmes(datetime(2026, 12, 3, 13, 0), time(12, 0), time(14, 0))
    assert not envoi.en_heures_calmes(datetime(2026, 12, 3, 14, 0), time(12, 0), time(14, 0))


def test_an_email_due_in_quiet_hours_waits_for_their_end():
    assert envoi.prochain_envoi(datetime(2026, 12, 3, 22, 15), SOIR, MATIN) == datetime(2026, 12, 4, 7, 0)
    assert envoi.prochain_envoi(datetime(2026, 12, 4, 5, 0), SOIR, MATIN) == datetime(2026, 12, 4, 7, 0)
    assert envoi.prochain_envoi(datetime(2026, 12, 3, 18, 0), SOIR, MATIN) == datetime(2026, 12, 3, 18, 0)


@pytest.mark.parametrize("donnees", [{"debut": "25:00", "fin": "07:00"}, {"debut": "20:00"}, {"debut": "7:00", "fin": "07:00"},
                                     {"debut": None, "fin": "x"}, "20-7"])
def test_bad_quiet_hours_are_refused(donnees):
    with pytest.raises(envoi.PreferenceInvalide):
        envoi.valider_heures_calmes(donnees)
    assert envoi.valider_heures_calmes({"debut": "21:30", "fin": "06:45"}) == (time(21, 30), time(6, 45))
