"""``make cluster``: PostgreSQL, Redis, N Zope instances, one queue worker and HAProxy.

    cartable-cluster [--instances 2] [--port 8080] [--var var]
    cartable-cluster-stop [--var var]

Everything lives under ``<var>/cluster/``: ``pg/`` (a PostgreSQL cluster made
by Debian's initdb when ``CARTABLE_DB`` is unset), ``redis/`` (when
``CARTABLE_REDIS_URL`` is unset), ``instanceN/`` and ``worker/`` (each process
its own rendered etc/ and var/: logs and RelStorage caches are per process),
``haproxy.cfg``, ``log/`` and ``pids``. HAProxy listens on PORT, instance N on
PORT+N, HAProxy's statistics page on PORT+N+1, all on loopback.

This module imports nothing from Zope: the instances are ``cartable-start``
processes and the worker is ``cartable-worker``.
"""

import argparse
import http.client
import os
import pwd
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from cartable.core import indisponible, site
from cartable.core.config import ConfigError, parse_database_url, parse_port, parse_redis_url
from cartable.ops.instance import InstanceSettings, render_instance, threads_par_defaut

BIN = Path(sys.executable).parent
HOTE = "127.0.0.1"
BASE_PG = "cartable"
UTILISATEUR_PG = "cartable"
DELAI_ARRET = 20  # seconds between TERM and KILL
DELAI_DEMARRAGE = 900  # a first start creates the site and imports the demo region
CHEMIN_STATUT = "/cartable/@cartable-status"


class ErreurCluster(RuntimeError):
    """Something the cluster cannot start without; the message is in French."""


# --- pure parts: ports, HAProxy configuration, pid file -------------------------------


@dataclass(frozen=True)
class Ports:
    haproxy: int
    instances: tuple[int, ...]
    statistiques: int


def plan_ports(port: int, instances: int) -> Ports:
    """HAProxy on ``port``, instance i on ``port + i``, statistics after the last instance."""
    if not 1 <= instances <= 32:
        raise ConfigError("INSTANCES invalide : un entier entre 1 et 32 / invalid INSTANCES: 1 to 32")
    dernier = port + instances + 1
    if dernier > 65535:
        raise ConfigError(
            f"PORT trop haut ({port}) : il faut {instances + 2} ports à partir de lui / PORT too high"
        )
    return Ports(port, tuple(port + i for i in range(1, instances + 1)), dernier)


def _texte_haproxy(texte: str) -> str:
    """A text as one single-quoted word of HAProxy's configuration (nothing is interpreted inside)."""
    texte = "".join(texte.splitlines())
    if "'" in texte:
        raise ValueError(f"apostrophe dans un texte de HAProxy : {texte[:60]!r}")
    return f"'{texte}'"


def reponses_503_haproxy() -> dict[str, str]:
    """HAProxy's own 503s, as an instance answers when its storage is away (cartable.core.indisponible): the
    same French page or JSON error, ``Retry-After``, ``no-store``, the page's Content-Security-Policy.

    {"entetes": the headers' arguments, "json", "page" (a read: it reloads itself), "page_envoi" (a form sent)}."""
    entetes = (f'hdr Retry-After {indisponible.RETRY_AFTER} hdr Cache-Control no-store '
               f'hdr Content-Security-Policy "{indisponible.POLITIQUE}"')
    return {"entetes": entetes, "json": _texte_haproxy(indisponible.corps_json()),
            "page": _texte_haproxy(indisponible.page("GET")), "page_envoi": _texte_haproxy(indisponible.page("POST"))}


