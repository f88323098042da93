"""Storage unavailable: a 503 with ``Retry-After``, never a 500 (issue 19, « Faults seen from the page »).

The storage is PostgreSQL (RelStorage) and, in production, Redis (``CLASSES_REDIS_INDISPONIBLES``: the
queue, the login-failure counters, CAS and SAML tickets live there); either one away is the same answer.

While PostgreSQL restarts (or the network to it is cut), RelStorage's driver raises: psycopg2's
``OperationalError`` (« server closed the connection unexpectedly », « connection refused », « the
database system is starting up », « terminating connection due to administrator command »),
``InterfaceError`` (« connection already closed ») or RelStorage's own ``ReplicaClosedException`` and
``StorageDisconnectedDuringCommit``. None of them is a bug of the request: the same request, sent again
in a moment, succeeds. So the person gets a 503 with ``Retry-After`` (a short French page with no Plone
frame, which would itself need the database; for REST a JSON error in French), and the pages' outboxes
keep the input and send it again.

Two ways in, one answer:

- inside Zope's publication (the error is raised by traversal, the view or the commit): an exception
  view, ``index.html`` for those classes (configure.zcml), :class:`VueIndisponible`;
- outside it (opening the ZODB connection at the start of a request, closing it at the end: Zope raises
  there before any exception view can run): the WSGI filter of the instance's pipeline
  (``cartable.ops.entetes``) wraps Zope with :func:`garde`.

:func:`stockage_indisponible` decides, from the exception alone (classes by name, psycopg2's SQLSTATE):
a query cancelled by a timeout, a serialization failure, a syntax error stay what they are (a 500,
with its stack trace in the log: an application bug must be seen). Each outage is logged once, a
WARNING when it starts and an INFO line with the count of 503 answers when the storage answers again,
not a stack trace per request.
"""

import json
import logging
import sys
import threading
import time

logger = logging.getLogger("cartable.indisponible")

RETRY_AFTER = 3  # seconds: a fast restart of PostgreSQL takes 1–5 s; the pages retry every 3–5 s anyway
MESSAGE = "Cartable est momentanément indisponible, réessayez dans un instant."
TYPE_ERREUR = "StockageIndisponible"
CLE_ENVIRON = "cartable.indisponible"  # set on the WSGI environ of a request answered 503 by this module

# The driver's and RelStorage's « the database cannot be reached » (module.qualname, anywhere in the MRO).
CLASSES_INDISPONIBLES = frozenset({
    "psycopg2.OperationalError",
    "psycopg2.InterfaceError",
    "relstorage.adapters.interfaces.ReplicaClosedException",
    "relstorage.storage.interfaces.StorageDisconnectedDuringCommit",
    "relstorage.adapters.sqlite.drivers.UnableToConnect",
})
# OperationalError also carries query-level errors that are not an outage (a statement timeout, a
# serialization failure, a dropped database): those stay 500. The server's SQLSTATE says which: class 08
# (connection exception, but 08P01 the protocol violation: a bug), 57P01–57P03 the server shutting down,
# crashed or starting up, 57P05 an idle session closed, 53300 too many connections. psycopg2 raises
# each as its own class (psycopg2.errors), named here for an exception that carries no pgcode.
SQLSTATE_INDISPONIBLES = {
    "08000": "ConnectionException", "08001": "SqlclientUnableToEstablishSqlconnection",
    "08003": "ConnectionDoesNotExist", "08004": "SqlserverRejectedEstablishmentOfSqlconnection",
    "08006": "ConnectionFailure", "08007": "TransactionResolutionUnknown",
    "57P01": "AdminShutdown", "57P02": "CrashShutdown", "57P03": "CannotConnectNow",
    "57P05": "IdleSessionTimeout", "53300": "TooManyConnections",
}
CLASSES_PSYCOPG2_INDISPONIBLES = frozenset(f"psycopg2.errors.{nom}" for nom in SQLSTATE_INDISPONIBLES.values())
# Redis (in production: the queue, the login-failure counters, CAS and SAML tickets, the access journal):
# redis-py's « cannot reach the server » (refused, reset, timed out, still loading its data, the pool
# exhausted) and a server that cannot take a write for a moment (a replica during a failover, a cluster
# resharding). A wrong password or ACL is a configuration error, not an outage: a 500 (its classes are
# ConnectionError's subclasses, hence the exclusion).
CLASSES_REDIS_INDISPONIBLES = frozenset({
    "redis.exceptions.ConnectionError",
    "redis.exceptions.TimeoutError",
    "redis.exceptions.ReadOnlyError",
    "redis.exceptions.ClusterDownError",
    "redis.exceptions.TryAgainError",
})
CLASSES_REDIS_CONFIGURATION = frozenset({
    "redis.exceptions.AuthenticationError",
    "redis.exceptions.AuthorizationError",
    "redis.exceptions.ExternalAuthProviderError",
})

PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{rafraichir}<title>Cartable momentanément indisponible</title>
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#212529}}</style>
</head>
<body>
<main>
<h1>Cartable est momentanément indisponible</h1>
<p>Cartable est momentanément indisponible, réessayez dans un instant.</p>
{phrase}</main>
</body>
</html>
"""

# Nothing to load: the page has no script, no image, no stylesheet but its own.
POLITIQUE = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'"


def _noms(classe) -> set:
    return {f"{k.__module__}.{k.__qualname__}" for k in classe.__mro__}


def _indisponible_seule(exc) -> bool:
    noms = _noms(type(exc))
    if noms & CLASSES_REDIS_INDISPONIBLES:
        return not noms & CLASSES_REDIS_CONFIGURATION
    if not noms & CLASSES_INDISPONIBLES:
        return False
    if "psycopg2.OperationalError" in noms:
        code = getattr(exc, "pgcode", None)
        if code:  # the server said why
            return code in SQLSTATE_INDISPONIBLES
        # none: libpq's own (connection refused, closed, lost) is a plain OperationalError
        return type(exc).__module__ == "psycopg2" or bool(noms & CLASSES_PSYCOPG2_INDISPONIBLES)
    return True


def stockage_indisponible(exc: BaseException) -> bool:
    """True when ``exc`` (or the exception it was raised from or while handling) says the storage cannot be reached."""
    vues = set()
    while exc is not None and id(exc) not in vues and len(vues) < 8:
        vues.add(id(exc))
        if _indisponible_seule(exc):
            return True
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    return False


def veut_json(accept: str | None, chemin: str | None = "") -> bool:
    """The client reads JSON: it asked for it (plone.rest's rule), or it calls a REST service (``/@name``, not
    ``/@@view``; or through ``++api++``)."""
    if "application/json" in (accept or "").lower():
        return True
    return any((s.startswith("@") and not s.startswith("@@")) or s == "++api++" for s in (chemin or "").split("/"))


def corps_json() -> str:
    return json.dumps({"error": {"type": TYPE_ERREUR, "message": MESSAGE}}, ensure_ascii=False)


def page(methode: str = "GET") -> str:
    """The HTML page; a page that was read (GET) reloads itself, a form that was sent is not sent again blindly."""
    if (methode or "GET").upper() in ("GET", "HEAD"):
        return PAGE.format(rafraichir=f'<meta http-equiv="refresh" content="{RETRY_AFTER * 2}">\n',
                           phrase="<p>Cette page se recharge seule dans quelques secondes.</p>\n")
    return PAGE.format(rafraichir="", phrase="<p>Dans un instant, vérifiez que votre envoi a bien été pris en compte avant de le refaire.</p>\n")


def reponse(json_attendu: bool, methode: str = "GET") -> tuple[str, list, bytes]:
    """(status, headers, body) of the 503."""
    if json_attendu:
        corps, type_ = corps_json(), "application/json; charset=utf-8"
    else:
        corps, type_ = page(methode), "text/html; charset=utf-8"
    donnees = corps.encode("utf-8")
    entetes = [("Content-Type", type_), ("Retry-After", str(RETRY_AFTER)), ("Cache-Control", "no-store"),
               ("Content-Length", str(len(donnees))), ("Content-Security-Policy", POLITIQUE)]
    return "503 Service Unavailable", entetes, donnees


# --- one log line per outage -------------------------------------------------------------------------


def resume(exc) -> str:
    """« OperationalError: server closed the connection unexpectedly »: the class and the first line."""
    lignes = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lignes[0] if lignes else ''}".strip()


class Panne:
    """The outage in progress in this process: logged when it starts and when it is over, counted in between.

    503s less than ``REPRISE`` seconds apart are one outage (while PostgreSQL restarts, a request may
    succeed between two that fail); it is over at the first request served ``REPRISE`` s after the last 503."""

    REPRISE = 10.0

    def __init__(self, journal=logger, horloge=time.monotonic):
        self.journal = journal
        self.horloge = horloge
        self.verrou = threading.Lock()
        self.debut = self.dernier = None
        self.reponses = 0

    def signaler(self, exc):
        """A request answered 503 because of ``exc``: a WARNING if this starts an outage, else counted."""
        with self.verrou:
            self.reponses += 1
            self.dernier = self.horloge()
            if self.debut is not None:
                return
            self.debut = self.dernier
        self.journal.warning("Stockage indisponible : réponses 503 (Retry-After %s s) jusqu'à son retour ; %s",
                             RETRY_AFTER, resume(exc))

    def retablie(self):
        """A request served without the storage failing: the outage, if any and old enough, is over."""
        if self.debut is None:  # the usual case: no lock taken
            return
        with self.verrou:
            if self.debut is None or self.horloge() - self.dernier < self.REPRISE:
                return
            duree, n = self.dernier - self.debut, self.reponses
            self.debut = self.dernier = None
            self.reponses = 0
        self.journal.info("Stockage de nouveau disponible : %d réponse(s) 503 en %.1f s (du premier au dernier)", n, duree)


class SansPile(logging.Filter):
    """On ZODB's and RelStorage's own loggers: a record about the storage being unreachable keeps its line
    (with the error's first line) and loses its stack trace, which says nothing more, once per request."""

    def filter(self, record):
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and stockage_indisponible(exc):
            record.msg = f"{record.msg} ({resume(exc).replace('%', '%%')})"
            record.exc_info = record.exc_text = None
        return True


# Where the storage's own code logs a failed load or reconnection with its stack trace.
JOURNAUX_DU_STOCKAGE = ("ZODB.Connection", "relstorage.adapters.connections", "relstorage.adapters.connmanager",
                        "relstorage.adapters.postgresql.connmanager", "relstorage")
_SANS_PILE = SansPile()


def sans_piles_du_stockage():
    """Installs :class:`SansPile` on ``JOURNAUX_DU_STOCKAGE`` (once, whatever the number of calls)."""
    for nom in JOURNAUX_DU_STOCKAGE:
        journal = logging.getLogger(nom)
        if _SANS_PILE not in journal.filters:
            journal.addFilter(_SANS_PILE)


PANNE = Panne()


# --- outside Zope's publication: the WSGI filter -------------------------------------------------------


def garde(app, panne=None):
    """``app`` (Zope's WSGI application) with storage-unavailable errors answered 503, others left to the server;
    the storage's own log lines without their stack traces (:func:`sans_piles_du_stockage`)."""
    sans_piles_du_stockage()

    def filtre(environ, start_response):
        p = panne or PANNE
        try:
            resultat = app(environ, start_response)
        except Exception as exc:
            if not stockage_indisponible(exc):
                raise
            if not environ.get(CLE_ENVIRON):  # else already counted by the exception view (then Zope's abort failed)
                p.signaler(exc)
            environ[CLE_ENVIRON] = True
            status, entetes, corps = reponse(veut_json(environ.get("HTTP_ACCEPT"), environ.get("PATH_INFO")),
                                            environ.get("REQUEST_METHOD", "GET"))
            start_response(status, entetes)
            return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else corps]
        if not environ.get(CLE_ENVIRON):
            p.retablie()
        return resultat

    return filtre


