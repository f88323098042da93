"""Redis away: a 503 with Retry-After, never a 500, and a refused request writes nothing (core/indisponible.py).

In production Redis holds the queue, the login-failure counters, CAS and SAML tickets and the access journal
(``CARTABLE_REDIS_URL``). These tests give the test server a real Redis of their own (``redis-server`` on a
free port, no file, this process's child: never the machine's shared server) and take it away the ways it
goes away:

- stopped (nothing listens on its port: « Connection refused »), then started again on the same port;
- frozen (``SIGSTOP``: the kernel still accepts the connection, nothing answers: the client's socket
  timeout), then thawed (``SIGCONT``).

Nothing here waits for a duration: each step waits for its answer (or for the server's port).
"""

import os
import signal
import subprocess
import time

import pytest
import redis
import requests
import transaction

from cartable.core import indisponible, tasks
from cartable.ops.cluster import port_au_hasard
from tests.integration.requetes import PASSWORD, client

MESSAGE = "Cartable est momentanément indisponible, réessayez dans un instant."
JSON = {"Accept": "application/json"}


class RedisAPart:
    """A redis-server of this test only (no persistence, its own port)."""

    def __init__(self, dossier):
        self.dossier = dossier
        self.port = port_au_hasard()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.processus = None

    def demarrer(self):
        self.processus = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.dossier)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        for _ in range(500):  # until it answers (each try is bounded by its refusal or its timeout)
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if self.processus.poll() is not None:
                    raise RuntimeError("redis-server s'est arrêté au démarrage") from None
                time.sleep(0.02)
        raise RuntimeError("redis-server ne répond pas")

    def arreter(self):
        if self.processus is not None and self.processus.poll() is None:
            os.kill(self.processus.pid, signal.SIGCONT)  # a frozen server must be able to end
            self.processus.terminate()
            self.processus.wait(timeout=30)
        self.processus = None

    def figer(self):
        os.kill(self.processus.pid, signal.SIGSTOP)

    def degeler(self):
        os.kill(self.processus.pid, signal.SIGCONT)


@pytest.fixture
def redis_a_part(tmp_path, monkeypatch, site):
    serveur = RedisAPart(tmp_path)
    serveur.demarrer()
    monkeypatch.setenv("CARTABLE_REDIS_URL", serveur.url)  # read by each request (limites, memoire, tasks)
    monkeypatch.setattr(indisponible, "PANNE", indisponible.Panne())
    try:
        yield serveur
    finally:
        serveur.arreter()


def derniere_transaction(functional_demo):
    return functional_demo["zodbDB"].lastTransaction()


def connexion_formulaire(url, login):
    session = requests.Session()
    reponse = session.post(f"{url}/login", data={"__ac_name": login, "__ac_password": PASSWORD,
                                                 "buttons.login": "Se connecter"},
                           headers={"Accept": "text/html"}, timeout=60, allow_redirects=False)
    return session, reponse


def connexion_rest(url, login):
    return requests.post(f"{url}/@login", json={"login": login, "password": PASSWORD}, headers=JSON, timeout=60)


def est_503_json(reponse):
    assert reponse.status_code == 503, (reponse.status_code, reponse.text[:300])
    assert reponse.headers["Retry-After"] == str(indisponible.RETRY_AFTER)
    assert reponse.json() == {"error": {"type": "StockageIndisponible", "message": MESSAGE}}


def test_redis_arrete_puis_revenu(site, functional_demo, redis_a_part):
    """Redis stopped: the login form, REST login and a request with a password (Basic) are 503 and write
    nothing; Redis started again on its port: the same requests succeed."""
    url, enseignant = site["url"], site["logins"]["enseignant"]
    assert connexion_rest(url, enseignant).status_code == 200  # Redis answers: as usual
    redis_a_part.arreter()

    avant = derniere_transaction(functional_demo)
    session, formulaire = connexion_formulaire(url, enseignant)
    assert formulaire.status_code == 503, (formulaire.status_code, formulaire.text[:300])
    assert formulaire.headers["Retry-After"] == str(indisponible.RETRY_AFTER)
    assert formulaire.headers["Content-Type"].startswith("text/html")
    assert formulaire.text == indisponible.page("POST")  # in French, no Plone frame, not reloaded blindly
    assert "__ac" not in session.cookies  # not logged in by a refused request
    est_503_json(connexion_rest(url, enseignant))
    est_503_json(client(site, "enseignant").get(f"{site['paths']['etab']}/@appel/{site['paths']['cours']}"))
    assert derniere_transaction(functional_demo) == avant

    redis_a_part.demarrer()
    session, formulaire = connexion_formulaire(url, enseignant)
    assert formulaire.status_code in (200, 302) and "__ac" in session.cookies
    assert connexion_rest(url, enseignant).status_code == 200
    assert client(site, "enseignant").get(f"{site['paths']['etab']}/@appel/{site['paths']['cours']}").status_code == 200


