"""The fast lane (issue 19): a few REST services answered without Zope's publication, same answer.

Why: a register GET cost about 3 ms of server CPU, of which the roll call's own code was about half a
millisecond; the rest was the publication around it (traversal hooks, layers marked on the request, PAS's
walk of its plugins, the publication events and their subscribers, the response transforms). At 8:00 every
teacher's page sends a GET and a POST per register, and every family's page reads ``@mon-profil`` and the
child's ``@emploi-du-temps`` (with them here, the 8:00 benchmark's Zope CPU per roll call fell from 7.6 to
6.7 ms). The fast lane answers those requests with the same
code (the service and the fast route share their function), the same user, the same checks and the same
transaction rules; every other request, and every request of those services it is not sure about, goes to
Zope unchanged.

What it takes (anything else goes to Zope):
- a route registered for the service's name (an ``IRouteRapide`` utility named like the service, e.g.
  ``@appel``; its add-on's browser layer installed on the site, its context's interface provided);
- a method the route answers (``GET``, ``POST``) on the path it takes: ``/<site>/<context>/@<name>/<parameter>``
  (the roll call's register), ``/<site>/<context>/@<name>`` or ``/<site>/@<name>`` (a read without a parameter),
  nothing more; ``Accept: application/json`` exactly (how plone.rest finds a service);
- no query string, or one made only of the names the route reads (``cles``), each once, in UTF-8: then the
  route gets the form Zope would build from it (``parse_qsl`` as ZopeFieldStorage, names without ``:``
  converters); anything else in it (another name, a repeated one, a converter) → Zope;
- the browser's session: Plone's ``__ac`` cookie and no ``Authorization`` header (a password goes through
  PAS and the login throttle);
- for a POST, a declared length within the route's limit (Zope answers 411/413 itself).

What it keeps, each through the code Zope runs:
- the user: plone.session validates the ticket (its secrets, its timeout), then PAS's own ``_verifyUser``
  and ``_findUser`` build the user it would build (roles, groups); an id PAS does not know → Zope;
- the permission: the service's permission and plone.restapi's on the context, checked by Zope's security
  policy for that user; not granted → Zope, which answers its own 401/403;
- the refusals (origin, length, then the route's own: ``cartable.regles``), plone.restapi's JSON, the
  headers every answer carries (``cartable.core.entetes``, plone.protect's ``X-Frame-Options``);
- the transaction: opened and closed as ZPublisher does (``load_app``), a POST committed, a GET or a refusal
  aborted (nothing written), a conflict retried up to three times and counted (``@cartable-status``);
- whatever it did not expect (an exception from the route, the storage, a conflict past the retries):
  aborted, and the request goes to Zope as if the fast lane did not exist, its body replayed: nothing was
  written, and Zope gives its own answer, retries and error log.

Off with ``CARTABLE_VOIE_RAPIDE=0`` (then every request is Zope's). Installed in the instance's WSGI pipeline
(``instance/templates/zope.ini.in``, ``app_factory``), inside the access log and the 503 guard.
"""

import binascii
import io
import json
import logging
import os
from http import HTTPStatus

import transaction
from AccessControl.SecurityManagement import getSecurityManager, newSecurityManager, noSecurityManager
from ZODB.POSException import ConflictError
from zope.component import queryUtility
from zope.component.hooks import getSite, setSite
from zope.interface import Attribute, Interface

from cartable.core import conflits, entetes
from cartable.core.indisponible import stockage_indisponible
from cartable.core.refus import Refus, RequeteInvalide, TropVolumineux, TypeNonAccepte
from cartable.regles import corps as regles_corps
from cartable.regles import origine as regles_origine

logger = logging.getLogger("cartable.voie_rapide")
ESSAIS = 3  # retries after a conflict, as ZPublisher's retry_max_count
CORPS_ATTENDU = "Corps JSON attendu (un objet)."
VALEUR_INATTENDUE = "Requête invalide : une valeur n'a pas le type ou la forme attendus (texte, nombre, date AAAA-MM-JJ)."
VALEURS_INATTENDUES = (TypeError, ValueError, KeyError, AttributeError, IndexError, OverflowError, UnicodeError)
ENTETES = (
    ("Content-Type", "application/json"),
    ("Content-Security-Policy", entetes.POLITIQUE),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", os.environ.get("PLONE_X_FRAME_OPTIONS", "SAMEORIGIN")),
)