def config_haproxy(ports: Ports, socket_stats: Path, maxconn_instance: int = 4) -> str:
    """The HAProxy configuration: loopback, health checks every 2 s, retries, redispatch; its own 503s
    with ``Retry-After`` (``reponses_503_haproxy``)."""
    serveurs = "\n".join(
        f"    server instance{i} {HOTE}:{port} check maxconn {maxconn_instance}"
        for i, port in enumerate(ports.instances, start=1)
    )
    r503 = reponses_503_haproxy()
    return f"""\
# Rendered by cartable-cluster: edit src/cartable/ops/cluster.py, not this file.
global
    maxconn 2000
    stats socket {socket_stats} mode 600 level admin
    log stdout format raw local0 notice

defaults
    mode http
    log global
    option httplog
    option dontlognull
    # Zope sees the client's address (login throttling per address) through
    # X-Forwarded-For; zope.conf trusts it from this HAProxy only.
    option forwardfor
    # Retried up to 3 times, the last one on another instance: a connection
    # refused (instance killed or restarting) and, for GET/HEAD only, a
    # connection closed without an answer (killed mid-request, or a reused
    # idle connection to a dead instance). A GET never writes, so replaying it
    # is safe; other methods are never replayed here (the UIs' writes carry
    # idempotency keys and their clients replay them).
    retries 3
    option redispatch
    retry-on conn-failure empty-response
    timeout connect 2s
    timeout client 60s
    # the longest synchronous requests (exports, big uploads) stay under this
    timeout server 120s
    # requests wait here, not in an instance's socket, when all threads are busy
    timeout queue 60s
    timeout http-request 15s
    timeout http-keep-alive 10s
    timeout check 5s
    # HAProxy's own 503 (every instance down or restarting, none free before the queue timeout): as an
    # instance answers while its storage is away (cartable.core.indisponible), Retry-After included, so
    # that the pages' outboxes wait and send again; the page of a form sent (it does not reload itself)
    http-error status 503 content-type "text/html; charset=utf-8" {r503["entetes"]} string {r503["page_envoi"]}

frontend cartable
    bind {HOTE}:{ports.haproxy}
    default_backend zope

backend zope
    # leastconn, not roundrobin: requests last from 10 ms (a roll call) to
    # seconds (an export, a council screen); each instance has a few threads,
    # so the next request goes to the instance with the fewest in flight
    # instead of queueing behind a slow one. maxconn = threads per instance:
    # the excess waits in HAProxy and goes to whichever instance frees first.
    balance leastconn
    # the GET/HEAD-only part of retry-on above
    http-request disable-l7-retry if !METH_GET
    # no instance up: the 503 at once, in JSON for a REST call (Accept, /@service, ++api++: indisponible.veut_json),
    # a page that reloads itself for a read; a form sent gets http-error's page above
    acl veut_json req.hdr(accept) -m sub -i application/json
    acl veut_json path_reg /@[^@]
    acl veut_json path_sub /++api++
    http-request return status 503 content-type "application/json; charset=utf-8" {r503["entetes"]} string {r503["json"]} if {{ nbsrv(zope) eq 0 }} veut_json
    http-request return status 503 content-type "text/html; charset=utf-8" {r503["entetes"]} string {r503["page"]} if {{ nbsrv(zope) eq 0 }} METH_GET
    option httpchk GET {CHEMIN_STATUT}
    http-check send hdr Accept application/json
    http-check expect status 200
    # checked every 2 s; down after 2 failures, up again after 2 successes
    default-server inter 2s fall 2 rise 2
{serveurs}

listen statistiques
    bind {HOTE}:{ports.statistiques}
    stats enable
    stats uri /
    stats refresh 5s
"""


@dataclass(frozen=True)
class Processus:
    nom: str
    pid: int
    debut: int  # start time in clock ticks since boot (/proc/PID/stat): guards against pid reuse


def ecrire_pids(chemin: Path, processus: list[Processus]) -> None:
    texte = "".join(f"{p.nom} {p.pid} {p.debut}\n" for p in processus)
    provisoire = chemin.with_suffix(".tmp")
    provisoire.write_text(texte, encoding="utf-8")
    provisoire.replace(chemin)


def lire_pids(chemin: Path) -> list[Processus]:
    """The processes of the pid file, in start order; a malformed line is an error."""
    if not chemin.exists():
        return []
    processus = []
    for numero, ligne in enumerate(chemin.read_text(encoding="utf-8").splitlines(), start=1):
        champs = ligne.split()
        if not champs:
            continue
        if len(champs) != 3 or not champs[1].isdigit() or not champs[2].isdigit():
            raise ErreurCluster(f"{chemin}, ligne {numero} illisible : {ligne!r}")
        processus.append(Processus(champs[0], int(champs[1]), int(champs[2])))
    return processus


