"""Where the CAS tickets live: outside the ZODB, like the login throttle (cartable.core.limites).

Redis when ``CARTABLE_REDIS_URL`` is set (a cluster shares it), else a SQLite file
``$CARTABLE_VAR/cas.sqlite3`` (``CARTABLE_CAS_FILE`` to place it elsewhere), shared by the
processes of one machine. Issuing or validating a ticket is thus never a ZODB write: a region's
applications validating thousands of tickets at 8:00 do not conflict with the roll call.

A record is kept under its key (``ST-…`` for a service ticket, ``RN-…`` for the proof that a
person typed their password after a ``renew=true``) with its moment of creation on Cartable's
clock (``horloge.horodatage()``: a test moves past the 10 s with ``horloge.figer``). Taking one
(``consommer``) is atomic and deletes it: two validations of one ticket, even at the same
instant on two instances, give it to one only (SQLite: ``DELETE … RETURNING`` inside
``BEGIN IMMEDIATE``; Redis: ``GETDEL``). Redis also forgets a key after ``GARDE`` seconds of its
own clock; in SQLite, records older than ``GARDE`` are deleted at each issue.
"""

import json
import os
import sqlite3
import threading
from pathlib import Path

from cartable.core import horloge
from cartable.core.config import parse_redis_url
from cartable.core.site import dossier_var

GARDE = 10 * 60  # seconds a record is kept at most (a ticket is refused after 10 s anyway)
PREFIXE_CLE = "cartable:cas:"


class _Redis:
    def __init__(self, url):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    def ecrire(self, cle, valeur):
        self.client.set(PREFIXE_CLE + cle, json.dumps(valeur), ex=GARDE, nx=True)

    def consommer(self, cle):
        valeur = self.client.getdel(PREFIXE_CLE + cle)
        return json.loads(valeur) if valeur else None


class _Sqlite:
    def __init__(self, path):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self.local = threading.local()
        self._conn().execute("CREATE TABLE IF NOT EXISTS tickets (cle TEXT PRIMARY KEY, valeur TEXT, cree REAL)")

    def _conn(self):
        if getattr(self.local, "conn", None) is None:
            self.local.conn = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            self.local.conn.execute("PRAGMA journal_mode=WAL")
        return self.local.conn

    def ecrire(self, cle, valeur):
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("DELETE FROM tickets WHERE cree < ?", (horloge.horodatage() - GARDE,))
            conn.execute("INSERT INTO tickets VALUES (?, ?, ?)", (cle, json.dumps(valeur), valeur["cree"]))
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")
            raise

    def consommer(self, cle):
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            ligne = conn.execute("DELETE FROM tickets WHERE cle = ? RETURNING valeur", (cle,)).fetchone()
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")
            raise
        return json.loads(ligne[0]) if ligne else None


_magasins = {}


def magasin():
    url = parse_redis_url(os.environ.get("CARTABLE_REDIS_URL"))
    cle = ("redis", url) if url else ("sqlite", os.environ.get("CARTABLE_CAS_FILE") or str(dossier_var() / "cas.sqlite3"))
    if cle not in _magasins:
        _magasins[cle] = _Redis(cle[1]) if cle[0] == "redis" else _Sqlite(cle[1])
    return _magasins[cle]


def emettre(ticket, *, service, login, renouvele=False):
    """Keep a new service ticket for ``service`` and ``login``."""
    magasin().ecrire(ticket, {"service": service, "login": login, "cree": horloge.horodatage(),
                              "renouvele": bool(renouvele)})


def consommer(ticket):
    """The ticket's record, deleted in the same step; None when unknown or already taken."""
    if not isinstance(ticket, str) or not ticket:
        return None
    return magasin().consommer(ticket)
