"""The one clock: frozen, ticking from a chosen moment (CARTABLE_HORLOGE), local and UTC views of one instant."""

import subprocess
import sys
from datetime import date, datetime, timezone

from cartable.core import horloge


def test_frozen_local_and_utc_are_one_instant():
    horloge.figer(datetime(2026, 3, 29, 3, 30))  # the morning the clocks go forward in Paris
    assert horloge.maintenant() == datetime(2026, 3, 29, 3, 30)
    assert horloge.instant() == datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc)
    assert horloge.aujourd_hui() == date(2026, 3, 29)
    assert horloge.horodatage() == horloge.instant().timestamp()


def test_an_aware_moment_is_taken_as_it_is():
    horloge.figer(datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc))
    assert horloge.maintenant() == datetime(2027, 1, 1, 0, 30)  # already the new year in Paris
    assert horloge.aujourd_hui() == date(2027, 1, 1)


def test_ordering_keys_are_strictly_increasing_even_when_frozen():
    horloge.figer(datetime(2026, 11, 17, 10, 0))
    cles = [horloge.horodatage_ns() for _ in range(1000)]
    assert cles == sorted(set(cles))
    assert cles[0] >= int(horloge.horodatage()) * 10**9


def test_a_ticking_clock_starts_at_its_moment():
    horloge.figer(datetime(2030, 9, 1, 8, 0), avancer=True)
    premier = horloge.maintenant()
    assert datetime(2030, 9, 1, 8, 0) <= premier < datetime(2030, 9, 1, 8, 1)
    assert horloge.maintenant() >= premier


def test_the_environment_starts_a_whole_process_at_a_moment():
    programme = "from cartable.core import horloge; print(horloge.maintenant().isoformat(timespec='minutes'))"
    sortie = subprocess.run([sys.executable, "-c", programme], capture_output=True, text=True, check=True,
                            env={"CARTABLE_HORLOGE": "2026-11-17T08:05", "PATH": ""}).stdout.strip()
    assert sortie in ("2026-11-17T08:05", "2026-11-17T08:06")
