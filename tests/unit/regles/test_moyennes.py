"""Averages: the contract, each rule, the entries, and a brute-force property test."""

import itertools
import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cartable.regles.moyennes import MoyennesInvalides, arrondi, calculer, moyennes


def run(entries, evaluations, subjects=None, **settings_):
    subjects = subjects or {"M": {"coefficient": 1}}
    return moyennes({"settings": settings_, "subjects": subjects, "evaluations": evaluations, "entries": entries})


def ev(ident, subject="M", **kw):
    return {"id": ident, "subject": subject, **kw}


def test_contract_example():
    entree = {
        "settings": {"nr_counts_zero": True},
        "subjects": {"MATHS": {"coefficient": 3}, "FRANCAIS": {"coefficient": 2}},
        "evaluations": [
            ev("e1", "MATHS", coefficient=2, scale=20),
            ev("e2", "MATHS", coefficient=1, scale=10, facultative=True),
            ev("e3", "FRANCAIS", coefficient=1, scale=20),
        ],
        "entries": {"e1": "12,5", "e2": "9", "e3": "ABS"},
    }
    assert moyennes(entree) == {"subjects": {"MATHS": 14.33, "FRANCAIS": None}, "general": 14.33}


@pytest.mark.parametrize("code", ["ABS", "DISP", "NN"])
def test_codes_never_counted(code):
    assert run({"a": "10", "b": code}, [ev("a"), ev("b")])["subjects"]["M"] == 10


def test_nr_counts_zero_unless_the_establishment_says_otherwise():
    assert run({"a": "10", "b": "NR"}, [ev("a"), ev("b")])["subjects"]["M"] == 5
    assert run({"a": "10", "b": "NR"}, [ev("a"), ev("b")], nr_counts_zero=False)["subjects"]["M"] == 10


def test_no_counted_entry_means_no_average_never_zero():
    assert run({"a": "ABS"}, [ev("a"), ev("b")]) == {"subjects": {"M": None}, "general": None}
    assert run({}, [ev("a")]) == {"subjects": {"M": None}, "general": None}


def test_scales_are_normalised_to_20():
    assert run({"a": "5", "b": "50"}, [ev("a", scale=10), ev("b", scale=100)])["subjects"]["M"] == 10


def test_coefficients():
    assert run({"a": "10", "b": "16"}, [ev("a", coefficient=3), ev("b", coefficient=1)])["subjects"]["M"] == 11.5


def test_facultative_only_counts_when_it_raises():
    evaluations = [ev("a"), ev("f", facultative=True)]
    assert run({"a": "12", "f": "8"}, evaluations)["subjects"]["M"] == 12
    assert run({"a": "12", "f": "16"}, evaluations)["subjects"]["M"] == 14
    assert run({"f": "8"}, evaluations)["subjects"]["M"] == 8  # alone, it is the average


def test_best_subset_of_facultatives_is_not_all_of_them():
    evaluations = [ev("a"), ev("f1", facultative=True), ev("f2", facultative=True), ev("f3", facultative=True)]
    # 10 with 20 → 15; with 14 too → 14.67 lower; so the best takes only f1
    assert run({"a": "10", "f1": "20", "f2": "14", "f3": "2"}, evaluations)["subjects"]["M"] == 15


def test_general_average_over_subjects_with_an_average_at_full_precision():
    subjects = {"A": {"coefficient": 1}, "B": {"coefficient": 2}, "C": {"coefficient": 5}}
    evaluations = [ev("a1", "A"), ev("a2", "A"), ev("a3", "A"), ev("b", "B"), ev("c", "C")]
    result = run({"a1": "10", "a2": "10", "a3": "11", "b": "12", "c": "ABS"}, evaluations, subjects)
    # A = 10.333…, shown 10.33; general = (10.333… + 2×12) / 3 = 11.444… (not (10.33 + 24)/3 = 11.443…)
    assert result == {"subjects": {"A": 10.33, "B": 12, "C": None}, "general": 11.44}
    exact, general = calculer({"subjects": subjects, "evaluations": evaluations, "entries": {"a1": "10", "a2": "10", "a3": "11", "b": "12"}})
    assert general == Fraction(103, 9)


@pytest.mark.parametrize("value, shown", [(Fraction(12345, 1000), 12.35), (Fraction(12344, 1000), 12.34), (Fraction(1, 8), 0.13), (Fraction(29, 3), 9.67)])
def test_round_half_up_only_when_written(value, shown):
    assert arrondi(value) == shown