def debut_processus(pid: int) -> int | None:
    """Start time of a live process, None if there is none (or a zombie)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    champs = stat[stat.rindex(")") + 2:].split()
    if champs[0] == "Z":
        return None
    return int(champs[19])


def vivant(processus: Processus) -> bool:
    return debut_processus(processus.pid) == processus.debut


# --- the cluster -----------------------------------------------------------------------


def port_libre(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOTE, port))
        except OSError:
            return False
    return True


# Ports picked for the cluster's own servers and by the tests: below Linux's ephemeral range (32768–60999).
# Waiting on a port of that range that nothing listens on yet can connect the waiting socket to itself (TCP
# simultaneous open: the kernel gave it that very port as its source): the waiter then reads its own request
# back, and the server about to start finds its port taken.
PORTS_AU_HASARD = (20000, 32000)


def port_au_hasard(nombre: int = 1) -> int:
    """A free port (the first of ``nombre`` free consecutive ones) outside the ephemeral range."""
    for _ in range(500):
        base = random.randrange(PORTS_AU_HASARD[0], PORTS_AU_HASARD[1] - nombre)
        if all(port_libre(p) for p in range(base, base + nombre)):
            return base
    raise ErreurCluster(f"pas de {nombre} port(s) libre(s) entre {PORTS_AU_HASARD[0]} et {PORTS_AU_HASARD[1]}")


def ecoute(port: int) -> bool:
    """Something listens on ``port`` (a socket connected to itself does not count)."""
    with socket.socket() as sock:
        sock.settimeout(1)
        if sock.connect_ex((HOTE, port)) != 0:
            return False
        return sock.getsockname() != sock.getpeername()


def attendre_port(port: int, processus: subprocess.Popen, nom: str, delai: float = 60) -> None:
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        if processus.poll() is not None:
            raise ErreurCluster(f"{nom} s'est arrêté au démarrage (code {processus.returncode})")
        if ecoute(port):
            return
        time.sleep(0.2)
    raise ErreurCluster(f"{nom} n'écoute pas sur le port {port} après {delai:.0f} s")


def statut_ok(url: str) -> bool:
    import urllib.request

    requete = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(requete, timeout=5) as reponse:
            return reponse.status == 200
    except (OSError, http.client.HTTPException):  # not up yet, or not an HTTP server answering
        return False


class Cluster:
    def __init__(self, var: Path, ports: Ports, threads: int, sortie=sys.stdout):
        self.dossier = var / "cluster"
        self.ports = ports
        self.threads = threads
        self.sortie = sortie
        self.processus: dict[str, subprocess.Popen] = {}
        self.commandes: dict[str, tuple[list[str], dict]] = {}
        self.database_url = os.environ.get("CARTABLE_DB") or None
        self.redis_url = os.environ.get("CARTABLE_REDIS_URL") or None
        self.arret = False

    # --- bookkeeping

    def dire(self, message: str) -> None:
        print(message, file=self.sortie, flush=True)

    def journal(self, nom: str):
        (self.dossier / "log").mkdir(parents=True, exist_ok=True)
        return open(self.dossier / "log" / f"{nom}.log", "ab")

    def lancer(self, nom: str, commande: list[str], env: dict | None = None, **options) -> subprocess.Popen:
        # A session of its own: Ctrl+C reaches this supervisor only, which then
        # stops everything in order (instances before the database).
        env = env or dict(os.environ)
        self.commandes[nom] = (commande, env, options)
        with self.journal(nom) as journal:
            processus = subprocess.Popen(
                commande, stdout=journal, stderr=subprocess.STDOUT, env=env, start_new_session=True, **options
            )
        self.processus[nom] = processus
        self.ecrire_pids()
        return processus

    def ecrire_pids(self) -> None:
        listes = [Processus("cluster", os.getpid(), debut_processus(os.getpid()))]
        for nom, processus in self.processus.items():
            debut = debut_processus(processus.pid)
            if debut is not None:
                listes.append(Processus(nom, processus.pid, debut))
        ecrire_pids(self.dossier / "pids", listes)

    # --- PostgreSQL

    def postgresql(self) -> str:
        if self.database_url:
            verifier_postgresql(self.database_url)
            self.dire(f"PostgreSQL : {masquer(self.database_url)} (CARTABLE_DB)")
            return self.database_url
        pg = PostgresqlLocal(self.dossier)
        pg.initialiser(self.dire)
        port = port_au_hasard()
        self.lancer("postgresql", pg.commande(port), env=pg.environnement(), **pg.options_processus())
        url = f"postgresql://{UTILISATEUR_PG}:{pg.mot_de_passe()}@{HOTE}:{port}/{BASE_PG}"
        attendre_port(port, self.processus["postgresql"], "PostgreSQL")
        pg.creer_base(port)
        self.dire(f"PostgreSQL : {HOTE}:{port}, données {pg.donnees} (pid {self.processus['postgresql'].pid})")
        return url

    # --- Redis

    def redis(self) -> str:
        if self.redis_url:
            verifier_redis(self.redis_url)
            self.dire(f"Redis : {self.redis_url} (CARTABLE_REDIS_URL)")
            return self.redis_url
        serveur = shutil.which("redis-server")
        if serveur is None:
            raise ErreurCluster("redis-server introuvable : installez le paquet Debian redis-server, "
                                "ou donnez CARTABLE_REDIS_URL=redis://hôte:port/0")
        donnees = self.dossier / "redis"
        donnees.mkdir(parents=True, exist_ok=True)
        port = port_au_hasard()
        # appendonly: queued tasks survive a restart of the cluster
        self.lancer("redis", [serveur, "--bind", HOTE, "--port", str(port), "--dir", str(donnees),
                              "--appendonly", "yes", "--save", "", "--daemonize", "no"])
        attendre_port(port, self.processus["redis"], "Redis")
        self.dire(f"Redis : {HOTE}:{port}, données {donnees} (pid {self.processus['redis'].pid})")
        return f"redis://{HOTE}:{port}/0"

    # --- Zope

    def environnement_zope(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CARTABLE_") or k in ("CARTABLE_DEMO", "CARTABLE_ADMIN_PASSWORD", "CARTABLE_IMPORT_ROOT", "CARTABLE_HORLOGE")}
        env.update(CARTABLE_DB=self.database_url, CARTABLE_REDIS_URL=self.redis_url,
                   CARTABLE_THREADS=str(self.threads), CARTABLE_TRUSTED_PROXIES=HOTE)
        return env

    def instance(self, numero: int) -> None:
        racine = self.dossier / f"instance{numero}"
        commande = [str(BIN / "cartable-start"), "--port", str(self.ports.instances[numero - 1]), "--host", HOTE,
                    "--etc", str(racine / "etc"), "--var", str(racine / "var"), "--sans-worker"]
        self.lancer(f"instance{numero}", commande, env=self.environnement_zope())

    def attendre_instance(self, numero: int, essais: int = 2) -> None:
        """Until the instance answers; one that stops while starting is started once more (a start-up meets the
        first instance's writes on the same database: a conflict is a reason to try again, not to give up), then
        the error names the end of its log."""
        nom = f"instance{numero}"
        url = f"http://{HOTE}:{self.ports.instances[numero - 1]}{CHEMIN_STATUT}"
        fin = time.monotonic() + DELAI_DEMARRAGE
        while time.monotonic() < fin:
            if self.processus[nom].poll() is not None:
                journal = self.dossier / "log" / (nom + ".log")
                fin_journal = "\n".join(journal.read_text(encoding="utf-8", errors="replace").splitlines()[-25:]) \
                    if journal.exists() else ""
                if essais > 1:
                    self.dire(f"{nom} s'est arrêtée au démarrage (code {self.processus[nom].returncode}), nouvel essai ; "
                              f"fin de son journal :\n{fin_journal}")
                    self.instance(numero)
                    return self.attendre_instance(numero, essais - 1)
                raise ErreurCluster(f"{nom} s'est arrêtée au démarrage (code {self.processus[nom].returncode}) : "
                                    f"voir {journal}\n{fin_journal}")
            if statut_ok(url):
                self.dire(f"Zope {nom} : http://{HOTE}:{self.ports.instances[numero - 1]}/cartable "
                          f"(pid {self.processus[nom].pid}, {self.dossier / nom})")
                return
            time.sleep(0.5)
        raise ErreurCluster(f"{nom} ne répond pas après {DELAI_DEMARRAGE} s")

    def worker(self) -> None:
        racine = self.dossier / "worker"
        settings = InstanceSettings(etc_dir=racine / "etc", var_dir=racine / "var", port=self.ports.haproxy,
                                    host=HOTE, threads=1, database_url=self.database_url, redis_url=self.redis_url)
        render_instance(settings)
        self.lancer("worker", [str(BIN / "cartable-worker"), "--zope-conf", str(settings.etc_dir / "zope.conf")],
                    env=self.environnement_zope())
        self.dire(f"Exécuteur de tâches : pid {self.processus['worker'].pid}, journal {self.dossier / 'log' / 'worker.log'}")

    # --- HAProxy

    def haproxy(self) -> None:
        binaire = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
        if binaire is None:
            raise ErreurCluster("haproxy introuvable : lancez scripts/ensure-haproxy (make cluster le fait)")
        config = self.dossier / "haproxy.cfg"
        config.write_text(config_haproxy(self.ports, self.dossier / "haproxy.sock", self.threads), encoding="utf-8")
        verification = subprocess.run([binaire, "-c", "-f", str(config)], capture_output=True, text=True)
        if verification.returncode != 0:
            raise ErreurCluster(f"configuration HAProxy refusée ({config}) : {(verification.stdout + verification.stderr).strip()[-800:]}")
        self.lancer("haproxy", [binaire, "-db", "-f", str(config)])
        attendre_port(self.ports.haproxy, self.processus["haproxy"], "HAProxy")
        fin = time.monotonic() + 30
        while not statut_ok(f"http://{HOTE}:{self.ports.haproxy}{CHEMIN_STATUT}"):
            if time.monotonic() > fin:
                raise ErreurCluster("HAProxy ne trouve aucune instance en bonne santé après 30 s")
            time.sleep(0.5)

    # --- life cycle

    def demarrer(self) -> None:
        occupes = [p for p in (self.ports.haproxy, *self.ports.instances, self.ports.statistiques) if not port_libre(p)]
        if occupes:
            raise ErreurCluster(f"ports déjà pris : {', '.join(map(str, occupes))} (choisissez PORT=…)")
        self.dossier.mkdir(parents=True, exist_ok=True)
        self.ecrire_pids()
        self.database_url = self.postgresql()
        self.redis_url = self.redis()
        # The first instance creates the site (or runs its upgrades) alone:
        # two processes initialising one database at once would conflict.
        self.instance(1)
        self.attendre_instance(1)
        for numero in range(2, len(self.ports.instances) + 1):
            self.instance(numero)
        for numero in range(2, len(self.ports.instances) + 1):
            self.attendre_instance(numero)
        self.worker()
        self.haproxy()

    def resume(self) -> None:
        self.dire(f"\nCartable (cluster) est servi sur http://localhost:{self.ports.haproxy}/cartable par HAProxy")
        self.dire(comptes_demo(self.dossier / "log" / "instance1.log"))
        self.dire(f"  statistiques HAProxy : http://{HOTE}:{self.ports.statistiques}/ ; socket {self.dossier / 'haproxy.sock'}")
        self.dire(f"  journaux : {self.dossier / 'log'} ; pids : {self.dossier / 'pids'}")
        self.dire("Arrêt : Ctrl+C, ou make cluster-stop depuis un autre terminal\n")

    def surveiller(self) -> None:
        """Stay in the foreground; an instance that dies is started again (HAProxy routes around it meanwhile)."""
        while not self.arret:
            for nom, processus in list(self.processus.items()):
                if processus.poll() is None or self.arret:
                    continue
                # the local PostgreSQL too (crash, operator's restart): same port and data, the instances reconnect
                if nom.startswith("instance") or nom in ("worker", "postgresql"):
                    self.dire(f"{nom} arrêtée (code {processus.returncode}) : relance")
                    commande, env, options = self.commandes[nom]
                    self.lancer(nom, commande, env, **options)
                else:
                    self.dire(f"{nom} arrêté (code {processus.returncode}) : arrêt du cluster")
                    return
            time.sleep(1)

    def arreter(self) -> None:
        self.arret = True
        # the front first, the database last
        for nom in reversed(list(self.processus)):
            processus = self.processus[nom]
            if processus.poll() is None:
                arreter_processus(processus.pid, signal_arret(nom), lambda: processus.poll() is not None)
                self.dire(f"{nom} arrêté")
        ecrire_pids(self.dossier / "pids", [])


def comptes_demo(journal: Path) -> str:
    """The demo logins the first instance printed (cartable-start), for the cluster's summary."""
    lignes = journal.read_text(encoding="utf-8", errors="replace").splitlines() if journal.exists() else []
    debut = max((i for i, ligne in enumerate(lignes) if ligne.startswith("Comptes de démonstration")), default=None)
    if debut is None:
        return f"Comptes : voir {journal}"
    bloc = []
    for ligne in lignes[debut:]:
        if ligne.startswith("Arrêt"):
            break
        bloc.append(ligne)
    return "\n".join(bloc)


def signal_arret(nom: str) -> int:
    # PostgreSQL's TERM waits for every client to leave; INT is its "fast" shutdown
    # (clean, with a checkpoint), which is what stopping the cluster means.
    return signal.SIGINT if nom == "postgresql" else signal.SIGTERM


def arreter_processus(pid: int, signum: int, fini, delai: float = DELAI_ARRET) -> str:
    """Send ``signum``, wait up to ``delai`` seconds for ``fini()``, then KILL. Returns how it ended."""
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        return "absent"
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        if fini():
            return "arrêté"
        time.sleep(0.2)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return "arrêté"
    fin = time.monotonic() + 10
    while time.monotonic() < fin and not fini():
        time.sleep(0.1)
    return "tué"


def masquer(url: str) -> str:
    dsn = parse_database_url(url)
    return url.replace(f":{dsn.password}@", ":***@") if dsn and dsn.password else url


def verifier_postgresql(url: str) -> None:
    import psycopg2

    dsn = parse_database_url(url)
    try:
        psycopg2.connect(dsn.libpq(), connect_timeout=10).close()
    except psycopg2.OperationalError as exc:
        raise ErreurCluster(f"PostgreSQL injoignable ({masquer(url)}) : {str(exc).strip()}") from None


def verifier_redis(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=10).ping()
    except redis.RedisError as exc:
        raise ErreurCluster(f"Redis injoignable ({url}) : {exc}") from None


class PostgresqlLocal:
    """A PostgreSQL cluster of its own under var/cluster/pg, made by Debian's initdb.

    PostgreSQL refuses to run as root. As root, the server runs as an
    unprivileged account (``CARTABLE_PG_OS_USER``, default ``postgres``, the
    account Debian's postgresql package creates) through ``setpriv``, which
    changes uid, gid and groups and then *execs* the server: the pid we keep
    is the postmaster's own. The data folder belongs to that account (mode
    0700, as initdb requires); the parent folders only need to be traversable.
    Not root: everything runs as the current user.
    """

    def __init__(self, dossier: Path):
        self.dossier = dossier
        self.donnees = dossier / "pg"
        self.fichier_mot_de_passe = dossier / "pg.motdepasse"
        self.compte = None
        if os.geteuid() == 0:
            nom = os.environ.get("CARTABLE_PG_OS_USER") or "postgres"
            try:
                self.compte = pwd.getpwnam(nom)
            except KeyError:
                raise ErreurCluster(
                    f"compte système « {nom} » absent : PostgreSQL ne tourne pas en root ; créez-le "
                    "(paquet postgresql) ou donnez CARTABLE_PG_OS_USER=un_compte_non_privilégié") from None

    def binaires(self) -> Path:
        versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
        version_donnees = self.donnees / "PG_VERSION"
        if version_donnees.exists():
            voulue = version_donnees.read_text().strip()
            versions = [p for p in versions if p.parts[-3] == voulue]
            if not versions:
                raise ErreurCluster(f"les données {self.donnees} sont en PostgreSQL {voulue}, non installé ici")
        if not versions:
            raise ErreurCluster("PostgreSQL introuvable (/usr/lib/postgresql/*/bin/initdb) : installez le paquet "
                                "Debian postgresql, ou donnez CARTABLE_DB=postgresql://…")
        return versions[-1].parent

    def prefixe(self) -> list[str]:
        if self.compte is None:
            return []
        return ["setpriv", f"--reuid={self.compte.pw_uid}", f"--regid={self.compte.pw_gid}", "--init-groups"]

    def environnement(self) -> dict:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
        if self.compte is not None:
            env.update(HOME=self.compte.pw_dir, USER=self.compte.pw_name)
        return env

    def options_processus(self) -> dict:
        return {"cwd": str(self.donnees)}

    def mot_de_passe(self) -> str:
        return self.fichier_mot_de_passe.read_text(encoding="utf-8").strip()

    def _au_compte(self, chemin: Path) -> None:
        if self.compte is not None:
            os.chown(chemin, self.compte.pw_uid, self.compte.pw_gid)

    def initialiser(self, dire) -> None:
        if (self.donnees / "PG_VERSION").exists():
            return
        binaires = self.binaires()
        dire(f"Création du cluster PostgreSQL dans {self.donnees} ({binaires.parent.name})…")
        self.donnees.mkdir(parents=True, exist_ok=True)
        self.donnees.chmod(0o700)
        self._au_compte(self.donnees)
        self.verifier_acces()
        mot_de_passe = secrets.token_urlsafe(24)
        self.fichier_mot_de_passe.touch(mode=0o600)
        self.fichier_mot_de_passe.write_text(mot_de_passe + "\n", encoding="utf-8")
        # initdb reads the password from a file its own account can read; removed right after
        transmis = self.dossier / "pg.motdepasse.initdb"
        transmis.touch(mode=0o600)
        transmis.write_text(mot_de_passe + "\n", encoding="utf-8")
        self._au_compte(transmis)
        try:
            resultat = subprocess.run(
                [*self.prefixe(), str(binaires / "initdb"), "-D", str(self.donnees), "-U", UTILISATEUR_PG,
                 f"--pwfile={transmis}", "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"],
                capture_output=True, text=True, env=self.environnement(), cwd=str(self.donnees),
            )
        finally:
            transmis.unlink(missing_ok=True)
        if resultat.returncode != 0:
            raise ErreurCluster(
                f"initdb a échoué ({resultat.returncode}) : {resultat.stderr.strip()[-600:]}\n"
                f"(si c'est une question de droits : le compte {self.compte.pw_name if self.compte else 'courant'} "
                f"doit pouvoir traverser les dossiers parents de {self.donnees}, chmod o+x)")

    def verifier_acces(self) -> None:
        """The server's account must reach its data folder: every parent traversable (o+x)."""
        if self.compte is None:
            return
        essai = subprocess.run([*self.prefixe(), "test", "-w", str(self.donnees), "-a", "-x", str(self.dossier)],
                               env=self.environnement())
        if essai.returncode != 0:
            raise ErreurCluster(
                f"le compte {self.compte.pw_name}, qui fait tourner PostgreSQL, n'atteint pas {self.donnees} ni "
                f"{self.dossier} : rendez les dossiers parents traversables (chmod o+x) ou choisissez --var ailleurs")

    def commande(self, port: int) -> list[str]:
        # the Unix socket in the data folder: /var/run/postgresql may not be ours to write
        return [*self.prefixe(), str(self.binaires() / "postgres"), "-D", str(self.donnees), "-p", str(port),
                "-c", f"listen_addresses={HOTE}", "-c", f"unix_socket_directories={self.donnees}"]

    def creer_base(self, port: int) -> None:
        import psycopg2

        fin = time.monotonic() + 60
        while True:
            try:
                connexion = psycopg2.connect(dbname="postgres", user=UTILISATEUR_PG, password=self.mot_de_passe(),
                                             host=HOTE, port=port, connect_timeout=5)
                break
            except psycopg2.OperationalError:
                if time.monotonic() > fin:
                    raise
                time.sleep(0.5)
        connexion.autocommit = True
        with connexion.cursor() as curseur:
            curseur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (BASE_PG,))
            if curseur.fetchone() is None:
                curseur.execute(f'CREATE DATABASE "{BASE_PG}"')
        connexion.close()


