"""The real instance, end to end: storage, REST, French home page, a task through the queue."""

import time
from datetime import date, timedelta
from pathlib import Path

import requests

from tests.system.conftest import CREATION, JOUR

JSON = {"Accept": "application/json"}
ADMIN_REGION = ("admin.region", "cartable-demo")
TEACHER = ("david.mathieu", "cartable-demo")
COLLEGE = "0139101x"
CONTROLE = "cartable.core.controle.controle_site"


def status(instance):
    response = requests.get(f"{instance.url}/@cartable-status", headers=JSON, timeout=30)
    assert response.status_code == 200
    return response.json()


def run_controle(instance, etapes=4):
    response = requests.post(
        f"{instance.url}/@cartable-tasks",
        json={"name": CONTROLE, "params": {"etapes": etapes, "pause": 0.1}},
        headers=JSON,
        auth=ADMIN_REGION,
        timeout=30,
    )
    assert response.status_code == 202, response.text
    job_url = response.json()["@id"]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = requests.get(job_url, headers=JSON, auth=ADMIN_REGION, timeout=30).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.3)
    raise AssertionError(f"job still {job['state']} after 120 s: {job}\n{instance.tail()}")


def check_instance(instance, storage, queue):
    assert status(instance) == {"version": "0.1.0", "storage": storage, "queue": queue, "queue_depth": 0,
                                "conflicts": {"retried": 0, "failed": 0}}

    home = requests.get(instance.url, timeout=30)
    assert home.status_code == 200
    assert 'lang="fr"' in home.text
    # the public home (Mon bureau for anonymous visitors): the region's establishments and the way in
    assert "Se connecter" in home.text and "Activer mon compte" in home.text and "COLLEGE JEAN MOULIN" in home.text

    job = run_controle(instance)
    assert job["state"] == "done", job
    assert (job["done"], job["total"], job["message"]) == (4, 4, "étape 4/4")
    assert job["result"]["utilisateur"] == "admin.region"
    assert job["result"]["gestionnaire"] is False  # ran with the user's rights, not an admin's
    assert status(instance)["queue_depth"] == 0
    return job


def check_clock(instance):
    """The instance and its worker live on the session's day (CARTABLE_HORLOGE), whatever the real date."""
    lundi = JOUR - timedelta(days=JOUR.weekday())
    semaine = requests.get(f"{instance.url}/{COLLEGE}/@emploi-du-temps", headers=JSON, auth=TEACHER, timeout=60)
    assert semaine.status_code == 200, semaine.text
    jours = {date.fromisoformat(i["cle"].split("@")[0]) for i in semaine.json()["items"]}
    assert jours and all(lundi <= j < lundi + timedelta(days=7) for j in jours), (JOUR, sorted(jours))  # its current week
    worker = instance.worker_pid()
    assert worker is not None, instance.tail()
    environ = Path(f"/proc/{worker}/environ").read_bytes().split(b"\0")
    assert any(v.startswith(b"CARTABLE_HORLOGE=") for v in environ)  # cartable-start passed it on


def test_sqlite_instance(sqlite_instance):
    check_instance(sqlite_instance, "sqlite", "sqlite")
    assert CREATION not in sqlite_instance.log.read_text()  # served from the session's prepared data, not created
    check_clock(sqlite_instance)


def test_sqlite_instance_restart_keeps_data(sqlite_instance):
    job = run_controle(sqlite_instance, etapes=2)
    assert sqlite_instance.stop() == 0
    log_size = sqlite_instance.log.stat().st_size
    sqlite_instance.start()
    print(f"\nrestart of the SQLite instance served in {sqlite_instance.startup_seconds:.1f} s")
    after = sqlite_instance.log.read_text()[log_size:]
    assert "Création du site" not in after  # reused, not recreated
    again = requests.get(f"{sqlite_instance.url}/@cartable-tasks/{job['id']}", headers=JSON, auth=ADMIN_REGION, timeout=30)
    assert again.json()["state"] == "done"  # the queue file survived
    assert run_controle(sqlite_instance, etapes=1)["state"] == "done"


def test_postgresql_instance(postgresql_instance):
    check_instance(postgresql_instance, "postgresql", "sqlite")
    assert CREATION not in postgresql_instance.log.read_text()  # served from a copy of the session's model database
    check_clock(postgresql_instance)


def test_redis_queue_instance(redis_instance):
    check_instance(redis_instance, "sqlite", "redis")
