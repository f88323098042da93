"""One set of pins: buildout's versions.cfg must be exactly constraints.txt."""

from pathlib import Path

from cartable.ops.pins import buildout_versions, drift, read_constraints

REPO = Path(__file__).resolve().parents[2]


def test_buildout_versions_match_constraints():
    assert drift(REPO / "constraints.txt", REPO / "profiles" / "versions.cfg") == [], "run `make buildout-versions`"


def test_versions_file_is_the_generated_one():
    expected = buildout_versions(read_constraints(REPO / "constraints.txt"))
    assert (REPO / "profiles" / "versions.cfg").read_text(encoding="utf-8") == expected


def test_key_pins():
    pins = read_constraints(REPO / "constraints.txt")
    assert pins["products-cmfplone"][1] == "6.2.2"
    assert pins["plone-app-layout"][1].startswith("6.0.")  # 7.0 alphas break site creation


def test_drift_is_reported(tmp_path):
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("Zope==6.3\nhuey==3.5.4\nredis==8.1.0\n")
    versions = tmp_path / "versions.cfg"
    versions.write_text("[versions]\nZope = 6.3\nhuey = 3.5.3\nlxml = 6.1.3\n")
    assert drift(constraints, versions) == [
        "redis: missing from versions.cfg",
        "lxml: not in constraints.txt",
        "huey: 3.5.4 in constraints.txt, 3.5.3 in versions.cfg",
    ]
