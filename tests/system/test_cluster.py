"""`cartable-cluster`: two instances behind HAProxy, one PostgreSQL, one Redis, end to end.

PostgreSQL and Redis: those of CARTABLE_TEST_PG and CARTABLE_TEST_REDIS when set
(reset first, the database a copy of the session's model holding the demo site;
unreachable is a failure), else the cluster's own, made under the
test's temporary folder by initdb and redis-server, as `make cluster` does.

The cluster is started with the session's CARTABLE_HORLOGE (conftest.py); whether
its Zope processes receive it is `cartable-cluster`'s choice (``horloge_des_instances``).
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

from cartable.ops.cluster import lire_pids, port_au_hasard
from tests.system.conftest import (
    BIN,
    JSON,
    horloge_env,
    reset_postgresql,
    reset_redis,
    url_voisine,
)

pytestmark = pytest.mark.system

LOGIN = ("admin.region", "cartable-demo")
DEMARRAGE = 900  # without CARTABLE_TEST_PG, the first instance creates the site and imports the demo region
REQUETES_APRES_PANNE = 50


def ports_libres(nombre):
    """A base port with ``nombre`` free ports after it (HAProxy, instances, statistics), outside the ephemeral
    range (cartable.ops.cluster.port_au_hasard: a wait on a port of that range can connect to itself)."""
    return port_au_hasard(nombre)


def stats_haproxy(socket_path):
    """HAProxy's `show stat`: {server name: status} of the zope backend."""
    with socket.socket(socket.AF_UNIX) as sock:
        sock.connect(str(socket_path))
        sock.sendall(b"show stat\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    lignes = data.decode().splitlines()
    entete = lignes[0].lstrip("# ").split(",")
    etats = {}
    for ligne in lignes[1:]:
        if not ligne:
            continue
        champs = dict(zip(entete, ligne.split(",")))
        if champs["pxname"] == "zope" and champs["svname"].startswith("instance"):
            etats[champs["svname"]] = champs["status"]
    return etats


def processus_de_session(sids):
    """Live processes whose session is one the cluster started (each child leads its own)."""
    trouves = []
    for entree in os.listdir("/proc"):
        if not entree.isdigit():
            continue
        try:
            stat = open(f"/proc/{entree}/stat").read()
        except OSError:
            continue
        champs = stat[stat.rindex(")") + 2:].split()
        if champs[0] != "Z" and int(champs[3]) in sids:
            trouves.append(int(entree))
    return trouves


def zombie(pid):
    try:
        stat = open(f"/proc/{pid}/stat").read()
    except OSError:
        return True
    return stat[stat.rindex(")") + 2:].split()[0] == "Z"


def attendre(condition, delai, message):
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        if condition():
            return
        time.sleep(0.5)
    pytest.fail(message())


def modele_si_pg(request):
    """The session's model database when the clusters use CARTABLE_TEST_PG's server (see conftest.py)."""
    return request.getfixturevalue("modele_postgresql") if os.environ.get("CARTABLE_TEST_PG") else None


class Cluster:
    def __init__(self, racine, modele=None):
        self.racine = racine
        self.var = racine / "var"
        self.dossier = self.var / "cluster"
        self.port = ports_libres(4)
        self.url = f"http://127.0.0.1:{self.port}/cartable"
        self.sortie = racine / "cluster.log"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("CARTABLE_")}
        if os.environ.get("CARTABLE_TEST_PG"):
            # a database of its own on that server: the session-scoped instances
            # of test_instance.py keep theirs
            url = url_voisine(os.environ["CARTABLE_TEST_PG"], "_cluster")
            reset_postgresql(url, modele)
            self.env["CARTABLE_DB"] = url
        if os.environ.get("CARTABLE_TEST_REDIS"):
            reset_redis(os.environ["CARTABLE_TEST_REDIS"])
            self.env["CARTABLE_REDIS_URL"] = os.environ["CARTABLE_TEST_REDIS"]
        self.processus = None

    def instance_url(self, numero):
        return f"http://127.0.0.1:{self.port + numero}/cartable"

    def demarrer(self):
        self.env.update(horloge_env())
        self.processus = subprocess.Popen(
            [str(BIN / "cartable-cluster"), "--instances", "2", "--port", str(self.port), "--var", str(self.var)],
            env=self.env, stdout=open(self.sortie, "ab"), stderr=subprocess.STDOUT,
        )
        attendre(self.pret, DEMARRAGE, lambda: f"le cluster ne sert pas après {DEMARRAGE} s :\n{self.fin_journal()}")

    def pret(self):
        if self.processus.poll() is not None:
            pytest.fail(f"cartable-cluster s'est arrêté ({self.processus.returncode}) :\n{self.fin_journal()}")
        return "Arrêt : Ctrl+C" in self.sortie.read_text(errors="replace")

    def pids(self):
        return {p.nom: p.pid for p in lire_pids(self.dossier / "pids")}

    def horloge_des_instances(self):
        """The CARTABLE_HORLOGE the cluster gave its first Zope instance (read in /proc), None when it kept it."""
        try:
            environ = Path(f"/proc/{self.pids()['instance1']}/environ").read_bytes().split(b"\0")
        except OSError:
            return None
        valeurs = [v.split(b"=", 1)[1].decode() for v in environ if v.startswith(b"CARTABLE_HORLOGE=")]
        return valeurs[0] if valeurs else None

    def fin_journal(self, lignes=60):
        texte = self.sortie.read_text(errors="replace") if self.sortie.exists() else ""
        for nom in ("instance1", "instance2", "haproxy"):
            journal = self.dossier / "log" / f"{nom}.log"
            if journal.exists():
                texte += f"\n--- {nom}.log ---\n" + "\n".join(journal.read_text(errors="replace").splitlines()[-20:])
        return "\n".join(texte.splitlines()[-lignes:])

    def arreter(self):
        resultat = subprocess.run([str(BIN / "cartable-cluster-stop"), "--var", str(self.var)],
                                  capture_output=True, text=True, timeout=600)
        if self.processus is not None:
            try:
                self.processus.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.processus.kill()
        return resultat


