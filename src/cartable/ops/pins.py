"""constraints.txt (pip) ⇄ profiles/versions.cfg (buildout): one set of pins.

Pure module; a unit test fails when the two files drift apart.
"""

import configparser
import re
from pathlib import Path

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")

HEADER = """\
# Generated from constraints.txt by `make buildout-versions`: do not edit.
# tests/unit/test_pins.py fails when this file and constraints.txt drift.
[versions]
"""


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_constraints(path: Path) -> dict[str, tuple[str, str]]:
    """{normalised name: (name as written, version)} from a pip constraints file."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line.strip())
        if match:
            pins[normalise(match.group(1))] = (match.group(1), match.group(2))
    return pins


def buildout_versions(pins: dict[str, tuple[str, str]]) -> str:
    lines = [f"{name} = {version}" for name, version in sorted(pins.values(), key=lambda p: p[0].lower())]
    return HEADER + "\n".join(lines) + "\n"


def read_buildout_versions(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return {normalise(name): version for name, version in parser["versions"].items()}


def drift(constraints: Path, versions: Path) -> list[str]:
    """Human-readable differences between the two pin files ([] when in step)."""
    pins = {name: version for name, (_, version) in read_constraints(constraints).items()}
    built = read_buildout_versions(versions)
    problems = [f"{n}: missing from {versions.name}" for n in sorted(set(pins) - set(built))]
    problems += [f"{n}: not in {constraints.name}" for n in sorted(set(built) - set(pins))]
    problems += [
        f"{n}: {pins[n]} in {constraints.name}, {built[n]} in {versions.name}"
        for n in sorted(set(pins) & set(built))
        if pins[n] != built[n]
    ]
    return problems