class IRouteRapide(Interface):
    """A service the fast lane answers, registered as a utility named like the service (``@appel``)."""

    couche = Attribute("the browser layer the service is registered for (its add-on installed on the site)")
    contexte = Attribute("the interface the service is registered for")
    permission = Attribute("the service's permission (its title, e.g. 'View')")
    limite_corps = Attribute("the largest body read, in bytes")

    def repondre(methode, site, contexte, parametre, demande):
        """The answer (a JSON-able dict) of the service, or a ``Refus``; ``demande`` gives ``corps()``,
        ``entete(nom)`` and ``url``. May raise anything else: the request then goes to Zope."""


class Route:
    """Defaults of a route: GET and POST on ``@nom/<parameter>``, no query string, the REST API's JSON limit,
    the View permission."""

    couche = None
    contexte = Interface
    permission = "View"
    limite_corps = regles_corps.LIMITE_JSON
    methodes = ("GET", "POST")
    avec_parametre = True  # False: ``@nom`` alone, on an object of the site or on the site itself
    cles = frozenset()  # the query string's names the route reads (``demande.formulaire``)


class Lecture(Route):
    """Defaults of a read: GET only, ``@nom`` alone (no path parameter)."""

    methodes = ("GET",)
    avec_parametre = False


class Demande:
    """What the fast lane recognised in a request (nothing read from the database yet)."""

    def __init__(self, environ, methode, site, contexte, nom, parametre, route, ticket, formulaire=None):
        self.environ, self.methode, self.route = environ, methode, route
        self.site, self.contexte, self.nom, self.parametre, self.ticket = site, contexte, nom, parametre, ticket
        self.formulaire = formulaire or {}  # the query string, as Zope's request.form would hold it
        self.corps_brut = b""
        self.url = ""  # the context's URL, as Zope's absolute_url() gives it without virtual hosting

    def entete(self, nom):
        return self.environ.get("HTTP_" + nom.upper().replace("-", "_"))

    def corps(self) -> dict:
        """The JSON object of the body, refused as ``ServiceCartable.corps`` refuses it (415, 400)."""
        refus = regles_origine.refus_type(self.environ.get("CONTENT_TYPE"))
        if refus is not None:
            raise TypeNonAccepte(refus)
        try:
            donnees = json.loads(self.corps_brut or b"{}")
        except ValueError:
            raise RequeteInvalide(CORPS_ATTENDU) from None
        if not isinstance(donnees, dict):
            raise RequeteInvalide(CORPS_ATTENDU)
        return donnees


def active() -> bool:
    return os.environ.get("CARTABLE_VOIE_RAPIDE", "1").strip().lower() not in ("0", "false", "non", "off")


def reconnaitre(environ):
    """A ``Demande`` when the request has the shape the fast lane answers, else None (no database read)."""
    methode = environ.get("REQUEST_METHOD")
    if methode not in ("GET", "POST") or environ.get("HTTP_AUTHORIZATION"):
        return None
    if environ.get("HTTP_ACCEPT") != "application/json":
        return None
    if methode == "GET" and str(environ.get("CONTENT_LENGTH") or "0").strip() != "0":
        return None  # a GET with a body: Zope judges it
    chemin = _chemin((environ.get("PATH_INFO") or "").split("/"))
    if chemin is None:
        return None
    site, contexte, nom, parametre = chemin
    route = queryUtility(IRouteRapide, name=nom)
    if route is None or methode not in route.methodes or (parametre is not None) != route.avec_parametre:
        return None
    formulaire = _formulaire(environ.get("QUERY_STRING") or "", route.cles)
    if formulaire is None:
        return None
    ticket = _ticket(environ.get("HTTP_COOKIE"))
    if ticket is None:
        return None
    return Demande(environ, methode, site, contexte, nom, parametre, route, ticket, formulaire)


