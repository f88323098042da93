import pytest
from pytest_plone import fixtures_factory

from cartable.testing import CARTABLE_FUNCTIONAL_TESTING, CARTABLE_INTEGRATION_TESTING



globals().update(
    fixtures_factory(
        (
            (CARTABLE_INTEGRATION_TESTING, "integration"),
            (CARTABLE_FUNCTIONAL_TESTING, "functional"),
        )
    )
)


@pytest.fixture(autouse=True)
def queue_in_tmp(tmp_path, monkeypatch):
    """Each test gets its own SQLite queue and failure counters: nothing leaks between tests."""
    monkeypatch.delenv("CARTABLE_REDIS_URL", raising=False)
    monkeypatch.setenv("CARTABLE_QUEUE_FILE", str(tmp_path / "queue.sqlite3"))
    monkeypatch.setenv("CARTABLE_LIMITES_FILE", str(tmp_path / "limites.sqlite3"))
