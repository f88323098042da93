import sqlite3

import pytest
from pytest_plone import fixtures_factory

from cartable.core import tasks
from cartable.testing import CARTABLE_FUNCTIONAL_TESTING, CARTABLE_INTEGRATION_TESTING



globals().update(
    fixtures_factory(
        (
            (CARTABLE_INTEGRATION_TESTING, "integration"),
            (CARTABLE_FUNCTIONAL_TESTING, "functional"),
        )
    )
)


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
