"""Half-day counting: each rule of DESIGN.md, on both sides of each boundary."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cartable.regles.decompte import DecompteInvalide, arrondi_demi, decompter

MOTIFS = {
    "MAL": {"recevable": True, "present": False},
    "PER": {"recevable": False, "present": False},
    "INF": {"recevable": True, "present": True},
}
LUNDI, MARDI, SAMEDI = "2026-11-02", "2026-11-03", "2026-11-07"


def cours(ident, day=LUNDI, start="08:00", end="09:00", **flags):
    return {"id": ident, "date": day, "start": start, "end": end, **flags}


def absence(ident, motive="PER"):
    return {"course": ident, "type": "absence", "motive": motive}


def run(courses, events, **settings):
    return decompter({"settings": settings, "motives": MOTIFS, "courses": courses, "events": events})


def dj(result):
    d = result["demi_journees"]
    return d["total"], d["justifiees"], d["non_justifiees"], d["a_regulariser"]


def test_contract_example():
    entree = {
        "settings": {"boundary": "12:30", "mode": "brutes"},
        "motives": MOTIFS,
        "courses": [
            cours("c1"),
            cours("c2", start="09:00", end="10:00", cancelled=True),
            cours("c3", start="14:00", end="16:00", exempt=True),
            cours("c4", start="10:00", end="11:00"),
        ],
        "events": [absence("c1", "MAL"), {"course": "c4", "type": "retard", "minutes": 10}],
    }
    assert decompter(entree) == {
        "demi_journees": {"total": 1, "justifiees": 1, "non_justifiees": 0, "a_regulariser": 0},
        "retards": 1,
        "minutes_manquees": 60,
        "par_mois": {"2026-11": {"justifiees": 1, "non_justifiees": 0}},
        "alertes": [],
    }


def test_nothing_missed():
    assert run([cours("a")], []) == {
        "demi_journees": {"total": 0, "justifiees": 0, "non_justifiees": 0, "a_regulariser": 0},
        "retards": 0,
        "minutes_manquees": 0,
        "par_mois": {},
        "alertes": [],
    }


# Rule 1: the half-day of a course is the one it starts in.
@pytest.mark.parametrize("start, end, demi", [("12:29", "13:29", "matin"), ("12:30", "13:30", "apres"), ("11:30", "13:30", "matin")])
def test_boundary(start, end, demi):
    courses = [cours("m", start="08:00", end="09:00"), cours("x", start=start, end=end), cours("a", start="15:00", end="16:00")]
    with_morning = run(courses, [absence("m"), absence("x")])
    with_afternoon = run(courses, [absence("a"), absence("x")])
    # x shares its half-day with m (morning) or with a (afternoon)
    assert dj(with_morning)[0] == (1 if demi == "matin" else 2)
    assert dj(with_afternoon)[0] == (2 if demi == "matin" else 1)


def test_boundary_is_a_setting():
    courses = [cours("m", start="11:00", end="12:00"), cours("x", start="12:00", end="13:00")]
    assert dj(run(courses, [absence("m"), absence("x")]))[0] == 1  # both before 12:30
    assert dj(run(courses, [absence("m"), absence("x")], boundary="12:00"))[0] == 2


def test_two_absences_one_half_day_in_brutes():
    courses = [cours("a", start="08:00", end="09:00"), cours("b", start="10:00", end="11:00")]
    assert dj(run(courses, [absence("a"), absence("b")])) == (1, 0, 1, 0)


def test_weekends_never_count():
    courses = [cours("sam", day=SAMEDI), cours("lun", day=LUNDI)]
    result = run(courses, [absence("sam"), {"course": "sam", "type": "depart"}])
    assert dj(result) == (0, 0, 0, 0) and result["minutes_manquees"] == 0
    assert dj(run(courses, [absence("lun")]))[0] == 1


# Rule 2: cancelled courses (closures) and exemptions are not expected.
@pytest.mark.parametrize("flag", ["cancelled", "exempt"])
def test_not_expected(flag):
    removed = run([cours("a", **{flag: True})], [absence("a")])
    kept = run([cours("a", **{flag: False})], [absence("a")])
    assert dj(removed) == (0, 0, 0, 0) and removed["minutes_manquees"] == 0
    assert dj(kept) == (1, 0, 1, 0) and kept["minutes_manquees"] == 60


def test_closure_day_with_only_cancelled_courses_counts_nothing():
    courses = [cours("a", cancelled=True), cours("b", start="09:00", end="10:00", cancelled=True)]
    assert run(courses, [absence("a"), absence("b")])["par_mois"] == {}


def test_cancelled_course_does_not_dilute_calculated_half_days():
    courses = [cours("a", start="08:00", end="10:00"), cours("b", start="10:00", end="12:00", cancelled=True)]
    assert dj(run(courses, [absence("a")], mode="calculees"))[0] == 1  # 120 of 120 expected minutes


# Rule 3: brutes and calculées.
@pytest.mark.parametrize(
    "absent, expected, value",
    [
        (60, 300, 0),  # 0.2 → 0
        (60, 240, 0.5),  # 0.25 → 0.5 (half up)
        (60, 180, 0.5),  # 0.33 → 0.5
        (120, 240, 0.5),
        (150, 240, 0.5),  # 0.625 → 0.5
        (180, 240, 1),  # 0.75 → 1 (half up)
        (240, 240, 1),
    ],
)
def test_calculated_half_days(absent, expected, value):
    courses = [cours("a", start="08:00", end=f"{8 + absent // 60:02d}:{absent % 60:02d}")]
    rest = expected - absent
    if rest:
        courses.append(cours("b", start="13:00", end=f"{13 + rest // 60:02d}:{rest % 60:02d}"))
    result = run(courses, [absence("a")], mode="calculees", boundary="23:00")
    assert dj(result) == (value, 0, value, 0)
    assert isinstance(result["demi_journees"]["total"], int) == (value in (0, 1))
    assert result["par_mois"] == ({} if value == 0 else {"2026-11": {"justifiees": 0, "non_justifiees": value}})


def test_arrondi_demi():
    from fractions import Fraction

    assert [arrondi_demi(Fraction(n, 8)) for n in range(9)] == [Fraction(x, 2) for x in (0, 0, 1, 1, 1, 1, 2, 2, 2)]


# Rule 4: justifiée only when every counted absence of the half-day is recevable.
def test_recevable_or_not():
    courses = [cours("a"), cours("b", start="09:00", end="10:00")]
    assert dj(run(courses, [absence("a", "MAL"), absence("b", "MAL")])) == (1, 1, 0, 0)
    assert dj(run(courses, [absence("a", "MAL"), absence("b", "PER")])) == (1, 0, 1, 0)
    assert dj(run(courses, [absence("a", "MAL"), absence("b", None)])) == (1, 0, 1, 1)
    assert dj(run(courses, [absence("a", None)])) == (1, 0, 1, 1)


def test_absence_without_motive_key_is_a_regulariser():
    result = run([cours("a")], [{"course": "a", "type": "absence"}])
    assert dj(result) == (1, 0, 1, 1)


# Présent dans l'établissement: missed minutes, but no half-day.
def test_present_in_the_establishment():
    courses = [cours("a"), cours("b", start="09:00", end="10:00")]
    infirmerie = run(courses, [absence("a", "INF")])
    assert dj(infirmerie) == (0, 0, 0, 0) and infirmerie["minutes_manquees"] == 60
    mixed = run(courses, [absence("a", "INF"), absence("b", "PER")])
    assert dj(mixed) == (1, 0, 1, 0) and mixed["minutes_manquees"] == 120
    calc = run(courses, [absence("a", "INF"), absence("b", "PER")], mode="calculees")
    assert dj(calc)[0] == 0.5  # only b's 60 of 120 minutes count


# Rule 5: lateness and early departures.
def test_lateness_and_departures_are_not_half_days():
    courses = [cours("a"), cours("b", start="09:00", end="10:00"), cours("c", start="10:00", end="11:00", cancelled=True)]
    events = [
        {"course": "a", "type": "retard", "minutes": 5},
        {"course": "b", "type": "depart"},
        {"course": "c", "type": "retard", "minutes": 5},
    ]
    result = run(courses, events)
    assert dj(result) == (0, 0, 0, 0)
    assert result["retards"] == 1  # the cancelled course's lateness is not counted
    assert result["minutes_manquees"] == 0


# Rule 6: monthly alert at 4 non justifiées.
def month_days(n, start_day=23, month="2026-11"):
    days = []
    d = start_day
    while len(days) < n:
        days.append(f"{month}-{d:02d}")
        d += 1
    return days


def test_alert_at_four_in_a_month_not_three():
    days = ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26"]
    courses = [cours(d, day=d) for d in days]
    assert run(courses, [absence(d) for d in days[:3]])["alertes"] == []
    assert run(courses, [absence(d) for d in days])["alertes"] == ["2026-11"]
    justified = run(courses, [absence(d) for d in days[:3]] + [absence(days[3], "MAL")])
    assert justified["alertes"] == [] and justified["par_mois"] == {"2026-11": {"justifiees": 1, "non_justifiees": 3}}


def test_month_change():
    days = ["2026-11-26", "2026-11-27", "2026-11-30", "2026-12-01"]
    courses = [cours(d, day=d) for d in days]
    result = run(courses, [absence(d) for d in days])
    assert result["par_mois"] == {
        "2026-11": {"justifiees": 0, "non_justifiees": 3},
        "2026-12": {"justifiees": 0, "non_justifiees": 1},
    }
    assert result["alertes"] == []  # four in all, but never four in one month


def test_two_half_days_a_day_make_an_alert_in_two_days():
    courses = [cours(f"{d}{h}", day=d, start=h, end=f"{int(h[:2]) + 1:02d}:00") for d in (LUNDI, MARDI) for h in ("08:00", "14:00")]
    result = run(courses, [absence(c["id"]) for c in courses])
    assert dj(result) == (4, 0, 4, 0) and result["alertes"] == ["2026-11"]


@pytest.mark.parametrize(
    "entree, message",
    [
        ({"courses": [cours("a")], "events": [absence("z")]}, "cours inconnu"),
        ({"courses": [cours("a")], "events": [absence("a", "XXX")], "motives": MOTIFS}, "motif inconnu"),
        (
            {"courses": [cours("a")], "events": [absence("a"), {"course": "a", "type": "retard", "minutes": 3}], "motives": MOTIFS},
            "une absence et un retard",
        ),
        (
            {"courses": [cours("a")], "events": [{"course": "a", "type": "retard", "minutes": 3}, absence("a")], "motives": MOTIFS},
            "une absence et un retard",
        ),
        ({"courses": [cours("a", day="2026-02-30")]}, "date invalide"),
        ({"courses": [cours("a", day="02/11/2026")]}, "date invalide"),
        ({"courses": [cours("a", start="8h00")]}, "heure invalide"),
        ({"courses": [cours("a", start="24:00", end="24:30")]}, "heure invalide"),
        ({"courses": [cours("a", start="09:00", end="09:00")]}, "doit suivre"),
        ({"courses": [cours("a"), cours("a")]}, "en double"),
        ({"settings": {"mode": "heures"}}, "settings.mode"),
        ({"settings": {"boundary": "midi"}}, "settings.boundary"),
        ({"courses": [cours("a")], "events": [{"course": "a", "type": "retard"}]}, "minutes"),
        ({"courses": [cours("a")], "events": [{"course": "a", "type": "retard", "minutes": -2}]}, "minutes"),
        ({"courses": [cours("a")], "events": [{"course": "a", "type": "punition"}]}, "inconnu"),
        ({"courses": [cours("a", cancelled="yes")]}, "booléen"),
        ({"motives": {"X": {"recevable": 1}}}, "booléen"),
        ([], "objet attendu"),
    ],
)
def test_invalid_input(entree, message):
    with pytest.raises(DecompteInvalide, match=message):
        decompter(entree)


COMMAND = Path(sys.executable).parent / "cartable-decompte"


def test_command_line():
    entree = {"motives": MOTIFS, "courses": [cours("a")], "events": [absence("a", "MAL")]}
    result = subprocess.run([str(COMMAND)], input=json.dumps(entree), capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and result.stderr == ""
    assert json.loads(result.stdout)["demi_journees"]["justifiees"] == 1


@pytest.mark.parametrize("text", ['{"courses": [{"id": "a"}]}', "not json", '{"courses": 3}'])
def test_command_line_refuses_invalid_input(text):
    result = subprocess.run([str(COMMAND)], input=text, capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("commande", ["cartable-decompte", "cartable-moyennes"])
def test_the_commands_say_what_they_do(commande):
    chemin = Path(sys.executable).parent / commande
    aide = subprocess.run([str(chemin), "--help"], capture_output=True, text=True, timeout=30)
    assert aide.returncode == 0 and "JSON" in aide.stdout and "contracts/" in aide.stdout
    erreur = subprocess.run([str(chemin)], input="pas du JSON", capture_output=True, text=True, timeout=30)
    assert erreur.returncode == 2 and erreur.stderr.endswith("\n") and erreur.stderr.count("\n") == 1
    inconnue = subprocess.run([str(chemin), "--quoi"], capture_output=True, text=True, timeout=30)
    assert inconnue.returncode == 2 and inconnue.stdout == ""
