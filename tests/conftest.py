"""Shared pytest configuration: .po files are compiled at load, as in the instance; the clock is frozen;
the Plone layers and their fixtures, defined once for every tier that uses them.

The date check: ``--jour-reel=AAAA-MM-JJ`` moves the machine's real clock (``time``, ``datetime``, through
time-machine, ticking) to that day at 10:00 in Paris for the whole run, so that a test or a code path
reading the real date instead of ``cartable.core.horloge`` shows up. ``make test`` runs the unit tier
again on 1 September, on Sunday 31 December and on Sunday 29 February, and the integration and security
tiers on the first and the last of these days (see ``test-dates`` in the Makefile).

Plone fixtures (used by ``tests/integration`` and ``tests/security``; defined here, once, because a
layer's session fixture defined in two conftests would be torn down twice):

- ``integration``, ``functional`` (pytest-plone): the bare Cartable site;
- ``functional_demo`` (and ``integration_demo``): the demo region, built once per session by
  ``cartable.testing.CartableDemoLayer``, a DemoStorage per test on top;
- ``region``: the demo region's AAF manifest (``personas``, ``establishments``, ``dossier``);
- ``site``: what a test needs to speak to the demo region through the test server (``url``, ``logins``,
  ``paths``, ``secret``), with its moment: the clock frozen at ``JOUR``;
- ``queue_in_tmp``: the huey queue, job records and login-failure counters, empty for each test (autouse
  in the tiers' own conftest files).

plone.testing keeps one stack of databases: while the demo layer is set up, a bare-site test would run
on top of the region. The bare-site tests therefore run first (``pytest_collection_modifyitems``), the
demo layer is set up by the first test that asks for it and kept to the end of the session.
"""

import os
import sqlite3
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import transaction

os.environ.setdefault("zope_i18n_compile_mo_files", "true")  # before Zope is imported

from pytest_plone import fixtures_factory  # noqa: E402

from cartable.core import horloge, tasks  # noqa: E402
from cartable.testing import (  # noqa: E402
    ADMIN,
    CARTABLE_DEMO_FIXTURE,
    CARTABLE_DEMO_FUNCTIONAL_TESTING,
    CARTABLE_DEMO_INTEGRATION_TESTING,
    CARTABLE_FUNCTIONAL_TESTING,
    CARTABLE_INTEGRATION_TESTING,
    JOUR,
    remettre_file_d_attente,
)


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
    horloge.figer(datetime(2026, 11, 17, 10, 0))
    yield
    horloge.liberer()


# -- Plone layers and the demo region ------------------------------------------------------------

globals().update(
    fixtures_factory(
        (
            (CARTABLE_INTEGRATION_TESTING, "integration"),
            (CARTABLE_FUNCTIONAL_TESTING, "functional"),
        )
    )
)
# set up on first use only (no autouse session fixture): the bare-site tests run before
globals().update(
    fixtures_factory(
        (
            (CARTABLE_DEMO_INTEGRATION_TESTING, "_integration_demo"),
            (CARTABLE_DEMO_FUNCTIONAL_TESTING, "_functional_demo"),
        ),
        keep_session=False,
    )
)

DEMO = ("_functional_demo_session", "_integration_demo_session")  # in the closure of every demo-region test
NUS = ("functional", "integration")


def pytest_collection_modifyitems(items):
    """The bare-site tests first, then those on the demo region (a stable sort: the order within each)."""
    items.sort(key=lambda item: any(nom in getattr(item, "fixturenames", ()) for nom in DEMO))


@pytest.fixture(autouse=True)
def _pas_de_site_nu_sur_la_region(request):
    if CARTABLE_DEMO_FIXTURE in request.session.zopelayer_state.current and any(n in request.fixturenames for n in NUS):
        pytest.fail("a bare-site test after the demo layer was set up: it would run on the demo region")


@pytest.fixture
def functional_demo(_functional_demo_session, _functional_demo):
    """The demo region's FunctionalTesting (kept for the whole session once set up)."""
    return _functional_demo


@pytest.fixture
def integration_demo(_integration_demo_session, _integration_demo):
    """The demo region's IntegrationTesting (rolled back after each test)."""
    return _integration_demo


@pytest.fixture(scope="session")
def fichiers_de_session(tmp_path_factory):
    return tmp_path_factory.mktemp("queue")


@pytest.fixture
def queue_in_tmp(fichiers_de_session, monkeypatch):
    """One SQLite queue and one failure-counter file for the session, emptied before each test:
    nothing leaks between tests. (A file per test leaked file descriptors: the server's threads
    keep one SQLite connection per file, and past 1,024 the test server's select() fails.)"""
    monkeypatch.delenv("CARTABLE_REDIS_URL", raising=False)
    monkeypatch.setenv("CARTABLE_QUEUE_FILE", str(fichiers_de_session / "queue.sqlite3"))
    monkeypatch.setenv("CARTABLE_LIMITES_FILE", str(fichiers_de_session / "limites.sqlite3"))
    # the RGPD read log, outside the ZODB like the counters: one file for the session, emptied for each test
    monkeypatch.setenv("CARTABLE_JOURNAL_ACCES_FILE", str(fichiers_de_session / "journal_acces.sqlite3"))
    tasks.get_huey().flush()
    with sqlite3.connect(fichiers_de_session / "limites.sqlite3") as connexion:
        connexion.execute("CREATE TABLE IF NOT EXISTS echecs (cle TEXT PRIMARY KEY, nombre INTEGER, fin REAL)")
        connexion.execute("DELETE FROM echecs")
    with sqlite3.connect(fichiers_de_session / "journal_acces.sqlite3") as connexion:
        connexion.execute("CREATE TABLE IF NOT EXISTS acces (horodatage REAL, quand TEXT, qui TEXT, qui_nom TEXT, "
                          "quoi TEXT, structure TEXT, eleve TEXT, eleve_nom TEXT)")
        connexion.execute("DELETE FROM acces")


@pytest.fixture(scope="session")
def region(_functional_demo_session):
    """The demo region's manifest: ``personas``, ``establishments``, ``dossier`` (its AAF files)."""
    return _functional_demo_session["cartable_demo"]["region"]


@pytest.fixture
def site(queue_in_tmp, functional_demo):
    """The demo region as the test server shows it, the clock at ``JOUR`` (a Monday, 10:30).

    The queue holds what building the region queued (the import's space sync, the matrix Devoir's
    notification), as when each test built it; ``paths["job"]``: a job queued by ``admin.region``."""
    horloge.figer(JOUR)
    demo = functional_demo["cartable_demo"]
    url = f"http://{functional_demo['host']}:{functional_demo['port']}/plone"
    portal = functional_demo["portal"]
    remettre_file_d_attente(tasks.get_huey(), demo["file_d_attente"])
    job = tasks.enqueue("cartable.core.controle.controle_site", portal.getPhysicalPath(), ADMIN, {})
    transaction.commit()
    return {
        "url": url,
        "logins": dict(demo["logins"]),
        "paths": {
            "site": url,
            **{cle: url + chemin for cle, chemin in demo["chemins"].items()},
            "eleve": demo["eleve"],
            "job": job,
            "cours": demo["cours"],
            "matiere": demo["matiere"],
        },
        "secret": demo["secret"],
    }
