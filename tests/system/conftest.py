"""Real instances for the system tests: `cartable-start` in a subprocess, on a free port.

The session's clock: every process the system tests start (instances, their
workers, clusters, scripts) lives at one chosen moment of the demo school
year, MOMENT (``CARTABLE_HORLOGE``), ticking from there; the tests read
JOUR and ``moment()``, never the real date.

The demo site is created once per session and storage: ``donnees_demo`` (a
first `cartable-start` on SQLite, stopped cleanly), each SQLite instance starts
on a copy of that ``var/``; ``modele_postgresql`` (the same on CARTABLE_TEST_PG's
server), each database of the tests on that server is created from it
(``CREATE DATABASE … TEMPLATE …``). Their starts only serve.

- SQLite (always): RelStorage on SQLite and the SQLite queue, in a temporary folder.
- PostgreSQL: when CARTABLE_TEST_PG is set (postgresql://user@host:port/dbname),
  that database is dropped and created anew (from the session's model database);
  unreachable means failure, not a skip.
- Redis: when CARTABLE_TEST_REDIS is set (redis://host:port/db), that Redis
  database is flushed and used as the queue; unreachable means failure.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests

from cartable.ops.cluster import port_au_hasard

BIN = Path(sys.executable).parent
JSON = {"Accept": "application/json"}
START_TIMEOUT = 300  # a first start creates the site; generous for a loaded CI machine
CREATION = "Création du site"  # what a first start prints (cartable.core.site)

# Tuesday 17 November 2026, 08:05: a school day of the demo year (no closure in
# demo/emploi_du_temps.py's calendar, courses every hour of the morning), in
# the first trimester (open until 30 November, demo/notes.py), a week after the
# Armistice and before the Christmas holidays: the session runs from there.
MOMENT = datetime(2026, 11, 17, 8, 5)
JOUR = MOMENT.date()
_DEPART = time.monotonic()


def moment() -> datetime:
    """The session's clock now (naive Paris time): MOMENT plus the real time elapsed since the session began.

    A process started now with ``horloge_env()`` reads this moment, or a few
    seconds earlier (its clock starts when it imports ``cartable.core.horloge``):
    this is an upper bound of the servers' clocks.
    """
    return MOMENT + timedelta(seconds=time.monotonic() - _DEPART)


def horloge_env() -> dict:
    """CARTABLE_HORLOGE for a process started now: its clock continues the session's (a restart does not go back)."""
    return {"CARTABLE_HORLOGE": moment().isoformat()}


def free_port():
    """Outside the ephemeral range (cartable.ops.cluster.port_au_hasard: a wait on a port of that range can
    connect to itself)."""
    return port_au_hasard()