@pytest.fixture(scope="module")
def cluster(request):
    # Not pytest's tmp_path: its parents are 0700, and as root the cluster runs
    # PostgreSQL as the unprivileged postgres account, which must reach its data.
    racine = Path(tempfile.mkdtemp(prefix="cartable-cluster-"))
    racine.chmod(0o711)
    cluster = Cluster(racine, modele_si_pg(request))
    try:
        cluster.demarrer()
        yield cluster
    finally:
        if cluster.processus is not None and cluster.processus.poll() is None:
            cluster.arreter()
        shutil.rmtree(racine, ignore_errors=True)


def connexion(url):
    """Log in with Plone's login form; returns the plone.session cookie."""
    reponse = requests.post(f"{url}/login", data={"__ac_name": LOGIN[0], "__ac_password": LOGIN[1],
                                                    "buttons.login": "Se connecter", "came_from": ""},
                            allow_redirects=False, timeout=60)
    assert reponse.status_code == 302, reponse.text[:500]
    assert "__ac" in reponse.cookies
    return {"__ac": reponse.cookies["__ac"]}


def connecte_en_tant_que(url, cookie):
    """The login the instance at ``url`` sees for this cookie (None while it does not listen)."""
    try:
        reponse = requests.get(f"{url}/@mon-profil", headers=JSON, cookies=cookie, timeout=60)
    except requests.ConnectionError:
        return None
    return reponse.json().get("login") if reponse.status_code == 200 else reponse.status_code


def test_cluster(cluster):
    # 1. the status through HAProxy, both backends up in HAProxy's statistics
    statut = requests.get(f"{cluster.url}/@cartable-status", headers=JSON, timeout=30).json()
    assert (statut["storage"], statut["queue"]) == ("postgresql", "redis"), statut
    assert "queue_error" not in statut, statut
    attendre(lambda: stats_haproxy(cluster.dossier / "haproxy.sock") == {"instance1": "UP", "instance2": "UP"}, 30,
             lambda: f"backends HAProxy : {stats_haproxy(cluster.dossier / 'haproxy.sock')}")
    pids = cluster.pids()
    print(f"\ncluster instances' clock: {cluster.horloge_des_instances() or 'the real one (CARTABLE_HORLOGE not passed on)'}")
    assert set(pids) == {"cluster", "postgresql", "redis", "instance1", "instance2", "worker", "haproxy"} - (
        {"postgresql"} if "CARTABLE_DB" in cluster.env else set()) - ({"redis"} if "CARTABLE_REDIS_URL" in cluster.env else set())

    # 2. a login through HAProxy is valid on each instance, asked directly
    anonyme = requests.get(f"{cluster.instance_url(1)}/@mon-profil", headers=JSON, timeout=60)
    assert anonyme.status_code == 401  # so that the next checks mean something
    cookie = connexion(cluster.url)
    for numero in (1, 2):
        assert connecte_en_tant_que(cluster.instance_url(numero), cookie) == LOGIN[0], numero

    # 3. kill -9 one instance: HAProxy routes around it, every request succeeds
    os.kill(pids["instance2"], signal.SIGKILL)
    reponses = []
    for _ in range(REQUETES_APRES_PANNE):
        reponse = requests.get(f"{cluster.url}/@mon-profil", headers=JSON, cookies=cookie, timeout=60)
        reponses.append((reponse.status_code, reponse.text[:200]))
    reussies = [texte for code, texte in reponses if code == 200 and f'"login": "{LOGIN[0]}"' in texte]
    print(f"\nafter kill -9 of instance2: {len(reussies)}/{len(reponses)} requests through HAProxy succeeded")
    assert len(reussies) == REQUETES_APRES_PANNE, [r for r in reponses if r[0] != 200]

    # 4. the supervisor restarts it; the cookie issued before still works there
    attendre(lambda: cluster.pids().get("instance2") not in (None, pids["instance2"]), 30,
             lambda: f"instance2 pas relancée :\n{cluster.fin_journal()}")
    attendre(lambda: connecte_en_tant_que(cluster.instance_url(2), cookie) == LOGIN[0], DEMARRAGE,
             lambda: f"cookie refusé par l'instance relancée :\n{cluster.fin_journal()}")
    attendre(lambda: stats_haproxy(cluster.dossier / "haproxy.sock") == {"instance1": "UP", "instance2": "UP"}, 30,
             lambda: f"backends HAProxy : {stats_haproxy(cluster.dossier / 'haproxy.sock')}")
    print("instance2 restarted: the session cookie issued before the crash is still valid on it")

    # 5. cartable-cluster-stop leaves nothing behind and removes no data
    pids = cluster.pids()
    arret = cluster.arreter()
    assert arret.returncode == 0, arret.stdout + arret.stderr
    assert cluster.processus.returncode is not None
    restants = sorted(set(processus_de_session(set(pids.values())))
                      | {pid for pid in pids.values() if os.path.exists(f"/proc/{pid}") and not zombie(pid)})
    print(f"cartable-cluster-stop: {len(pids)} processes listed, {len(restants)} left (their children included)")
    assert restants == []
    assert (cluster.dossier / "instance1" / "var").is_dir()
    if "CARTABLE_DB" not in cluster.env:
        assert (cluster.dossier / "pg" / "PG_VERSION").exists()
