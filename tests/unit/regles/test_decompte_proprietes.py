"""Property test: the half-day module against a reference written independently here."""

from collections import defaultdict
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from cartable.regles.decompte import alerte_possible, decompter
from cartable.regles.reglages_decompte import Chronologie, Reglages

MOTIFS = {
    "MAL": {"recevable": True, "present": False},
    "PER": {"recevable": False, "present": False},
    "INF": {"recevable": True, "present": True},
    "RDV": {"recevable": False, "present": True},
}
DAYS = [f"2026-11-{d}" for d in range(25, 31)] + [f"2026-12-0{d}" for d in range(1, 6)]  # a weekend and a month change


def reference(entree):
    """Straightforward re-reading of DESIGN.md, integer arithmetic only."""
    hh, mm = entree["settings"].get("boundary", "12:30").split(":")
    boundary = int(hh) * 60 + int(mm)
    calculees = entree["settings"].get("mode", "brutes") == "calculees"

    def minute(t):
        return int(t[:2]) * 60 + int(t[3:])

    expected = {}
    for c in entree["courses"]:
        weekend = date.fromisoformat(c["date"]).isoweekday() >= 6
        if not (c.get("cancelled") or c.get("exempt") or weekend):
            expected[c["id"]] = c
    half = lambda c: (c["date"], minute(c["start"]) >= boundary)  # noqa: E731
    total_minutes = defaultdict(int)
    for c in expected.values():
        total_minutes[half(c)] += minute(c["end"]) - minute(c["start"])
    absent_minutes = defaultdict(int)
    reasons = defaultdict(list)
    late = missed = 0
    for e in entree["events"]:
        c = expected.get(e["course"])
        if c is None:
            continue
        if e["type"] == "retard":
            late += 1
        if e["type"] != "absence":
            continue
        length = minute(c["end"]) - minute(c["start"])
        missed += length
        motive = e.get("motive")
        if motive is not None and MOTIFS[motive]["present"]:
            continue
        absent_minutes[half(c)] += length
        reasons[half(c)].append(motive)
    halves_j = halves_nj = halves_r = 0  # counted in halves of a half-day
    months = defaultdict(lambda: [0, 0])
    for key, motives in reasons.items():
        if calculees:
            a, t = absent_minutes[key], total_minutes[key]
            value = (4 * a + t) // (2 * t)  # round(2a/t) half up, in halves
        else:
            value = 2
        if value == 0:
            continue
        justified = all(m is not None and MOTIFS[m]["recevable"] for m in motives)
        month = key[0][:7]
        if justified:
            halves_j += value
            months[month][0] += value
        else:
            halves_nj += value
            months[month][1] += value
            if None in motives:
                halves_r += value
    h = lambda n: n // 2 if n % 2 == 0 else n / 2  # noqa: E731
    return {
        "demi_journees": {"total": h(halves_j + halves_nj), "justifiees": h(halves_j), "non_justifiees": h(halves_nj), "a_regulariser": h(halves_r)},
        "retards": late,
        "minutes_manquees": missed,
        "par_mois": {m: {"justifiees": h(j), "non_justifiees": h(nj)} for m, (j, nj) in sorted(months.items())},
        "alertes": sorted(m for m, (_, nj) in months.items() if nj >= 8),
    }