def arguments(argv=None):
    parser = argparse.ArgumentParser(description="Démarre Cartable en cluster : PostgreSQL, Redis, "
                                                 "N instances Zope, un exécuteur de tâches, HAProxy.")
    parser.add_argument("--instances", default=os.environ.get("INSTANCES") or "2", help="instances Zope (défaut : 2)")
    parser.add_argument("--port", default=None, help="port de HAProxy (défaut : $PORT ou 8080) ; instance N sur PORT+N")
    parser.add_argument("--var", default=None, help="dossier des données (défaut : var/) ; tout va dans <var>/cluster")
    return parser.parse_args(argv)


def dossier_var(var: str | None) -> Path:
    return Path(var or site.dossier_var()).resolve()


def _interrompre(*_):
    raise KeyboardInterrupt  # TERM (make cluster-stop) stops like Ctrl+C


def main(argv=None) -> int:
    args = arguments(argv)
    try:
        instances = int(args.instances) if str(args.instances).isdigit() else -1
        ports = plan_ports(parse_port(args.port if args.port is not None else os.environ.get("PORT")), instances)
        parse_database_url(os.environ.get("CARTABLE_DB"))
        parse_redis_url(os.environ.get("CARTABLE_REDIS_URL"))
    except ConfigError as exc:
        print(f"cartable-cluster: {exc}", file=sys.stderr)
        return 2
    var = dossier_var(args.var)
    deja = [p for p in lire_pids(var / "cluster" / "pids") if vivant(p)]
    if deja:
        print(f"cartable-cluster: un cluster tourne déjà ({var / 'cluster' / 'pids'}) : make cluster-stop d'abord",
              file=sys.stderr)
        return 2
    cluster = Cluster(var, ports, threads=threads_par_defaut())
    signal.signal(signal.SIGTERM, _interrompre)
    code = 0
    try:
        cluster.demarrer()
        cluster.resume()
        cluster.surveiller()
        code = 1  # surveiller() returns only when PostgreSQL, Redis or HAProxy died
    except KeyboardInterrupt:
        pass
    except (ErreurCluster, ConfigError) as exc:
        print(f"cartable-cluster: {exc}", file=sys.stderr)
        code = 1
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        cluster.arreter()
    return code