class Instance:
    """``donnees``: a prepared ``var/`` (see ``donnees_demo``), copied as this instance's own before its first start."""

    def __init__(self, root: Path, env: dict, donnees: Path | None = None, options=()):
        self.root = root
        self.env = env
        self.options = list(options)
        if donnees is not None:
            shutil.copytree(donnees, root / "var", ignore=shutil.ignore_patterns("log", "queue.sqlite3*"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/cartable"
        self.process = None
        self.log = root / "start.log"
        self.startup_seconds = None

    def start(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("CARTABLE_")}
        env.update(self.env)
        env.update(horloge_env())
        started = time.monotonic()
        self.process = subprocess.Popen(
            [str(BIN / "cartable-start"), "--port", str(self.port), "--etc", str(self.root / "etc"), "--var", str(self.root / "var"),
             *self.options],
            env=env,
            stdout=open(self.log, "ab"),
            stderr=subprocess.STDOUT,
        )
        while time.monotonic() - started < START_TIMEOUT:
            if self.process.poll() is not None:
                pytest.fail(f"cartable-start exited with {self.process.returncode}:\n{self.tail()}")
            try:
                if requests.get(f"{self.url}/@cartable-status", headers=JSON, timeout=5).status_code == 200:
                    self.startup_seconds = time.monotonic() - started
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.5)
        self.stop()
        pytest.fail(f"instance not serving after {START_TIMEOUT}s:\n{self.tail()}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode if self.process else None

    def worker_pid(self):
        """The pid of the queue worker this start spawned (its line in the start log), None without one."""
        found = re.findall(r"Exécuteur de tâches lancé \(pid (\d+)", self.log.read_text(errors="replace"))
        return int(found[-1]) if found else None

    def tail(self, lines=40):
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        worker = self.root / "var" / "log" / "worker.log"
        if worker.exists():
            text += "\n--- worker.log ---\n" + worker.read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def url_voisine(url, suffixe):
    """The database ``<name><suffixe>`` on the same PostgreSQL server."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + suffixe))


def reset_postgresql(url, modele=None):
    """Drop and create the database of ``url``; a copy of the database of ``modele`` when given."""
    import psycopg2
    from psycopg2 import sql

    from cartable.core.config import parse_database_url

    dsn = parse_database_url(url)
    try:
        conn = psycopg2.connect(dbname="postgres", user=dsn.user or None, password=dsn.password or None,
                                host=dsn.host or None, port=dsn.port, connect_timeout=10)
    except psycopg2.OperationalError as exc:
        pytest.fail(f"CARTABLE_TEST_PG={url} is set but PostgreSQL is unreachable: {exc}")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dsn.dbname)))
        if modele is None:
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dsn.dbname)))
        else:
            source = parse_database_url(modele).dbname
            for essai in range(20):  # the model's last sessions may still be closing
                try:
                    cur.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(dsn.dbname), sql.Identifier(source)))
                    break
                except psycopg2.errors.ObjectInUse:
                    if essai == 19:
                        raise
                    time.sleep(0.5)
    conn.close()


def reset_redis(url):
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=10).flushdb()
    except redis.RedisError as exc:
        pytest.fail(f"CARTABLE_TEST_REDIS={url} is set but Redis is unreachable: {exc}")
    parts = urlsplit(url)
    assert parts.path not in ("", "/", "/0"), "CARTABLE_TEST_REDIS must name a dedicated database, e.g. /15"


@pytest.fixture(scope="session")
def donnees_demo(tmp_path_factory):
    """The ``var/`` of a SQLite instance holding the demo site, made once per session.

    The one first start of the session: it must create the site; stopped
    cleanly (SIGTERM) so that its SQLite files are complete to copy.
    """
    instance = Instance(tmp_path_factory.mktemp("demo"), {}, options=["--sans-worker"]).start()
    assert instance.stop() == 0, instance.tail()
    assert CREATION in instance.log.read_text(errors="replace"), instance.tail()
    print(f"\ndemo site created once for the session in {instance.startup_seconds:.1f} s")
    return instance.root / "var"


@pytest.fixture(scope="session")
def sqlite_instance(tmp_path_factory, donnees_demo):
    instance = Instance(tmp_path_factory.mktemp("sqlite"), {}, donnees=donnees_demo).start()
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def modele_postgresql(tmp_path_factory):
    """The URL of a database on CARTABLE_TEST_PG's server holding the demo site, made once per session
    (``<name>_modele``) by the session's one first start on PostgreSQL: it must create the site."""
    url = os.environ.get("CARTABLE_TEST_PG")
    if not url:
        pytest.skip("CARTABLE_TEST_PG is not set (e.g. postgresql://root@127.0.0.1:5432/cartable_test)")
    modele = url_voisine(url, "_modele")
    reset_postgresql(modele)
    instance = Instance(tmp_path_factory.mktemp("modele-pg"), {"CARTABLE_DB": modele}, options=["--sans-worker"]).start()
    assert instance.stop() == 0, instance.tail()
    assert CREATION in instance.log.read_text(errors="replace"), instance.tail()
    print(f"\ndemo site created once for the session on PostgreSQL in {instance.startup_seconds:.1f} s")
    return modele


@pytest.fixture(scope="session")
def postgresql_instance(tmp_path_factory, modele_postgresql):
    url = os.environ["CARTABLE_TEST_PG"]
    reset_postgresql(url, modele=modele_postgresql)
    instance = Instance(tmp_path_factory.mktemp("postgresql"), {"CARTABLE_DB": url}).start()
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def redis_instance(tmp_path_factory, donnees_demo):
    url = os.environ.get("CARTABLE_TEST_REDIS")
    if not url:
        pytest.skip("CARTABLE_TEST_REDIS is not set (e.g. redis://127.0.0.1:6379/15)")
    reset_redis(url)
    instance = Instance(tmp_path_factory.mktemp("redis"), {"CARTABLE_REDIS_URL": url}, donnees=donnees_demo).start()
    yield instance
    instance.stop()