@st.composite
def student_weeks(draw):
    n = draw(st.integers(0, 14))
    courses = []
    for i in range(n):
        start = draw(st.integers(14, 34)) * 30  # 07:00 … 17:00
        length = draw(st.sampled_from([30, 45, 55, 60, 90, 120, 180]))
        end = min(start + length, 23 * 60 + 59)
        courses.append(
            {
                "id": f"c{i}",
                "date": draw(st.sampled_from(DAYS)),
                "start": f"{start // 60:02d}:{start % 60:02d}",
                "end": f"{end // 60:02d}:{end % 60:02d}",
                "cancelled": draw(st.booleans()) and draw(st.booleans()),
                "exempt": draw(st.booleans()) and draw(st.booleans()),
            }
        )
    events = []
    for c in courses:
        kind = draw(st.sampled_from(["none", "none", "absence", "absence", "retard", "depart", "retard+depart", "absence+depart"]))
        for t in kind.split("+"):
            if t == "absence":
                events.append({"course": c["id"], "type": "absence", "motive": draw(st.sampled_from([*MOTIFS, None]))})
            elif t == "retard":
                events.append({"course": c["id"], "type": "retard", "minutes": draw(st.integers(0, 40))})
            elif t == "depart":
                events.append({"course": c["id"], "type": "depart"})
    events = draw(st.permutations(events))
    mode = draw(st.sampled_from(["brutes", "calculees"]))
    boundary = draw(st.sampled_from(["12:00", "12:30", "13:00"]))
    return {"settings": {"boundary": boundary, "mode": mode}, "motives": MOTIFS, "courses": courses, "events": list(events)}


@settings(max_examples=400, deadline=None)
@given(student_weeks())
def test_same_as_reference(entree):
    assert decompter(entree) == reference(entree)


@settings(max_examples=200, deadline=None)
@given(student_weeks())
def test_invariants(entree):
    result = decompter(entree)
    d = result["demi_journees"]
    assert d["total"] == d["justifiees"] + d["non_justifiees"]
    assert 0 <= d["a_regulariser"] <= d["non_justifiees"]
    assert sum(m["justifiees"] + m["non_justifiees"] for m in result["par_mois"].values()) == d["total"]
    assert all(m["justifiees"] + m["non_justifiees"] > 0 for m in result["par_mois"].values())
    # brutes never counts more half-days than calculées rounds up to, and both ≤ expected half-days
    other = dict(entree, settings=dict(entree["settings"], mode="calculees" if entree["settings"]["mode"] == "brutes" else "brutes"))
    brutes, calculees = (result, decompter(other)) if entree["settings"]["mode"] == "brutes" else (decompter(other), result)
    assert calculees["demi_journees"]["total"] <= brutes["demi_journees"]["total"]
    assert brutes["minutes_manquees"] == calculees["minutes_manquees"]
    # the order of events does not matter
    assert decompter(dict(entree, events=list(reversed(entree["events"])))) == result


@settings(max_examples=400, deadline=None)
@given(student_weeks(), st.integers(1, 8), st.integers(1, 8), st.sampled_from(DAYS))
def test_alerte_possible_never_rules_out_an_alert(entree, seuil, seuil_ensuite, changement):
    """The alerts' lists skip the students ``alerte_possible`` rules out: never one ``decompter`` alerts,
    whatever the thresholds in force (one change in the period)."""
    base = Reglages(entree["settings"]["boundary"], entree["settings"]["mode"], seuil)
    chronologie = Chronologie.de(base, [(date.fromisoformat(changement), Reglages(base.limite, base.mode, seuil_ensuite))])
    absents = {e["course"] for e in entree["events"] if e["type"] == "absence"}
    jours = [date.fromisoformat(c["date"]) for c in entree["courses"] if c["id"] in absents]
    if decompter(entree, chronologie)["alertes"]:
        assert alerte_possible(jours, chronologie.seuil_minimal(date.fromisoformat(DAYS[0]), date.fromisoformat(DAYS[-1])))


def test_alerte_possible_is_tight_two_days_of_two_half_days_reach_four():
    cours = [{"id": f"{j}{h}", "date": f"2026-11-{j}", "start": h, "end": f"{int(h[:2]) + 1:02d}:00", "cancelled": False,
              "exempt": False} for j in ("25", "26") for h in ("09:00", "14:00")]
    entree = {"settings": {"boundary": "12:30", "mode": "brutes"}, "motives": MOTIFS, "courses": cours,
              "events": [{"course": c["id"], "type": "absence", "motive": None} for c in cours]}
    assert decompter(entree)["alertes"] == ["2026-11"]
    assert alerte_possible([date(2026, 11, 25), date(2026, 11, 26)], 4)
    assert not alerte_possible([date(2026, 11, 25)], 4)
    assert not alerte_possible([date(2026, 11, 30), date(2026, 12, 1)], 4)  # one day in each month