# --- inside Zope's publication: the exception view ----------------------------------------------------


def exception_levee(exc):
    """The exception as it was raised, for the one Zope's publisher gives the exception view.

    Before looking a view up, ZPublisher replaces an exception named like a builtin by that builtin, with
    only its message (``zExceptions.upgradeException``): redis' ``ConnectionError`` and ``TimeoutError``
    reach the view as Python's, their class and cause lost. The view is called while the publisher
    still handles the exception raised: that one, when it is the replaced one."""
    en_cours = sys.exc_info()[1]
    if (en_cours is not None and en_cours is not exc and type(exc).__module__ == "builtins"
            and type(en_cours).__name__ == type(exc).__name__ and str(en_cours) == str(exc)):
        return en_cours
    return exc


class VueIndisponible:
    """``index.html`` for the storage's exceptions (configure.zcml): the 503; any other error of the same
    classes (a cancelled query, Python's own ConnectionError…) goes to the view Plone has for every
    exception, as before."""

    def __init__(self, context, request):
        self.context = context
        self.request = request
        self.__parent__ = None  # set by ZPublisher: where the exception happened
        self.levee = exception_levee(context)  # now: the publisher is handling it

    def __call__(self):
        if not stockage_indisponible(self.levee):
            return self._vue_ordinaire()()
        PANNE.signaler(self.levee)
        self.request.environ[CLE_ENVIRON] = True
        status, entetes, corps = reponse(self._json(), self.request.get("REQUEST_METHOD", "GET"))
        # no transform of the page (theming, plone.protect: they read the site, hence the storage)
        self.request.environ["plone.transformchain.disable"] = True
        response = self.request.response
        response.setStatus(503, lock=True)  # plone.transformchain sets the exception's status (500) after the view
        for nom, valeur in entetes:
            if nom != "Content-Length":
                response.setHeader(nom, valeur)
        return corps.decode("utf-8")

    def _json(self):
        from plone.rest.interfaces import IAPIRequest

        return IAPIRequest.providedBy(self.request) or veut_json(
            self.request.getHeader("Accept"), self.request.environ.get("PATH_INFO"))

    def _vue_ordinaire(self):
        from zope.component import getSiteManager
        from zope.interface import Interface, implementedBy, providedBy

        fabrique = getSiteManager().adapters.lookup(
            (implementedBy(Exception), providedBy(self.request)), Interface, name="index.html")
        vue = fabrique(self.context, self.request)
        vue.__parent__ = self.__parent__
        return vue
