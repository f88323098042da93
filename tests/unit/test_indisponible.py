"""Storage unavailable → 503 (cartable.core.indisponible): which errors, which answer, one log line per outage."""

import json
import logging
import sqlite3

import psycopg2
import psycopg2.errors
import pytest
import redis.exceptions
from relstorage.adapters.interfaces import ReplicaClosedException, UnableToAcquireCommitLockError
from relstorage.storage.interfaces import StorageDisconnectedDuringCommit
from ZODB.POSException import ConflictError, ReadConflictError

from cartable.core import indisponible
from cartable.core.indisponible import Panne, garde, stockage_indisponible, veut_json

# What psycopg2 raises while PostgreSQL restarts (libpq's own carry no SQLSTATE) and what it
# raises for a query that failed on a server that is up.
INDISPONIBLES = [
    psycopg2.OperationalError("server closed the connection unexpectedly"),
    psycopg2.OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused'),
    psycopg2.InterfaceError("connection already closed"),
    psycopg2.errors.lookup("57P01")("terminating connection due to administrator command"),
    psycopg2.errors.lookup("57P03")("the database system is starting up"),
    psycopg2.errors.lookup("57P03")("the database system is shutting down"),
    psycopg2.errors.lookup("08006")("connection failure"),
    psycopg2.errors.lookup("53300")("too many connections"),
    ReplicaClosedException("replica closed"),
    StorageDisconnectedDuringCommit(),
    # Redis away: stopped, frozen, loading its data, a replica during a failover
    redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused."),
    redis.exceptions.TimeoutError("Timeout reading from socket"),
    redis.exceptions.BusyLoadingError("Redis is loading the dataset in memory"),
    redis.exceptions.ReadOnlyError("You can't write against a read only replica."),
    redis.exceptions.MasterDownError("MASTERDOWN Link with MASTER is down"),
]
APPLICATION = [
    redis.exceptions.AuthenticationError("invalid username-password pair"),  # a configuration error
    redis.exceptions.ResponseError("WRONGTYPE Operation against a key holding the wrong kind of value"),
    ConnectionRefusedError("Python's own: an HTTP client of the application"),
    psycopg2.errors.lookup("57014")("canceling statement due to statement timeout"),
    psycopg2.errors.lookup("40001")("could not serialize access"),
    psycopg2.errors.lookup("57P04")("database dropped"),
    psycopg2.errors.lookup("08P01")("protocol violation"),
    psycopg2.ProgrammingError("syntax error"),
    psycopg2.IntegrityError("duplicate key"),
    sqlite3.OperationalError("database is locked"),
    UnableToAcquireCommitLockError("commit lock"),
    ConflictError(),
    ReadConflictError(),
    KeyError("eleve"),
    ValueError("x"),
    AttributeError("marques"),
]


@pytest.mark.parametrize("exc", INDISPONIBLES, ids=lambda e: type(e).__name__ + ":" + str(e)[:30])
def test_stockage_indisponible(exc):
    assert stockage_indisponible(exc)


@pytest.mark.parametrize("exc", APPLICATION, ids=lambda e: type(e).__name__ + ":" + str(e)[:30])
def test_pas_une_panne_du_stockage(exc):
    assert not stockage_indisponible(exc)


def test_la_cause_compte():
    """An error raised from (or while handling) a lost connection is the outage; one that only follows an ordinary error is not."""
    try:
        try:
            raise psycopg2.OperationalError("server closed the connection unexpectedly")
        except psycopg2.OperationalError as perdue:
            raise RuntimeError("abort failed") from perdue
    except RuntimeError as exc:
        assert stockage_indisponible(exc)
    try:
        try:
            raise psycopg2.InterfaceError("connection already closed")
        except psycopg2.InterfaceError:
            raise KeyError("x")  # noqa: B904 (the context is the point)
    except KeyError as exc:
        assert stockage_indisponible(exc)
    try:
        try:
            raise psycopg2.InterfaceError("connection already closed")
        except psycopg2.InterfaceError:
            raise KeyError("x") from None
    except KeyError as exc:
        assert not stockage_indisponible(exc)  # said unrelated by its author
    try:
        try:
            raise ValueError("bug")
        except ValueError as bug:
            raise TypeError("another") from bug
    except TypeError as exc:
        assert not stockage_indisponible(exc)


def test_une_chaine_qui_boucle_s_arrete():
    a, b = ValueError("a"), ValueError("b")
    a.__context__, b.__context__ = b, a
    assert not stockage_indisponible(a)