def main_stop(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Arrête ce que cartable-cluster a démarré (par pid), sans rien effacer.")
    parser.add_argument("--var", default=None, help="dossier des données (défaut : var/)")
    args = parser.parse_args(argv)
    chemin = dossier_var(args.var) / "cluster" / "pids"
    try:
        processus = lire_pids(chemin)
    except ErreurCluster as exc:
        print(f"cartable-cluster-stop: {exc}", file=sys.stderr)
        return 2
    vivants = [p for p in processus if vivant(p)]
    if not vivants:
        print("Aucun processus du cluster ne tourne.")
        return 0
    # The supervisor first: it stops the others in order. Then whatever is
    # left (the supervisor was killed, or a child outlived it), front first.
    superviseur = [p for p in vivants if p.nom == "cluster"]
    autres = [p for p in reversed(vivants) if p.nom != "cluster"]
    for p in superviseur + autres:
        if vivant(p):
            fin = arreter_processus(p.pid, signal_arret(p.nom), lambda p=p: not vivant(p),
                                    delai=DELAI_ARRET * (len(autres) + 1) if p.nom == "cluster" else DELAI_ARRET)
            print(f"{p.nom} (pid {p.pid}) : {fin}")
    restants = [p for p in processus if vivant(p)]
    if restants:
        print("toujours vivants : " + ", ".join(f"{p.nom} {p.pid}" for p in restants), file=sys.stderr)
        return 1
    ecrire_pids(chemin, [])
    return 0


if __name__ == "__main__":
    sys.exit(main())
