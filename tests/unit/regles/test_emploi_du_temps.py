"""Timetable occurrences: weeks A/B, closures, exceptions, stable register keys."""

from datetime import date

from cartable.regles.emploi_du_temps import Calendrier, Creneau, Fermeture, Modification, occurrences, semaine

CAL = Calendrier(
    debut=date(2026, 9, 1),
    fin=date(2027, 7, 4),
    semaine_a=date(2026, 8, 31),
    fermetures=(Fermeture(date(2026, 10, 17), date(2026, 11, 1), "Vacances de la Toussaint"), Fermeture(date(2026, 11, 11), date(2026, 11, 11), "Armistice")),
)
MATHS = Creneau("maths-3a-lun", 0, "08:00", "09:00", ("61001", "3A"), "061300", ("p1",), "B12")
SVT_A = Creneau("svt-3a-mer-A", 2, "10:00", "12:00", ("61001", "3A"), "062900", ("p2",), "LABO", "A")
SVT_B = Creneau("svt-3a-mer-B", 2, "10:00", "12:00", ("61001", "3B"), "062900", ("p2",), "LABO", "B")


def test_weekly_slot_gives_one_occurrence_a_week_with_a_stable_key():
    occ = occurrences([MATHS], CAL, {}, date(2026, 11, 2), date(2026, 11, 15))
    assert [o.cle for o in occ] == ["2026-11-02@maths-3a-lun", "2026-11-09@maths-3a-lun"]
    assert occ[0].enseignants == ("p1",) and not occ[0].annule


def test_weeks_a_and_b_alternate():
    occ = occurrences([SVT_A, SVT_B], CAL, {}, date(2026, 9, 1), date(2026, 9, 20))
    assert [(o.date.isoformat(), o.creneau) for o in occ] == [
        ("2026-09-02", "svt-3a-mer-A"),
        ("2026-09-09", "svt-3a-mer-B"),
        ("2026-09-16", "svt-3a-mer-A"),
    ]
    assert CAL.type_semaine(date(2026, 9, 6)) == "A" and CAL.type_semaine(date(2026, 9, 7)) == "B"


def test_explicit_week_types_win():
    cal = Calendrier(CAL.debut, CAL.fin, CAL.semaine_a, semaines={date(2026, 9, 7): "A"})
    assert cal.type_semaine(date(2026, 9, 9)) == "A"


def test_closures_cancel_with_their_name():
    occ = occurrences([MATHS], CAL, {}, date(2026, 10, 12), date(2026, 11, 9))
    assert [(o.date.isoformat(), o.annule, o.motif) for o in occ] == [
        ("2026-10-12", False, ""),
        ("2026-10-19", True, "Vacances de la Toussaint"),
        ("2026-10-26", True, "Vacances de la Toussaint"),
        ("2026-11-02", False, ""),
        ("2026-11-09", False, ""),
    ]


def test_outside_the_school_year_nothing():
    assert occurrences([MATHS], CAL, {}, date(2026, 8, 1), date(2026, 8, 31)) == []


def test_exceptions():
    mods = {
        "2026-11-02@maths-3a-lun": Modification(annule=True, motif="Professeur absent"),
        "2026-11-09@maths-3a-lun": Modification(salle="B14", remplacants=("p9",)),
        "2026-11-16@maths-3a-lun": Modification(date=date(2026, 11, 17), debut="14:00", fin="15:00"),
    }
    occ = {o.cle: o for o in occurrences([MATHS], CAL, mods, date(2026, 11, 2), date(2026, 11, 22))}
    assert occ["2026-11-02@maths-3a-lun"].annule and occ["2026-11-02@maths-3a-lun"].motif == "Professeur absent"
    assert (occ["2026-11-09@maths-3a-lun"].salle, occ["2026-11-09@maths-3a-lun"].enseignants) == ("B14", ("p9",))
    moved = occ["2026-11-16@maths-3a-lun"]  # the key stays: it is the same register
    assert (moved.date, moved.debut, moved.fin) == (date(2026, 11, 17), "14:00", "15:00")


def test_moved_onto_a_closed_day_is_cancelled():
    mods = {"2026-11-09@maths-3a-lun": Modification(date=date(2026, 11, 11))}
    (occ,) = occurrences([MATHS], CAL, mods, date(2026, 11, 11), date(2026, 11, 11))
    assert occ.annule and occ.motif == "Armistice"
    assert occurrences([MATHS], CAL, mods, date(2026, 11, 9), date(2026, 11, 9)) == []  # held on the 11th, not the 9th


def test_semaine():
    assert semaine(date(2026, 11, 5)) == (date(2026, 11, 2), date(2026, 11, 7))
