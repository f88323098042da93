"""Real instances for the system tests: `cartable-start` in a subprocess, on a free port.

- SQLite (always): RelStorage on SQLite and the SQLite queue, in a temporary folder.
- PostgreSQL: when CARTABLE_TEST_PG is set (postgresql://user@host:port/dbname),
  that database is dropped and created anew; unreachable means failure, not a skip.
- Redis: when CARTABLE_TEST_REDIS is set (redis://host:port/db), that Redis
  database is flushed and used as the queue; unreachable means failure.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

BIN = Path(sys.executable).parent
JSON = {"Accept": "application/json"}
START_TIMEOUT = 300  # a first start creates the site; generous for a loaded CI machine


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Instance:
    def __init__(self, root: Path, env: dict):
        self.root = root
        self.env = env
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/cartable"
        self.process = None
        self.log = root / "start.log"
        self.startup_seconds = None

    def start(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("CARTABLE_")}
        env.update(self.env)
        started = time.monotonic()
        self.process = subprocess.Popen(
            [str(BIN / "cartable-start"), "--port", str(self.port), "--etc", str(self.root / "etc"), "--var", str(self.root / "var")],
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

    def tail(self, lines=40):
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        worker = self.root / "var" / "log" / "worker.log"
        if worker.exists():
            text += "\n--- worker.log ---\n" + worker.read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def reset_postgresql(url):
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
        cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dsn.dbname)))
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
def sqlite_instance(tmp_path_factory):
    instance = Instance(tmp_path_factory.mktemp("sqlite"), {}).start()
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def postgresql_instance(tmp_path_factory):
    url = os.environ.get("CARTABLE_TEST_PG")
    if not url:
        pytest.skip("CARTABLE_TEST_PG is not set (e.g. postgresql://root@127.0.0.1:5432/cartable_test)")
    reset_postgresql(url)
    instance = Instance(tmp_path_factory.mktemp("postgresql"), {"CARTABLE_DB": url}).start()
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def redis_instance(tmp_path_factory):
    url = os.environ.get("CARTABLE_TEST_REDIS")
    if not url:
        pytest.skip("CARTABLE_TEST_REDIS is not set (e.g. redis://127.0.0.1:6379/15)")
    reset_redis(url)
    instance = Instance(tmp_path_factory.mktemp("redis"), {"CARTABLE_REDIS_URL": url}).start()
    yield instance
    instance.stop()
