"""Fixtures of the integration tier.

- ``integration``, ``functional`` (pytest-plone): the bare Cartable site;
- ``functional_demo`` (and ``integration_demo``): the demo region, built once per session by
  ``cartable.testing.CartableDemoLayer``, a DemoStorage per test on top;
- ``region``: the demo region's AAF manifest (``personas``, ``establishments``, ``dossier``);
- ``site``: what a test needs to speak to the demo region through the test server (``url``, ``logins``,
  ``paths``, ``secret``), with its moment: the clock frozen at ``JOUR``;
- ``queue_in_tmp`` (autouse): the huey queue, job records and login-failure counters, empty for each test.

The request helper is ``tests.integration.requetes.client(site, role)``.

plone.testing keeps one stack of databases: while the demo layer is set up, a bare-site test would run
on top of the region. The bare-site tests therefore run first (``pytest_collection_modifyitems``), the
demo layer is set up by the first test that asks for it and kept to the end of the session.
"""

import sqlite3

import pytest
import transaction
from pytest_plone import fixtures_factory

from cartable.core import horloge, tasks
from cartable.testing import (
    ADMIN,
    CARTABLE_DEMO_FIXTURE,
    CARTABLE_DEMO_FUNCTIONAL_TESTING,
    CARTABLE_DEMO_INTEGRATION_TESTING,
    CARTABLE_FUNCTIONAL_TESTING,
    CARTABLE_INTEGRATION_TESTING,
    JOUR,
    remettre_file_d_attente,
)

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


@pytest.fixture(autouse=True)
def queue_in_tmp(fichiers_de_session, monkeypatch):
    """One SQLite queue and one failure-counter file for the session, emptied before each test:
    nothing leaks between tests. (A file per test leaked file descriptors: the server's threads
    keep one SQLite connection per file, and past 1,024 the test server's select() fails.)"""
    monkeypatch.delenv("CARTABLE_REDIS_URL", raising=False)
    monkeypatch.setenv("CARTABLE_QUEUE_FILE", str(fichiers_de_session / "queue.sqlite3"))
    monkeypatch.setenv("CARTABLE_LIMITES_FILE", str(fichiers_de_session / "limites.sqlite3"))
    tasks.get_huey().flush()
    with sqlite3.connect(fichiers_de_session / "limites.sqlite3") as connexion:
        connexion.execute("CREATE TABLE IF NOT EXISTS echecs (cle TEXT PRIMARY KEY, nombre INTEGER, fin REAL)")
        connexion.execute("DELETE FROM echecs")


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