def _chemin(morceaux):
    """(site, context or None for the site itself, @name, parameter or None) of a path the fast lane may
    answer, else None."""
    if morceaux[0] or not 3 <= len(morceaux) <= 5:
        return None
    site, *objets = morceaux[1:]
    nom_a = 0 if len(objets) == 1 else 1  # where the service's name is: /site/@nom, /site/ctx/@nom[/param]
    nom, contexte = objets[nom_a], (objets[0] if nom_a else None)
    parametre = objets[2] if len(objets) == 3 else None
    if not nom.startswith("@") or nom.startswith("@@") or parametre == "" or "@@" in (parametre or ""):
        return None
    if any(not m or m.startswith(("++", "_", "@", "VirtualHost")) or m in (".", "..") for m in (site, contexte) if m is not None):
        return None  # Zope's traversal hooks, virtual hosting, views: Zope's
    return site, contexte, nom, parametre


def _formulaire(requete, cles):
    """The form Zope would build from the query string (``ZopeFieldStorage``: ``parse_qsl`` in latin-1, then
    each name and value decoded from UTF-8), when it holds only the ``cles`` the route reads, each once; else
    None (then Zope decides: a converter such as ``:list``, a repeated name, bytes that are not UTF-8)."""
    if not requete:
        return {}
    from urllib.parse import parse_qsl

    formulaire = {}
    for nom, valeur in parse_qsl(requete, keep_blank_values=True, encoding="latin-1"):
        try:
            nom, valeur = nom.encode("latin-1").decode("utf-8"), valeur.encode("latin-1").decode("utf-8")
        except UnicodeError:
            return None
        if nom not in cles or nom in formulaire:
            return None
        formulaire[nom] = valeur
    return formulaire


def _ticket(cookies):
    """The bytes of Plone's session ticket from the Cookie header (read as Zope reads it), or None."""
    if not cookies or "__ac=" not in cookies:
        return None
    from ZPublisher.HTTPRequest import parse_cookie

    valeur = parse_cookie(cookies, {}).get("__ac")
    if not valeur:
        return None
    try:
        return binascii.a2b_base64(valeur) or None
    except (binascii.Error, ValueError):
        return None


def filtre(app):
    """Zope's WSGI ``app`` with the fast lane in front of it."""

    def voie(environ, start_response):
        demande = reconnaitre(environ) if active() else None
        reponse = traiter(demande) if demande is not None else None
        if reponse is None:
            return app(environ, start_response)
        status, corps = reponse
        start_response(f"{status} {HTTPStatus(status).phrase}", [*ENTETES, ("Content-Length", str(len(corps)))])
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else corps]

    return voie


def app_factory(global_conf, **local_conf):
    """PasteDeploy's entry for the instance (``[app:zope] use = call:cartable.core.voie_rapide:app_factory``):
    Zope's application (``egg:Zope#main``) behind the fast lane."""
    from Zope2.Startup.run import make_wsgi_app

    return filtre(make_wsgi_app(global_conf, **local_conf))


def traiter(demande):
    """(status, JSON body bytes), or None when Zope is to answer the request."""
    environ = demande.environ
    if demande.methode == "POST" and not _lire_corps(demande):
        return None
    from ZPublisher.WSGIPublisher import get_module_info, load_app

    for essai in range(ESSAIS + 1):
        try:
            with load_app(get_module_info("Zope2")) as (app, _royaume, _debogage):
                return _une_fois(app, demande)
        except ConflictError as conflit:
            conflits.noter(retente=essai < ESSAIS)
            logger.info("ConflictError at %s: %s (essai %d)", environ.get("PATH_INFO"), conflit, essai + 1)  # as ZPublisher
            if essai == ESSAIS:
                break
        except Exception as exc:  # noqa: BLE001 — anything unexpected: Zope answers, nothing was written
            if not stockage_indisponible(exc):  # an outage: Zope's 503 says it once, no stack trace per request
                logger.info("voie rapide : %s %s laissé à Zope", demande.methode, environ.get("PATH_INFO"), exc_info=True)
            break
    return None


def _lire_corps(demande) -> bool:
    """Read a POST's body once (Zope reads it again from a copy if it answers); False when Zope is to judge
    the declared length (none, not a number, past the route's limit)."""
    environ = demande.environ
    longueur = str(environ.get("CONTENT_LENGTH") or "").strip()
    if not (longueur.isascii() and longueur.isdigit()) or int(longueur) > demande.route.limite_corps:
        return False
    demande.corps_brut = environ["wsgi.input"].read(int(longueur))
    environ["wsgi.input"] = io.BytesIO(demande.corps_brut)
    return True


