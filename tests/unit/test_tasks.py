"""Queueing rules of cartable.core.tasks, on a real SQLite huey queue, without Zope."""

import pytest
import transaction

from cartable.core import tasks

CONTROLE = "cartable.core.controle.controle_site"


@pytest.fixture
def huey(tmp_path, monkeypatch):
    monkeypatch.delenv("CARTABLE_REDIS_URL", raising=False)
    monkeypatch.setenv("CARTABLE_QUEUE_FILE", str(tmp_path / "queue.sqlite3"))
    transaction.abort()
    yield tasks.get_huey()
    transaction.abort()


def test_sqlite_queue_by_default(huey, tmp_path):
    assert tasks.queue_kind() == "sqlite"
    assert type(huey).__name__ == "SqliteHuey"
    assert huey.storage.filename == str(tmp_path / "queue.sqlite3")


def test_redis_queue_when_configured(monkeypatch):
    monkeypatch.setenv("CARTABLE_REDIS_URL", "redis://127.0.0.1:6379/15")
    assert tasks.queue_kind() == "redis"
    assert type(tasks.get_huey()).__name__ == "RedisHuey"  # no connection until used


def test_enqueued_only_after_commit(huey):
    job_id = tasks.enqueue(CONTROLE, ("", "cartable"), "admin.region", {"etapes": 2})
    assert huey.pending_count() == 0
    assert tasks.read_job(job_id) is None
    transaction.commit()
    assert huey.pending_count() == 1
    record = tasks.read_job(job_id)
    assert record["state"] == "queued"
    assert record["owner"] == "admin.region"
    assert record["site"] == "/cartable"
    task = huey.dequeue()
    assert task.id == job_id
    assert task.args == (job_id, CONTROLE, "/cartable", "admin.region", {"etapes": 2})


def test_aborted_transaction_enqueues_nothing(huey):
    job_id = tasks.enqueue(CONTROLE, "/cartable", "admin.region")
    transaction.abort()
    transaction.commit()  # a later commit does not resurrect it
    assert huey.pending_count() == 0
    assert tasks.read_job(job_id) is None


def test_idempotency_key_returns_the_first_job(huey):
    first = tasks.enqueue(CONTROLE, "/cartable", "prof.martin", idempotency_key="k1")
    transaction.commit()
    again = tasks.enqueue(CONTROLE, "/cartable", "prof.martin", idempotency_key="k1")
    transaction.commit()
    other_user = tasks.enqueue(CONTROLE, "/cartable", "cpe.moulin", idempotency_key="k1")
    transaction.commit()
    assert again == first
    assert other_user != first
    assert huey.pending_count() == 2


@pytest.mark.parametrize(
    "name",
    ["os.system", "cartable.core.tasks.enqueue", "cartable.nothing.here", "", None, "cartable."],
)
def test_only_decorated_cartable_functions_are_tasks(name):
    with pytest.raises(tasks.UnknownTask):
        tasks.task_function(name)


def test_decorated_function_is_a_task():
    spec = tasks.task_function(CONTROLE).__cartable_task__
    assert spec.name == CONTROLE
    assert spec.permission == "plone.app.controlpanel.Overview"


def test_progress_updates_the_job_record(huey):
    record = {"id": "abc", "state": "running", "done": 0, "total": None}
    progress = tasks.Progress(huey, record)
    progress(3, 10, "étape 3/10")
    progress(4)
    stored = tasks.read_job("abc")
    assert (stored["done"], stored["total"], stored["message"], stored["state"]) == (4, 10, "", "running")
