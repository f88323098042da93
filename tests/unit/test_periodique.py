"""Scheduling of the periodic tour (cartable.core.periodique), with an injected clock and a real SQLite queue."""

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import transaction

from cartable.core import periodique, tasks
from cartable.core.periodique import ChaqueMinute, Quotidien, est_due

PARIS = ZoneInfo("Europe/Paris")
RESUME = Quotidien("cartable.pedagogie.heure_resume_quotidien", "18:00")


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


def test_every_minute_is_always_due():
    assert est_due(ChaqueMinute(), paris(2026, 11, 16, 3, 0), paris(2026, 11, 16, 2, 59))
    assert est_due(ChaqueMinute(), paris(2026, 11, 16, 3, 0), None)


@pytest.mark.parametrize("maintenant, derniere, due", [
    (paris(2026, 11, 16, 17, 59, 59), None, False),  # one second before the hour
    (paris(2026, 11, 16, 18, 0, 0), None, True),  # at the hour
    (paris(2026, 11, 16, 18, 0, 0), paris(2026, 11, 15, 18, 0, 0), True),  # yesterday's run
    (paris(2026, 11, 16, 18, 1, 0), paris(2026, 11, 16, 18, 0, 0), False),  # today's run done
    (paris(2026, 11, 16, 23, 59, 0), paris(2026, 11, 16, 17, 59, 59), True),  # a run just before the hour does not count
    (paris(2026, 11, 17, 0, 5, 0), paris(2026, 11, 16, 18, 0, 0), False),  # after midnight: wait for 18:00
    (paris(2026, 11, 17, 9, 0, 0), paris(2026, 11, 15, 18, 0, 0), False),  # a missed day is not made up before the hour
])
def test_daily_at_the_paris_hour(maintenant, derniere, due):
    assert est_due(RESUME, maintenant.astimezone(timezone.utc), derniere, time(18, 0)) is due


def test_daily_keeps_the_local_hour_across_dst():
    # 29 March 2026: Paris goes to UTC+2; 18:00 local is 16:00 UTC that day, 17:00 UTC the day before
    assert not est_due(RESUME, datetime(2026, 3, 29, 15, 59, tzinfo=timezone.utc), None, time(18, 0))
    assert est_due(RESUME, datetime(2026, 3, 29, 16, 0, tzinfo=timezone.utc), None, time(18, 0))
    assert not est_due(RESUME, datetime(2026, 3, 28, 16, 30, tzinfo=timezone.utc), None, time(18, 0))


def test_the_configured_hour_wins_and_a_bad_one_falls_back():
    assert est_due(RESUME, paris(2026, 11, 16, 7, 30), None, time(7, 30))
    assert periodique.lire_heure("07:30") == time(7, 30)
    assert periodique.lire_heure("sept heures") is None
    assert not est_due(RESUME, paris(2026, 11, 16, 17, 0), None, None)  # default 18:00


def test_due_tasks_of_a_tour():
    taches = {
        "a.minute": periodique.TachePeriodique("a.minute", "A", None, ChaqueMinute()),
        "b.resume": periodique.TachePeriodique("b.resume", "B", None, RESUME),
    }
    midi = paris(2026, 11, 16, 12, 0)
    assert periodique.taches_dues(taches, midi, {}, {"b.resume": time(18, 0)}) == ["a.minute"]
    soir = paris(2026, 11, 16, 18, 0)
    assert periodique.taches_dues(taches, soir, {}, {"b.resume": time(18, 0)}) == ["a.minute", "b.resume"]
    assert periodique.taches_dues(taches, soir + timedelta(minutes=1), {"b.resume": soir}, {"b.resume": time(18, 0)}) == ["a.minute"]


@pytest.fixture
def huey(tmp_path, monkeypatch):
    monkeypatch.delenv("CARTABLE_REDIS_URL", raising=False)
    monkeypatch.setenv("CARTABLE_QUEUE_FILE", str(tmp_path / "queue.sqlite3"))
    transaction.abort()
    yield tasks.get_huey()
    transaction.abort()


def test_one_tour_per_site_until_it_is_over(huey):
    horloge = iter([1000.0, 1000.0, 1060.0, 1060.0]).__next__
    assert periodique.battement(huey, ["/a", "/b"], horloge) == ["/a", "/b"]
    assert periodique.battement(huey, ["/a", "/b"], horloge) == []  # a minute later, the tours are still queued
    assert huey.pending_count() == 2
    message = huey.dequeue()
    job_id, nom, site, utilisateur, params = message.args  # the same arguments as run_job's
    assert (nom, site, utilisateur, params) == (periodique.TOUR, "/a", periodique.TECHNIQUE, {})
    assert tasks.read_job(job_id)["state"] == "queued"
    huey.delete(periodique.PREFIXE_MARQUE + "/a")  # what the end of the tour does
    assert periodique.battement(huey, ["/a", "/b"], lambda: 1120.0) == ["/a"]


def test_a_tour_lost_with_its_worker_is_queued_again(huey):
    assert periodique.battement(huey, ["/a"], lambda: 1000.0) == ["/a"]
    assert periodique.battement(huey, ["/a"], lambda: 1000.0 + periodique.MARQUE_PERDUE - 1) == []
    assert periodique.battement(huey, ["/a"], lambda: 1000.0 + periodique.MARQUE_PERDUE + 1) == ["/a"]


def test_internal_tasks_are_queued_after_commit_and_unknown_to_cartable_tasks(huey):
    nom = "cartable.pedagogie.suivi.notifications.deposer_notifications"
    job_id = periodique.lancer(nom, ("", "cartable"), {"destinataires": []})
    assert huey.pending_count() == 0
    transaction.commit()
    assert huey.pending_count() == 1
    assert tasks.read_job(job_id)["owner"] == periodique.TECHNIQUE
    assert huey.dequeue().args == (job_id, nom, "/cartable", periodique.TECHNIQUE, {"destinataires": []})
    with pytest.raises(tasks.UnknownTask):  # what POST @cartable-tasks asks: not a @cartable_task
        tasks.task_function(nom)
    with pytest.raises(tasks.UnknownTask):
        periodique.fonction_interne("cartable.core.controle.controle_site")  # and a user's task is not internal


def test_periodic_heartbeat_is_every_minute(huey):
    periodique.installer(huey)
    battement, = [t for t in huey._registry.periodic_tasks if t.name == periodique.BATTEMENT]
    instants = [datetime(2026, 11, 16, 8, m) for m in range(0, 60, 7)]
    assert all(battement.validate_datetime(instant) for instant in instants)


def test_the_technical_user_is_in_no_user_folder():
    utilisateur = periodique.UtilisateurTechnique()
    assert utilisateur.getId() == periodique.TECHNIQUE
    assert not hasattr(utilisateur, "aq_parent")  # wrapped only by the runner, never stored