@pytest.mark.parametrize("entry, ok", [("12,5", True), ("12.5", True), ("0", True), ("20", True), (15, True), ("20,5", False), ("-1", False), ("abs", False), ("12,", False), ("", False), (None, False), (True, False), ("1e1", False)])
def test_entries(entry, ok):
    if ok:
        run({"a": entry}, [ev("a")])
    else:
        with pytest.raises(MoyennesInvalides):
            run({"a": entry}, [ev("a")])


@pytest.mark.parametrize(
    "entree, message",
    [
        ({"subjects": {"M": {}}, "evaluations": [ev("a")], "entries": {"z": "1"}}, "évaluation inconnue"),
        ({"subjects": {"M": {}}, "evaluations": [ev("a", "X")]}, "matière inconnue"),
        ({"subjects": {"M": {}}, "evaluations": [ev("a", scale=0)]}, "scale"),
        ({"subjects": {"M": {}}, "evaluations": [ev("a", scale=-5)]}, "scale"),
        ({"subjects": {"M": {}}, "evaluations": [ev("a"), ev("a")]}, "en double"),
        ({"subjects": {"M": {"coefficient": "3"}}}, "coefficient"),
        ({"settings": {"nr_counts_zero": "oui"}}, "nr_counts_zero"),
        ([], "objet attendu"),
    ],
)
def test_invalid_input(entree, message):
    with pytest.raises(MoyennesInvalides, match=message):
        moyennes(entree)


COMMAND = Path(sys.executable).parent / "cartable-moyennes"


def test_command_line():
    entree = {"subjects": {"M": {}}, "evaluations": [ev("a")], "entries": {"a": "13,25"}}
    result = subprocess.run([str(COMMAND)], input=json.dumps(entree), capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and json.loads(result.stdout) == {"subjects": {"M": 13.25}, "general": 13.25}
    bad = subprocess.run([str(COMMAND)], input='{"entries": {"x": "1"}}', capture_output=True, text=True, timeout=30)
    assert bad.returncode == 2 and bad.stdout == "" and len(bad.stderr.strip().splitlines()) == 1


# -- property: against brute force over every subset of facultatives -------------


def brute_force(entree):
    nr_zero = entree["settings"].get("nr_counts_zero", True)
    evaluations = {e["id"]: e for e in entree["evaluations"]}
    marks = {s: [] for s in entree["subjects"]}
    for ident, raw in entree["entries"].items():
        e = evaluations[ident]
        if raw in ("ABS", "DISP", "NN") or (raw == "NR" and not nr_zero):
            continue
        value = Fraction(0) if raw == "NR" else Fraction(str(raw).replace(",", "."))
        marks[e["subject"]].append((value * 20 / e.get("scale", 20), Fraction(e.get("coefficient", 1)), e.get("facultative", False)))
    averages = {}
    for s, items in marks.items():
        base = [m for m in items if not m[2]]
        optional = [m for m in items if m[2]]
        best = None
        for k in range(len(optional) + 1):
            for subset in itertools.combinations(optional, k):
                chosen = base + list(subset)
                if chosen:
                    mean = sum(v * c for v, c, _ in chosen) / sum(c for _, c, _ in chosen)
                    best = mean if best is None or mean > best else best
        averages[s] = best
    counted = [(Fraction(entree["subjects"][s].get("coefficient", 1)), a) for s, a in averages.items() if a is not None]
    general = sum(c * a for c, a in counted) / sum(c for c, _ in counted) if counted else None
    return averages, general


@st.composite
def bulletins(draw):
    subjects = {f"S{i}": {"coefficient": draw(st.integers(1, 5))} for i in range(draw(st.integers(1, 4)))}
    evaluations, entries = [], {}
    for i in range(draw(st.integers(0, 10))):
        scale = draw(st.sampled_from([5, 10, 20, 40, 100]))
        evaluations.append({"id": f"e{i}", "subject": draw(st.sampled_from(sorted(subjects))), "coefficient": draw(st.integers(1, 4)),
                            "scale": scale, "facultative": draw(st.booleans())})
        kind = draw(st.sampled_from(["number", "number", "number", "code", "none"]))
        if kind == "number":
            quarters = draw(st.integers(0, scale * 4))
            entries[f"e{i}"] = f"{quarters // 4},{(quarters % 4) * 25:02d}".replace(",00", "") if quarters % 4 else str(quarters // 4)
        elif kind == "code":
            entries[f"e{i}"] = draw(st.sampled_from(["ABS", "DISP", "NN", "NR"]))
    return {"settings": {"nr_counts_zero": draw(st.booleans())}, "subjects": subjects, "evaluations": evaluations, "entries": entries}


@settings(max_examples=300, deadline=None)
@given(bulletins())
def test_same_as_brute_force(entree):
    assert calculer(entree) == brute_force(entree)
