"""Shared pytest configuration: .po files are compiled at load, as in the instance; the clock is frozen.

The date check: ``--jour-reel=AAAA-MM-JJ`` moves the machine's real clock (``time``, ``datetime``, through
time-machine, ticking) to that day at 10:00 in Paris for the whole run, so that a test or a code path
reading the real date instead of ``cartable.core.horloge`` shows up. ``make test`` runs the unit and
integration tiers again on 1 September, on Sunday 31 December and on Sunday 29 February.
"""

import os
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

os.environ.setdefault("zope_i18n_compile_mo_files", "true")


def pytest_addoption(parser):
    parser.addoption("--jour-reel", metavar="AAAA-MM-JJ", help="run with the machine's real clock moved to this day (10:00, Paris)")


def pytest_configure(config):
    jour = config.getoption("--jour-reel")
    if jour:
        import time_machine

        moment = datetime.combine(date.fromisoformat(jour), time(10, 0), tzinfo=ZoneInfo("Europe/Paris"))
        config._voyage = time_machine.travel(moment, tick=True)
        config._voyage.start()


def pytest_unconfigure(config):
    voyage = getattr(config, "_voyage", None)
    if voyage is not None:
        voyage.stop()


def pytest_report_header(config):
    jour = config.getoption("--jour-reel")
    return f"date check: the real clock is moved to {jour}" if jour else None


@pytest.fixture(autouse=True)
def horloge_figee():
    """Every test runs on Tuesday 17 November 2026 at 10:00 (Paris), a day of the demo school year,
    unless it sets its own moment with ``horloge.figer(...)``; the clock is freed after the test."""
    from cartable.core import horloge

    horloge.figer(datetime(2026, 11, 17, 10, 0))
    yield
    horloge.liberer()