@pytest.mark.parametrize("accept, chemin, attendu", [
    ("application/json", "/cartable/etab/@appel/k", True),
    (None, "/cartable/etab/@appel/k", True),
    ("text/html,application/xhtml+xml", "/cartable/etab/@@appel", False),
    ("text/html", "/cartable/mon-bureau", False),
    ("", "", False),
    ("Application/JSON; charset=utf-8", "/cartable", True),
    ("*/*", "/cartable/++api++/0139101x", True),
])
def test_veut_json(accept, chemin, attendu):
    assert veut_json(accept, chemin) is attendu


def test_reponses():
    status, entetes, corps = indisponible.reponse(True)
    entetes = dict(entetes)
    assert status.startswith("503 ")
    assert entetes["Retry-After"] == str(indisponible.RETRY_AFTER) and int(entetes["Retry-After"]) > 0
    assert entetes["Content-Type"].startswith("application/json")
    assert int(entetes["Content-Length"]) == len(corps)
    assert json.loads(corps) == {"error": {"type": "StockageIndisponible",
                                           "message": "Cartable est momentanément indisponible, réessayez dans un instant."}}
    status, entetes, corps = indisponible.reponse(False, "GET")
    page = corps.decode("utf-8")
    assert dict(entetes)["Content-Type"].startswith("text/html") and status.startswith("503 ")
    assert "Cartable est momentanément indisponible, réessayez dans un instant." in page
    assert 'lang="fr"' in page and 'http-equiv="refresh"' in page
    for absent in ("<script", "Traceback", "Plone", "++resource++", "<link", "<img"):
        assert absent not in page
    formulaire = indisponible.reponse(False, "POST")[2].decode("utf-8")
    assert "refresh" not in formulaire and "vérifiez que votre envoi" in formulaire


class Journal:
    def __init__(self):
        self.lignes = []

    def warning(self, *args):
        self.lignes.append(("WARNING", args[0] % args[1:]))

    def info(self, *args):
        self.lignes.append(("INFO", args[0] % args[1:]))


def test_une_ligne_par_panne():
    journal, temps = Journal(), [100.0]
    panne = Panne(journal, lambda: temps[0])
    panne.retablie()
    assert journal.lignes == []  # nothing happened
    for _ in range(20):
        panne.signaler(psycopg2.OperationalError("server closed the connection unexpectedly\n\tThis probably means…"))
    temps[0] = 101.0
    panne.retablie()  # a request served between two that fail: the same outage
    temps[0] = 104.5
    panne.signaler(psycopg2.OperationalError("the database system is starting up"))
    temps[0] = 110.0
    panne.retablie()  # 5.5 s after the last 503: not over yet
    assert len(journal.lignes) == 1
    temps[0] = 114.5
    panne.retablie()
    panne.retablie()
    assert journal.lignes == [
        ("WARNING", "Stockage indisponible : réponses 503 (Retry-After 3 s) jusqu'à son retour ; "
                    "OperationalError: server closed the connection unexpectedly"),
        ("INFO", "Stockage de nouveau disponible : 21 réponse(s) 503 en 4.5 s (du premier au dernier)"),
    ]
    panne.signaler(StorageDisconnectedDuringCommit())  # a second outage: logged again
    assert journal.lignes[-1] == ("WARNING", "Stockage indisponible : réponses 503 (Retry-After 3 s) jusqu'à son retour ; "
                                             "StorageDisconnectedDuringCommit:")


def test_journal_du_stockage_sans_pile(caplog):
    """ZODB's « Couldn't load state » and RelStorage's « Reconnect failed » keep their line, not their stack trace;
    any other error keeps both."""
    indisponible.sans_piles_du_stockage()
    indisponible.sans_piles_du_stockage()  # installed once
    assert logging.getLogger("ZODB.Connection").filters.count(indisponible._SANS_PILE) == 1
    caplog.set_level(logging.INFO)
    for nom, exc in (("ZODB.Connection", psycopg2.OperationalError("server closed the connection unexpectedly\n\tThis")),
                     ("relstorage.adapters.connections", psycopg2.OperationalError("connection refused 100%")),
                     ("ZODB.Connection", KeyError("bug"))):
        try:
            raise exc
        except Exception:
            logging.getLogger(nom).exception("Couldn't load state for %s %s", "OOBucket", "0x4910")
    chargement, reconnexion, bug = caplog.records[-3:]
    assert chargement.getMessage() == ("Couldn't load state for OOBucket 0x4910 "
                                       "(OperationalError: server closed the connection unexpectedly)")
    formats = [logging.Formatter().format(r) for r in (chargement, reconnexion, bug)]
    assert ["Traceback" in f for f in formats] == [False, False, True]
    assert chargement.exc_info is None
    assert reconnexion.exc_info is None and reconnexion.getMessage().endswith("(OperationalError: connection refused 100%)")
    assert bug.exc_info is not None and bug.getMessage() == "Couldn't load state for OOBucket 0x4910"


