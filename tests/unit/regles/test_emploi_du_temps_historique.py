"""Timetable history: slots with a validity, changes that end the old slot, moved occurrences on their new day."""

from dataclasses import replace
from datetime import date

from cartable.regles.emploi_du_temps import Calendrier, Creneau, Fermeture, Modification, date_effet, lire_cle, occurrence, occurrences, sans_periode, terminer

CAL = Calendrier(debut=date(2026, 9, 1), fin=date(2027, 7, 4), semaine_a=date(2026, 8, 31),
                 fermetures=(Fermeture(date(2026, 11, 11), date(2026, 11, 11), "Armistice"),))
MATHS = Creneau("3a-0-0800", 0, "08:00", "09:00", ("E", "3A"), "MATHS", ("p1",), "B12")
LUNDI = date(2026, 11, 16)


def dates(occ):
    return [(o.date.isoformat(), o.creneau) for o in occ]


def test_a_slot_without_dates_is_valid_all_year():
    assert MATHS.du is None and MATHS.au is None and MATHS.valide_le(date(2026, 9, 7)) and MATHS.valide_le(date(2027, 7, 1))


def test_a_slot_ended_at_a_date_has_occurrences_before_it_only():
    termine = terminer(MATHS, LUNDI)
    assert termine.au == date(2026, 11, 15)
    assert dates(occurrences([termine], CAL, {}, date(2026, 11, 2), date(2026, 11, 30))) == [
        ("2026-11-02", "3a-0-0800"), ("2026-11-09", "3a-0-0800")]
    assert occurrence(termine, CAL, date(2026, 11, 9)) is not None and occurrence(termine, CAL, LUNDI) is None


def test_a_slot_starting_at_a_date_has_occurrences_from_it_only():
    nouveau = replace(MATHS, du=LUNDI)
    assert dates(occurrences([nouveau], CAL, {}, date(2026, 11, 2), date(2026, 11, 23))) == [
        ("2026-11-16", "3a-0-0800"), ("2026-11-23", "3a-0-0800")]


def test_a_change_keeps_the_old_version_before_and_the_new_one_after():
    ancien, nouveau = terminer(MATHS, LUNDI), replace(MATHS, enseignants=("p2",), du=LUNDI)
    occ = occurrences([ancien, nouveau], CAL, {}, date(2026, 11, 9), date(2026, 11, 23))
    assert [(o.date.isoformat(), o.enseignants) for o in occ] == [
        ("2026-11-09", ("p1",)), ("2026-11-16", ("p2",)), ("2026-11-23", ("p2",))]


def test_ending_a_slot_that_starts_that_day_leaves_nothing():
    assert terminer(replace(MATHS, du=LUNDI), LUNDI) is None
    assert terminer(replace(MATHS, du=date(2026, 11, 2)), LUNDI).du == date(2026, 11, 2)
    assert terminer(replace(MATHS, au=date(2026, 11, 3)), LUNDI).au == date(2026, 11, 3)  # already ended earlier


def test_the_change_waits_for_the_registers_already_taken():
    assert date_effet(LUNDI) == LUNDI
    assert date_effet(LUNDI, [date(2026, 11, 9)]) == LUNDI  # past registers do not delay it
    assert date_effet(LUNDI, [LUNDI]) == date(2026, 11, 17)  # today's course was held: from tomorrow
    assert date_effet(LUNDI, [date(2026, 11, 30), None]) == date(2026, 12, 1)


def test_sans_periode_compares_the_course_only():
    assert sans_periode(replace(MATHS, du=LUNDI, au=date(2026, 12, 1))) == MATHS


def test_a_moved_occurrence_is_on_its_new_day_only():
    mods = {"2026-11-16@3a-0-0800": Modification(date=date(2026, 11, 18), debut="14:00", fin="15:00")}
    assert occurrences([MATHS], CAL, mods, LUNDI, LUNDI) == []
    (mercredi,) = occurrences([MATHS], CAL, mods, date(2026, 11, 18), date(2026, 11, 18))
    assert (mercredi.cle, mercredi.date, mercredi.debut) == ("2026-11-16@3a-0-0800", date(2026, 11, 18), "14:00")
    assert dates(occurrences([MATHS], CAL, mods, date(2026, 11, 16), date(2026, 11, 23))) == [
        ("2026-11-18", "3a-0-0800"), ("2026-11-23", "3a-0-0800")]


def test_moved_into_the_period_from_outside_it_and_out_of_it():
    avance = {"2026-11-23@3a-0-0800": Modification(date=date(2026, 11, 20))}  # from next Monday to this Friday
    assert dates(occurrences([MATHS], CAL, avance, date(2026, 11, 17), date(2026, 11, 21))) == [("2026-11-20", "3a-0-0800")]
    assert dates(occurrences([MATHS], CAL, avance, date(2026, 11, 23), date(2026, 11, 29))) == []
    recule = {"2026-11-09@3a-0-0800": Modification(date=date(2026, 11, 12))}
    assert dates(occurrences([MATHS], CAL, recule, date(2026, 11, 12), date(2026, 11, 12))) == [("2026-11-12", "3a-0-0800")]


def test_a_move_of_an_ended_slot_counts_only_on_a_day_it_was_valid():
    mods = {"2026-11-23@3a-0-0800": Modification(date=date(2026, 11, 20))}
    assert occurrences([terminer(MATHS, LUNDI)], CAL, mods, date(2026, 11, 20), date(2026, 11, 20)) == []


def test_a_course_moved_onto_a_closed_day_is_cancelled_there():
    mods = {"2026-11-09@3a-0-0800": Modification(date=date(2026, 11, 11))}
    (occ,) = occurrences([MATHS], CAL, mods, date(2026, 11, 11), date(2026, 11, 11))
    assert occ.annule and occ.motif == "Armistice"


def test_lire_cle():
    assert lire_cle("2026-11-16@3a-0-0800") == (LUNDI, "3a-0-0800")
    assert lire_cle("lundi@x") is None and lire_cle("sans-arobase") is None and lire_cle(None) is None
