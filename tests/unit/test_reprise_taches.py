"""Jobs of a worker killed mid-task: queued again when resumable, failed otherwise (real SQLite huey, no Zope)."""

import subprocess
import sys

import pytest
import transaction

from cartable.core import tasks

CONTROLE = "cartable.core.controle.controle_site"  # not declared resumable
BULLETINS = "cartable.notes.bulletins.generer_bulletins"  # resumable by its lancement


@pytest.fixture
def huey(tmp_path, monkeypatch):
    monkeypatch.delenv("CARTABLE_REDIS_URL", raising=False)
    monkeypatch.setenv("CARTABLE_QUEUE_FILE", str(tmp_path / "queue.sqlite3"))
    transaction.abort()
    yield tasks.get_huey()
    transaction.abort()


def processus_termine():
    """The identity of a process that ran and is gone."""
    enfant = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.2)"])
    identite = tasks.identite_processus(enfant.pid)
    enfant.wait()
    return identite


def en_cours(huey, name, params, worker):
    """What run_job leaves behind when its worker is killed: the record says running, the task left the queue."""
    job_id = tasks.enqueue(name, "/cartable", "direction.test", params)
    transaction.commit()
    assert huey.dequeue().id == job_id
    huey.put(tasks.REPRISE_PREFIX + job_id, {"job": job_id, "name": name, "site": "/cartable",
                                            "owner": "direction.test", "params": params, "worker": worker})
    tasks._write_job(huey, tasks.read_job(job_id, huey), state="running", done=3, total=10)
    return job_id


def test_a_dead_process_of_this_machine_is_dead_a_live_one_is_not():
    assert tasks.processus_mort(processus_termine())
    assert not tasks.processus_mort(tasks.identite_processus())
    # another machine: nothing can be known from here, so never taken for dead
    assert not tasks.processus_mort("autre-machine:1:1")
    # a reused pid (same number, another start time) is a dead worker
    machine, pid, debut = tasks.identite_processus().split(":")
    assert tasks.processus_mort(f"{machine}:{pid}:{int(debut) + 1}")


def test_resumable_job_of_a_dead_worker_is_queued_again_with_its_parameters(huey):
    params = {"etablissement": "/cartable/e", "periode": "T1", "divisions": ["3A"], "lancement": "abc"}
    job_id = en_cours(huey, BULLETINS, params, processus_termine())
    assert huey.pending_count() == 0

    assert tasks.reprendre_orphelins(huey) == {job_id: "reprise"}

    tache = huey.dequeue()
    assert tache.id == job_id
    assert tache.args == (job_id, BULLETINS, "/cartable", "direction.test", params)
    record = tasks.read_job(job_id, huey)
    assert (record["state"], record["reprises"], record["done"]) == ("queued", 1, 3)
    # the note is gone: a second start does not queue it twice
    assert tasks.reprendre_orphelins(huey) == {}
    assert huey.pending_count() == 0


def test_job_that_may_not_run_twice_is_marked_failed_in_french(huey):
    job_id = en_cours(huey, CONTROLE, {"etapes": 2}, processus_termine())
    assert tasks.reprendre_orphelins(huey) == {job_id: "abandonnee"}
    assert huey.pending_count() == 0
    record = tasks.read_job(job_id, huey)
    assert record["state"] == "failed" and "interrompue" in record["error"]


def test_jobs_of_a_live_worker_or_another_machine_are_left_alone(huey):
    vivant = en_cours(huey, BULLETINS, {"lancement": "x"}, tasks.identite_processus())
    ailleurs = en_cours(huey, BULLETINS, {"lancement": "y"}, "autre-machine:4242:17")
    assert tasks.reprendre_orphelins(huey) == {}
    assert huey.pending_count() == 0
    assert tasks.read_job(vivant, huey)["state"] == tasks.read_job(ailleurs, huey)["state"] == "running"


@pytest.mark.parametrize("issue", ["done", "failed"])
def test_run_job_notes_the_running_job_and_removes_the_note_when_it_ends(huey, monkeypatch, issue):
    import Zope2

    vu = {}

    def executer(db, site_path, userid, fn, progress, params):
        vu["note"] = huey.get(tasks.REPRISE_PREFIX + job_id, peek=True)
        if issue == "failed":
            raise ValueError("panne")
        return {"ok": True}

    monkeypatch.setattr(Zope2, "DB", object(), raising=False)
    monkeypatch.setattr(tasks, "run_with_retries", executer)
    job_id = tasks.enqueue(BULLETINS, "/cartable", "direction.test", {"lancement": "z"})
    transaction.commit()
    tasks.run_job(job_id, BULLETINS, "/cartable", "direction.test", {"lancement": "z"})

    assert vu["note"]["worker"] == tasks.identite_processus()
    assert vu["note"]["params"] == {"lancement": "z"}
    assert huey.get(tasks.REPRISE_PREFIX + job_id, peek=True) is None
    assert tasks.read_job(job_id, huey)["state"] == issue