def _appeler(app, environ):
    vu = {}

    def start_response(status, headers, exc_info=None):
        vu["status"], vu["headers"] = status, dict(headers)

    corps = b"".join(app(environ, start_response))
    return vu["status"], vu["headers"], corps


def test_garde_wsgi(caplog):
    """Zope raising while it opens the request's connection: 503 once per request, a WARNING once per outage."""
    erreur, temps = [psycopg2.OperationalError("connection to server failed: Connection refused")], [0.0]

    def zope(environ, start_response):
        if erreur[0] is not None:
            if environ.get("vue"):  # the exception view answered 503, then Zope's abort failed too
                environ[indisponible.CLE_ENVIRON] = True
            raise erreur[0]
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    app = garde(zope, Panne(horloge=lambda: temps[0]))
    caplog.set_level(logging.INFO, logger="cartable.indisponible")
    rest = {"REQUEST_METHOD": "POST", "PATH_INFO": "/cartable/e/@appel/k", "HTTP_ACCEPT": "application/json"}
    status, entetes, corps = _appeler(app, dict(rest))
    assert status == "503 Service Unavailable" and entetes["Retry-After"] == "3"
    assert json.loads(corps)["error"]["type"] == "StockageIndisponible"
    status, entetes, corps = _appeler(app, {"REQUEST_METHOD": "GET", "PATH_INFO": "/cartable", "HTTP_ACCEPT": "text/html"})
    assert status.startswith("503") and b"momentan\xc3\xa9ment indisponible" in corps and entetes["Content-Type"].startswith("text/html")
    assert _appeler(app, {**rest, "vue": True})[0].startswith("503")  # counted once, by the view
    erreur[0] = None
    temps[0] = 15.0
    assert _appeler(app, dict(rest))[0] == "200 OK"
    assert [(r.levelname, r.exc_info) for r in caplog.records] == [("WARNING", None), ("INFO", None)]
    assert "2 réponse(s) 503" in caplog.records[1].getMessage()
    erreur[0] = KeyError("bug")  # an application error goes on to the server (a 500 with its stack trace)
    with pytest.raises(KeyError):
        _appeler(app, dict(rest))


def test_le_pipeline_de_l_instance_repond_503(tmp_path):
    """The rendered zope.ini's first filter (cartable.ops.entetes) carries the guard: Zope raising while it opens
    the request's ZODB connection is a 503 there, without X-Powered-By."""
    from paste.deploy import loadfilter

    from cartable.ops.instance import InstanceSettings, render_instance

    render_instance(InstanceSettings(etc_dir=tmp_path / "etc", var_dir=tmp_path / "var", port=8123))

    def zope(environ, start_response):
        raise psycopg2.OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    app = loadfilter(f"config:{tmp_path / 'etc' / 'zope.ini'}", name="entetes")(zope)
    status, entetes, corps = _appeler(app, {"REQUEST_METHOD": "GET", "PATH_INFO": "/cartable/@appels",
                                            "HTTP_ACCEPT": "application/json"})
    assert status == "503 Service Unavailable" and entetes["Retry-After"] == "3" and "X-Powered-By" not in entetes
    assert json.loads(corps)["error"]["message"] == indisponible.MESSAGE


def test_l_exception_levee_sous_son_nom_de_builtin():
    """ZPublisher gives the exception view redis' ConnectionError as Python's ConnectionError (same name, same
    message: zExceptions.upgradeException): the view judges the one raised, still being handled."""
    from zExceptions import upgradeException

    for levee in (redis.exceptions.ConnectionError("Error 111 connecting"), redis.exceptions.TimeoutError("Timeout")):
        try:
            raise levee
        except Exception as exc:
            type_, _ = upgradeException(exc.__class__, None)
            remplacee = type_(str(exc))
            assert type(remplacee).__module__ == "builtins" and not stockage_indisponible(remplacee)
            assert indisponible.exception_levee(remplacee) is levee
            vue = indisponible.VueIndisponible(remplacee, None)
            assert vue.levee is levee and stockage_indisponible(vue.levee)
    propre = ConnectionResetError("Python's own")
    try:
        raise propre
    except Exception as exc:
        assert indisponible.exception_levee(exc) is propre and not stockage_indisponible(propre)
    assert indisponible.exception_levee(propre) is propre  # nothing being handled
