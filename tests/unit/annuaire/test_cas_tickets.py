"""The CAS tickets' store (cartable.annuaire.cas.tickets) on its SQLite file: one validation wins, atomically."""

import shutil
import socket
import subprocess
import threading
from datetime import timedelta

import pytest

from cartable.annuaire.cas import tickets
from cartable.core import horloge
from cartable.regles import cas


@pytest.fixture
def fichier(tmp_path, monkeypatch):
    monkeypatch.delenv("CARTABLE_REDIS_URL", raising=False)
    monkeypatch.setenv("CARTABLE_CAS_FILE", str(tmp_path / "cas.sqlite3"))
    return tmp_path / "cas.sqlite3"


def valider_a_la_fois(ticket, nombre=8):
    """``nombre`` threads take ``ticket`` at the same moment (a barrier): what each one got."""
    resultats, depart = [], threading.Barrier(nombre)

    def valider():
        depart.wait()
        resultats.append(tickets.consommer(ticket))

    fils = [threading.Thread(target=valider) for _ in range(nombre)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    return resultats


def test_a_ticket_is_taken_once(fichier):
    ticket = cas.nouveau_ticket()
    tickets.emettre(ticket, service="https://a.fr/", login="lea")
    enregistrement = tickets.consommer(ticket)
    assert enregistrement == {"service": "https://a.fr/", "login": "lea", "cree": horloge.horodatage(), "renouvele": False}
    assert tickets.consommer(ticket) is None
    assert tickets.consommer(cas.nouveau_ticket()) is None and tickets.consommer(None) is None
    assert fichier.exists()


def test_two_validations_at_once_one_wins(fichier):
    ticket = cas.nouveau_ticket()
    tickets.emettre(ticket, service="https://a.fr/", login="lea")
    resultats = valider_a_la_fois(ticket)
    assert sum(r is not None for r in resultats) == 1


def test_old_records_are_purged_at_the_next_issue(fichier):
    vieux = cas.nouveau_ticket()
    tickets.emettre(vieux, service="https://a.fr/", login="lea")
    horloge.figer(horloge.maintenant() + timedelta(seconds=tickets.GARDE + 1))
    tickets.emettre(cas.nouveau_ticket(), service="https://a.fr/", login="lea")
    assert tickets.consommer(vieux) is None


@pytest.fixture
def redis_propre(tmp_path, monkeypatch):
    """A redis-server of the test's own, on a free port (the machine's and CI's binary)."""
    binaire = shutil.which("redis-server")
    if binaire is None:
        pytest.skip("redis-server absent")
    with socket.socket() as libre:
        libre.bind(("127.0.0.1", 0))
        port = libre.getsockname()[1]
    processus = subprocess.Popen([binaire, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                                  "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(port=port)
    while True:  # until it answers (or has stopped: then the test fails on its first command)
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if processus.poll() is not None:
                break
            threading.Event().wait(0.05)
    monkeypatch.setenv("CARTABLE_REDIS_URL", f"redis://127.0.0.1:{port}/0")
    yield client
    processus.terminate()
    processus.wait()


def test_the_redis_store_takes_a_ticket_once(redis_propre):
    ticket = cas.nouveau_ticket()
    tickets.emettre(ticket, service="https://a.fr/", login="lea", renouvele=True)
    assert 0 < redis_propre.ttl(tickets.PREFIXE_CLE + ticket) <= tickets.GARDE
    resultats = valider_a_la_fois(ticket)
    gagnants = [r for r in resultats if r is not None]
    assert gagnants == [{"service": "https://a.fr/", "login": "lea", "cree": horloge.horodatage(), "renouvele": True}]
    assert tickets.consommer(ticket) is None