def test_redis_fige(site, redis_a_part):
    """Redis frozen (accepts, never answers): the client's socket timeout, then a 503; thawed, the same request passes."""
    url, enseignant = site["url"], site["logins"]["enseignant"]
    redis_a_part.figer()
    try:
        est_503_json(connexion_rest(url, enseignant))
        page = requests.get(f"{url}/@@mon-bureau", auth=(enseignant, PASSWORD), headers={"Accept": "text/html"}, timeout=60)
        assert page.status_code == 503 and page.headers["Retry-After"] == str(indisponible.RETRY_AFTER)
        assert MESSAGE in page.text and "Traceback" not in page.text
    finally:
        redis_a_part.degeler()
    assert connexion_rest(url, enseignant).status_code == 200


def test_l_appel_attend_la_file(site, functional_demo, redis_a_part):
    """A roll call that queues the families' notification, Redis away: 503 and nothing stored (not a register
    saved whose job is lost); Redis back, the page's outbox sends the same request with the same key: saved
    once, its job queued once."""
    url, etab, cours = site["url"], site["paths"]["etab"], site["paths"]["cours"]
    jeton = connexion_rest(url, site["logins"]["enseignant"]).json()["token"]  # no password: the counters are not read
    porteur = {**JSON, "Authorization": f"Bearer {jeton}"}
    registre = requests.get(f"{etab}/@appel/{cours}", headers=porteur, timeout=60).json()
    eleve = registre["eleves"][0]["id"]
    corps = {"marques": {eleve: {"type": "absence"}}, "fait": True}

    def envoyer():
        return requests.post(f"{etab}/@appel/{cours}", json=corps, headers={**porteur, "Idempotency-Key": "appel-redis"},
                             timeout=60)

    redis_a_part.arreter()
    avant = derniere_transaction(functional_demo)
    est_503_json(envoyer())
    assert derniere_transaction(functional_demo) == avant

    redis_a_part.demarrer()
    reponse = envoyer()
    assert reponse.status_code == 200 and reponse.json()["etat"] == "fait", reponse.text[:300]
    assert envoyer().json() == reponse.json()  # the replay: the same answer
    huey = tasks.get_huey()
    assert huey.pending_count() + huey.scheduled_count() == 1  # the notification's job, once
    transaction.begin()
    from cartable.viescolaire.stockage import lire_vie_scolaire

    appel = lire_vie_scolaire(functional_demo["portal"][etab.rsplit("/", 1)[1]]).appels.get(cours)
    assert dict(appel.marques) == {eleve: {"type": "absence"}} and len(appel.journal) == 1


def test_l_appel_redis_fige(site, functional_demo, redis_a_part):
    """Redis frozen while a roll call queues its job: the queue's client gives up after its socket timeout
    (tasks.REDIS_DELAI_LECTURE), the request is a 503 and stores nothing; thawed, the replay is saved once."""
    etab, cours = site["paths"]["etab"], site["paths"]["cours"]
    jeton = connexion_rest(site["url"], site["logins"]["enseignant"]).json()["token"]
    porteur = {**JSON, "Authorization": f"Bearer {jeton}"}
    eleve = requests.get(f"{etab}/@appel/{cours}", headers=porteur, timeout=60).json()["eleves"][1]["id"]

    def envoyer():
        return requests.post(f"{etab}/@appel/{cours}", json={"marques": {eleve: {"type": "absence"}}, "fait": True},
                             headers={**porteur, "Idempotency-Key": "appel-redis-fige"}, timeout=60)

    redis_a_part.figer()
    try:
        avant = derniere_transaction(functional_demo)
        est_503_json(envoyer())
        assert derniere_transaction(functional_demo) == avant
    finally:
        redis_a_part.degeler()
    reponse = envoyer()
    assert reponse.status_code == 200 and reponse.json()["etat"] == "fait", reponse.text[:300]
    huey = tasks.get_huey()
    assert huey.pending_count() + huey.scheduled_count() == 1
