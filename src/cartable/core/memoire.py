"""Short-lived records kept outside the ZODB: what the CAS server (``annuaire/cas/tickets.py``) and the SAML
service provider (``annuaire/saml/magasin.py``) remember — a ticket, a request sent, an assertion seen, a
session. A login is thus never a ZODB write: a region's applications validating thousands of tickets at
8:00 do not conflict with the roll call.

Redis when ``CARTABLE_REDIS_URL`` is set (a cluster shares it: keys ``cartable:<nom>:…``), else a SQLite
file ``$CARTABLE_VAR/<nom>.sqlite3`` (or the file an environment variable names), shared by the processes
of one machine. Each record has an end (seconds, on Cartable's clock ``horloge``: a test moves past it
with ``horloge.figer``).

``poser`` writes only if the key is new and says so (Redis ``SET NX``, SQLite ``INSERT OR IGNORE`` in an
immediate transaction that also deletes the records past their end); ``prendre`` reads and deletes in one
step (Redis ``GETDEL``, SQLite ``DELETE … RETURNING``): of two simultaneous uses, even on two instances,
one wins. A record past its end is never given.
"""

import json
import os
import sqlite3
import threading
from pathlib import Path

from cartable.core import horloge
from cartable.core.config import parse_redis_url
from cartable.core.site import dossier_var


class _Redis:
    def __init__(self, url, prefixe):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.prefixe = prefixe

    def poser(self, cle, valeur, duree):
        return bool(self.client.set(self.prefixe + cle, json.dumps(valeur), ex=max(1, int(duree)), nx=True))

    def prendre(self, cle):
        valeur = self.client.getdel(self.prefixe + cle)
        return json.loads(valeur) if valeur else None


class _Sqlite:
    def __init__(self, path):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self.local = threading.local()
        self._conn().execute("CREATE TABLE IF NOT EXISTS memoire (cle TEXT PRIMARY KEY, valeur TEXT, fin REAL)")

    def _conn(self):
        if getattr(self.local, "conn", None) is None:
            self.local.conn = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            self.local.conn.execute("PRAGMA journal_mode=WAL")
        return self.local.conn

    def _transaction(self, requetes):
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            resultat = requetes(conn)
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")
            raise
        return resultat

    def poser(self, cle, valeur, duree):
        maintenant = horloge.horodatage()

        def requetes(conn):
            conn.execute("DELETE FROM memoire WHERE fin < ?", (maintenant,))
            curseur = conn.execute("INSERT OR IGNORE INTO memoire VALUES (?, ?, ?)",
                                   (cle, json.dumps(valeur), maintenant + max(1, duree)))
            return curseur.rowcount == 1

        return self._transaction(requetes)

    def prendre(self, cle):
        maintenant = horloge.horodatage()
        ligne = self._transaction(lambda conn: conn.execute(
            "DELETE FROM memoire WHERE cle = ? RETURNING valeur, fin", (cle,)).fetchone())
        return json.loads(ligne[0]) if ligne and ligne[1] >= maintenant else None


_magasins = {}


def magasin(nom, variable_fichier):
    """The store ``nom`` (« cas », « saml ») as the environment says now: Redis, or its SQLite file."""
    url = parse_redis_url(os.environ.get("CARTABLE_REDIS_URL"))
    cle = ("redis", url, nom) if url else ("sqlite", os.environ.get(variable_fichier) or str(dossier_var() / f"{nom}.sqlite3"), nom)
    if cle not in _magasins:
        _magasins[cle] = _Redis(url, f"cartable:{nom}:") if url else _Sqlite(cle[1])
    return _magasins[cle]
