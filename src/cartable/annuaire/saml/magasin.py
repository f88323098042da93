"""What the SAML service provider remembers, outside the ZODB, as the CAS tickets are (``cas/tickets.py``).

Redis when ``CARTABLE_REDIS_URL`` is set (a cluster shares it), else a SQLite file
``$CARTABLE_VAR/saml.sqlite3`` (``CARTABLE_SAML_FILE`` to place it elsewhere). Logging in through an
identity provider is thus never a ZODB write.

Three kinds of records, each with an end (seconds, on Cartable's clock ``horloge``):

- ``D:<id>``: an AuthnRequest sent (its identity provider and where to go after), taken once by the
  Assertion Consumer Service: the answer's ``InResponseTo`` must name it (an unsolicited or replayed
  answer finds nothing);
- ``A:<id>``: an assertion already used, kept until its end plus the skew: a replay is refused;
- ``S:<key>``: a person's SAML session (name id, session index), for single logout; the key is in a cookie.

``poser`` writes only if the key is new and says so (Redis ``SET NX``, SQLite ``INSERT OR IGNORE`` in an
immediate transaction); ``prendre`` reads and deletes in one step (Redis ``GETDEL``, SQLite
``DELETE … RETURNING``): of two simultaneous uses, one wins.
"""

import json
import os
import sqlite3
import threading
from pathlib import Path

from cartable.core import horloge
from cartable.core.config import parse_redis_url
from cartable.core.site import dossier_var

PREFIXE_CLE = "cartable:saml:"


class _Redis:
    def __init__(self, url):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    def poser(self, cle, valeur, duree):
        return bool(self.client.set(PREFIXE_CLE + cle, json.dumps(valeur), ex=max(1, int(duree)), nx=True))

    def prendre(self, cle):
        valeur = self.client.getdel(PREFIXE_CLE + cle)
        return json.loads(valeur) if valeur else None


class _Sqlite:
    def __init__(self, path):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self.local = threading.local()
        self._conn().execute("CREATE TABLE IF NOT EXISTS saml (cle TEXT PRIMARY KEY, valeur TEXT, fin REAL)")

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
            conn.execute("DELETE FROM saml WHERE fin < ?", (maintenant,))
            curseur = conn.execute("INSERT OR IGNORE INTO saml VALUES (?, ?, ?)",
                                   (cle, json.dumps(valeur), maintenant + max(1, duree)))
            return curseur.rowcount == 1

        return self._transaction(requetes)

    def prendre(self, cle):
        maintenant = horloge.horodatage()
        ligne = self._transaction(lambda conn: conn.execute(
            "DELETE FROM saml WHERE cle = ? RETURNING valeur, fin", (cle,)).fetchone())
        return json.loads(ligne[0]) if ligne and ligne[1] >= maintenant else None


_magasins = {}


def magasin():
    url = parse_redis_url(os.environ.get("CARTABLE_REDIS_URL"))
    cle = ("redis", url) if url else ("sqlite", os.environ.get("CARTABLE_SAML_FILE") or str(dossier_var() / "saml.sqlite3"))
    if cle not in _magasins:
        _magasins[cle] = _Redis(cle[1]) if cle[0] == "redis" else _Sqlite(cle[1])
    return _magasins[cle]


def demande_emise(identifiant, donnees, duree):
    magasin().poser("D:" + identifiant, donnees, duree)


def demande_reprise(identifiant):
    """The request's record, taken (deleted); None when unknown, already answered or past its end."""
    return magasin().prendre("D:" + identifiant) if isinstance(identifiant, str) and identifiant else None


def premiere_fois(assertion_id, duree) -> bool:
    """True the first time this assertion id is seen (and remembered ``duree`` seconds), False after."""
    return magasin().poser("A:" + assertion_id, {}, duree)


def ouvrir_session(cle, donnees, duree):
    magasin().poser("S:" + cle, donnees, duree)


def fermer_session(cle):
    return magasin().prendre("S:" + cle) if isinstance(cle, str) and cle else None