def _une_fois(app, demande):
    transaction.begin()
    site = app._getOb(demande.site, None)
    from Products.CMFCore.interfaces import ISiteRoot

    if site is None or not ISiteRoot.providedBy(site):
        return None
    ancien = getSite()
    setSite(site)
    try:
        return _sur_le_site(site, demande)
    finally:
        noSecurityManager()
        setSite(ancien)


def _sur_le_site(site, demande):
    from plone.browserlayer.utils import registered_layers
    from plone.restapi.permissions import UseRESTAPI

    route = demande.route
    if route.couche is not None and route.couche not in registered_layers():
        return None
    contexte = site if demande.contexte is None else site._getOb(demande.contexte, None)
    if contexte is None or not route.contexte.providedBy(contexte):
        return None
    utilisateur = _utilisateur(site, demande.ticket)
    if utilisateur is None:
        return None
    newSecurityManager(None, utilisateur)
    securite = getSecurityManager()
    demande.environ["REMOTE_USER"] = utilisateur.getUserName()  # as ZPublisher sets it: the access log names who
    if not (securite.checkPermission(route.permission, contexte) and securite.checkPermission(UseRESTAPI, contexte)):
        return None
    environ = demande.environ
    demande.url = _url(environ, contexte)
    try:
        refus = regles_origine.refus_origine(demande.methode, demande.entete("Origin"), demande.entete("Sec-Fetch-Site"),
                                             _serveur(environ), demande.entete("X-Forwarded-Proto"))
        if refus is not None:
            raise Refus(403, "Forbidden", refus)
        refus = regles_corps.refus_de_longueur(environ.get("CONTENT_LENGTH"), False, route.limite_corps)
        if refus is not None:
            raise (TropVolumineux if refus[0] == 413 else RequeteInvalide)(refus[1])
        reponse = route.repondre(demande.methode, site, contexte, demande.parametre, demande)
    except Refus as refus:
        transaction.abort()
        return refus.status, _json(refus.corps())
    except VALEURS_INATTENDUES:
        transaction.abort()
        logger.warning("%s %s : valeur inattendue", demande.methode, demande.url, exc_info=True)
        return 400, _json(RequeteInvalide(VALEUR_INATTENDUE).corps())
    if demande.methode == "POST":
        transaction.commit()
    else:
        transaction.abort()  # a GET writes nothing
    return 200, _json(reponse)


def _utilisateur(site, ticket):
    """The user PAS would find for this session ticket, or None (then Zope decides)."""
    acl = site._getOb("acl_users", None)
    session = acl._getOb("session", None) if acl is not None else None
    if session is None or session.getProperty("cookie_name") != "__ac":
        return None
    donnees = session._validateTicket(ticket)
    if donnees is None:
        return None
    info = acl._verifyUser(acl.plugins, user_id=donnees[1])
    if info is None:
        return None
    return acl._findUser(acl.plugins, info["id"], info["login"])


def _serveur(environ) -> str:
    """SERVER_URL as ZPublisher's HTTPRequest computes it (same order of sources, default ports dropped)."""
    donne = environ.get("SERVER_URL")
    if donne is not None:
        return donne.strip().rstrip("/")
    from zope.publisher.http import splitport

    securise = (environ.get("HTTPS") in ("on", "ON", "1") or environ.get("SERVER_PORT_SECURE") == 1
                or (environ.get("REQUEST_SCHEME") or "").lower() == "https" or environ.get("wsgi.url_scheme") == "https")
    protocole = "https" if securise else "http"
    if "HTTP_HOST" in environ:
        hote, port = splitport(environ["HTTP_HOST"].strip())
    else:
        hote, port = environ["SERVER_NAME"].strip(), int(environ["SERVER_PORT"])
    if port is not None and int(port) != {"http": 80, "https": 443}[protocole]:
        hote = f"{hote}:{port}"
    return f"{protocole}://{hote}"


def _url(environ, objet) -> str:
    return _serveur(environ) + "/".join(objet.getPhysicalPath())


def _json(donnees) -> bytes:
    """plone.restapi's rendering of an answer."""
    return json.dumps(donnees, indent=2, sort_keys=True, separators=(", ", ": ")).encode("utf-8")
