"""Counting failures to slow down password guessing, shared by every instance.

Same backend choice as the queue: Redis when ``CARTABLE_REDIS_URL`` is set
(a cluster shares it), else a SQLite file under var/ (every process of one
machine shares it). Kept out of the ZODB on purpose: a failed login must not
be a database write that conflicts with the 8:00 roll call.

Windows are measured on Cartable's clock (``horloge.horodatage()``) in the
SQLite file, so that a test moves past a lockout with ``horloge.figer``; Redis
expires its keys on its own clock (the real time).
"""

import math
import os
import sqlite3
import threading
from pathlib import Path

from cartable.core import horloge
from cartable.core.config import parse_redis_url


class Limiteur:
    """``echecs`` failures within ``fenetre`` seconds block a key for the rest of the window."""

    def __init__(self, echecs, fenetre, prefixe):
        self.echecs = echecs
        self.fenetre = fenetre
        self.prefixe = prefixe

    def bloque(self, cle) -> bool:
        return self.nombre(cle) >= self.echecs

    def nombre(self, cle) -> int:
        """Failures counted for ``cle`` in its current window."""
        return _backend().compte(f"{self.prefixe}:{cle}")

    def reste(self, cle) -> int:
        """Whole seconds until the window of ``cle`` closes (0: no window open)."""
        return _backend().reste(f"{self.prefixe}:{cle}")

    def echec(self, cle) -> int:
        return _backend().incrementer(f"{self.prefixe}:{cle}", self.fenetre)

    def effacer(self, cle):
        _backend().effacer(f"{self.prefixe}:{cle}")


class _Redis:
    def __init__(self, url):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    def compte(self, cle):
        return int(self.client.get(cle) or 0)

    def reste(self, cle):
        return max(int(self.client.ttl(cle)), 0)

    def incrementer(self, cle, fenetre):
        pipe = self.client.pipeline()
        pipe.incr(cle)
        pipe.expire(cle, fenetre, nx=True)
        return pipe.execute()[0]

    def effacer(self, cle):
        self.client.delete(cle)


class _Sqlite:
    def __init__(self, path):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self.local = threading.local()
        with self._conn() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS echecs (cle TEXT PRIMARY KEY, nombre INTEGER, fin REAL)")

    def _conn(self):
        if getattr(self.local, "conn", None) is None:
            self.local.conn = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            self.local.conn.execute("PRAGMA journal_mode=WAL")
        return self.local.conn

    def compte(self, cle):
        row = self._conn().execute("SELECT nombre, fin FROM echecs WHERE cle = ?", (cle,)).fetchone()
        return row[0] if row and row[1] > horloge.horodatage() else 0

    def reste(self, cle):
        row = self._conn().execute("SELECT fin FROM echecs WHERE cle = ?", (cle,)).fetchone()
        return max(math.ceil(row[0] - horloge.horodatage()), 0) if row else 0

    def incrementer(self, cle, fenetre):
        now = horloge.horodatage()
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT nombre, fin FROM echecs WHERE cle = ?", (cle,)).fetchone()
            nombre, fin = (row[0] + 1, row[1]) if row and row[1] > now else (1, now + fenetre)
            conn.execute("INSERT OR REPLACE INTO echecs VALUES (?, ?, ?)", (cle, nombre, fin))
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")
            raise
        return nombre

    def effacer(self, cle):
        self._conn().execute("DELETE FROM echecs WHERE cle = ?", (cle,))


_backends = {}


def _backend():
    redis_url = parse_redis_url(os.environ.get("CARTABLE_REDIS_URL"))
    if redis_url:
        key = ("redis", redis_url)
    else:
        var = os.environ.get("CARTABLE_VAR") or Path(__file__).resolve().parents[3] / "var"
        key = ("sqlite", os.environ.get("CARTABLE_LIMITES_FILE") or str(Path(var) / "limites.sqlite3"))
    if key not in _backends:
        _backends[key] = _Redis(key[1]) if key[0] == "redis" else _Sqlite(key[1])
    return _backends[key]


# 5 wrong passwords for one login in 15 minutes lock that login for the rest of
# the window; 30 from one address make that address stricter (a login with 2
# failures is refused from there), never closed: a whole school shares one
# public address, and a stranger behind it must not lock it out. The rule, for
# every account and way in: cartable.annuaire.verrou.
PAR_LOGIN = Limiteur(echecs=5, fenetre=15 * 60, prefixe="login")
PAR_ADRESSE = Limiteur(echecs=30, fenetre=15 * 60, prefixe="adresse")
