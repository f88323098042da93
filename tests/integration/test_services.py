"""@cartable-status and @cartable-tasks through a real WSGI server (functional layer)."""

import pytest
import requests
import transaction
from plone import api
from plone.app.testing import SITE_OWNER_NAME, SITE_OWNER_PASSWORD, TEST_USER_NAME, TEST_USER_PASSWORD

from cartable.core import tasks
from cartable.core.controle import derniere_trace

CONTROLE = "cartable.core.controle.controle_site"
JSON = {"Accept": "application/json"}


@pytest.fixture
def site_url(functional):
    return f"http://{functional['host']}:{functional['port']}/plone"


def post_task(site_url, auth, body, **headers):
    return requests.post(f"{site_url}/@cartable-tasks", json=body, headers={**JSON, **headers}, auth=auth, timeout=30)


def test_status_is_public(site_url):
    response = requests.get(f"{site_url}/@cartable-status", headers=JSON, timeout=30)
    assert response.status_code == 200
    status = response.json()
    assert status["queue"] == "sqlite"
    assert status["queue_depth"] == 0
    assert status["version"] == "0.1.0"
    assert status["storage"] == "demostorage"  # the test layer's storage, named as it is


def test_status_reports_a_queue_that_is_down(site_url, monkeypatch):
    monkeypatch.setenv("CARTABLE_REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens on port 1
    status = requests.get(f"{site_url}/@cartable-status", headers=JSON, timeout=30).json()
    assert status["queue"] == "redis"
    assert status["queue_depth"] is None
    assert "ConnectionError" in status["queue_error"]


def test_manager_queues_a_task_and_reads_it(site_url):
    owner = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    response = post_task(site_url, owner, {"name": CONTROLE, "params": {"etapes": 2}})
    assert response.status_code == 202, response.text
    job = response.json()
    assert job["state"] == "queued"
    assert tasks.get_huey().pending_count() == 1
    read = requests.get(job["@id"], headers=JSON, auth=owner, timeout=30)
    assert read.status_code == 200
    assert read.json()["owner"] == SITE_OWNER_NAME
    foreign = requests.get(job["@id"], headers=JSON, auth=(TEST_USER_NAME, TEST_USER_PASSWORD), timeout=30)
    assert foreign.status_code == 403
    assert foreign.json()["error"]["type"] == "Forbidden"
    assert "cartable" not in foreign.text  # nothing of the job in the refusal
    assert requests.get(job["@id"], headers=JSON, timeout=30).status_code == 401
    unknown = requests.get(f"{site_url}/@cartable-tasks/0000", headers=JSON, auth=owner, timeout=30)
    assert unknown.status_code == 404


def test_idempotency_key_replay(site_url):
    owner = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    first = post_task(site_url, owner, {"name": CONTROLE}, **{"Idempotency-Key": "abc"}).json()
    again = post_task(site_url, owner, {"name": CONTROLE}, **{"Idempotency-Key": "abc"}).json()
    assert first["id"] == again["id"]
    assert tasks.get_huey().pending_count() == 1


@pytest.mark.parametrize(
    "auth, body, status, error",
    [
        (None, {"name": CONTROLE}, 401, None),
        ((TEST_USER_NAME, TEST_USER_PASSWORD), {"name": CONTROLE}, 403, "Unauthorized"),
        ((SITE_OWNER_NAME, SITE_OWNER_PASSWORD), {"name": "os.system"}, 400, "UnknownTask"),
        ((SITE_OWNER_NAME, SITE_OWNER_PASSWORD), {"name": "cartable.core.tasks.enqueue"}, 400, "UnknownTask"),
        # a task the application queues itself: never by name, whatever its permission and whoever asks
        ((SITE_OWNER_NAME, SITE_OWNER_PASSWORD), {"name": "cartable.notes.bulletins.generer_bulletins"}, 403, "Unauthorized"),
        ((TEST_USER_NAME, TEST_USER_PASSWORD), {"name": "cartable.viescolaire.notifications.notifier_absences_du_jour",
                                                "params": {"structure": "x", "jour": "2026-11-16"}}, 403, "Unauthorized"),
        ((SITE_OWNER_NAME, SITE_OWNER_PASSWORD), {"name": CONTROLE, "params": [1]}, 400, "BadRequest"),
        ((SITE_OWNER_NAME, SITE_OWNER_PASSWORD), [CONTROLE], 400, "BadRequest"),
    ],
)
def test_refused_requests_queue_nothing(site_url, auth, body, status, error):
    response = post_task(site_url, auth, body)
    assert response.status_code == status
    if error:
        assert response.json()["error"]["type"] == error
    assert tasks.get_huey().pending_count() == 0


@pytest.fixture
def site_admin(functional):
    portal = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        api.user.create(username="admin.region", email="a@example.org", password="secret-123")
        api.user.grant_roles(username="admin.region", roles=["Site Administrator"])
    transaction.commit()
    return portal


def test_task_runs_in_the_site_as_the_user_who_asked(functional, site_admin):
    record = {"id": "job1", "state": "running"}
    progress = tasks.Progress(tasks.get_huey(), record)
    result = tasks.run_with_retries(
        functional["zodbDB"], "/plone", "admin.region", tasks.task_function(CONTROLE), progress, {"etapes": 3, "pause": 0}
    )
    assert result["utilisateur"] == "admin.region"
    assert result["gestionnaire"] is False  # a Site Administrator, not a Manager: no hidden admin
    stored = tasks.read_job("job1")
    assert (stored["done"], stored["total"]) == (3, 3)
    transaction.begin()  # see what the task committed
    assert derniere_trace(functional["portal"])["utilisateur"] == "admin.region"


def test_unknown_user_never_falls_back_to_admin(functional):
    with pytest.raises(LookupError, match="unknown user"):
        tasks.run_with_retries(
            functional["zodbDB"], "/plone", "nobody", tasks.task_function(CONTROLE), lambda *a, **k: None, {}
        )
    transaction.begin()
    assert derniere_trace(functional["portal"]) is None


def test_conflict_is_retried(functional, monkeypatch):
    from ZODB.POSException import ConflictError

    calls = []

    def flaky(site, progress):
        calls.append(1)
        if len(calls) < 3:
            raise ConflictError()
        return "ok"

    monkeypatch.setattr(tasks.time, "sleep", lambda s: None)
    assert tasks.run_with_retries(functional["zodbDB"], "/plone", SITE_OWNER_NAME, flaky, None, {}) == "ok"
    assert len(calls) == 3


def test_conflicts_that_persist_are_raised(functional, monkeypatch):
    from ZODB.POSException import ConflictError

    calls = []

    def always_conflicting(site, progress):
        calls.append(1)
        raise ConflictError()

    monkeypatch.setattr(tasks.time, "sleep", lambda s: None)
    with pytest.raises(ConflictError):
        tasks.run_with_retries(functional["zodbDB"], "/plone", SITE_OWNER_NAME, always_conflicting, None, {}, attempts=2)
    assert len(calls) == 2


def test_conflicts_are_counted(site_url):
    from types import SimpleNamespace

    from ZODB.POSException import ConflictError

    from cartable.core import conflits

    before = requests.get(f"{site_url}/@cartable-status", headers=JSON, timeout=30).json()["conflicts"]
    conflits.compter(SimpleNamespace(exc_info=(ConflictError, ConflictError(), None), retry=True))
    conflits.compter(SimpleNamespace(exc_info=(ConflictError, ConflictError(), None), retry=False))
    conflits.compter(SimpleNamespace(exc_info=(ValueError, ValueError(), None), retry=False))
    after = requests.get(f"{site_url}/@cartable-status", headers=JSON, timeout=30).json()["conflicts"]
    assert (after["retried"] - before["retried"], after["failed"] - before["failed"]) == (1, 1)
