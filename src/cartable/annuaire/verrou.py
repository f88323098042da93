"""One throttle for every way in and every account: the PAS plugin « verrou_connexion ».

Why a plugin ordered first among the authentication plugins, in the site's user folder **and** in
the Zope root's: every password Zope checks goes through one of them, whatever carried it (Basic
auth, the login form, ``__ac_password`` in a query string, a stored-credentials cookie, the body of
``@login``: PAS's extraction, then ``_extractUserIds``, or PlonePAS's ``authenticate``), and whoever
owns the login (a person of the directory, a Plone user such as the regional administrator, the
Zope administrator at the root). The plugin

1. refuses a login that is locked (``ConnexionBloquee``: 401, a French message, ``Retry-After``),
   before any password is checked, even a right one;
2. otherwise checks the password itself against the other authentication plugins of its user
   folder, then takes the password out of the credentials: the rest of the chain has nothing left
   to check (each password is hashed once);
3. notes the attempt on the request: (login, password) → accepted or not. A password the site
   refuses may be the Zope administrator's, which the root accepts a moment later: failures are
   therefore counted at the end of the request (``compter_les_echecs``), once per distinct
   password, where no user folder accepted it. Several passwords in one request count as several.

Limits (``cartable.core.limites``, outside the ZODB): by login first, 5 failures in 15 minutes lock
the login for the rest of the window. By address, 30 failures from one address in 15 minutes make
that address stricter, not closed: from there, a login is refused once it has 2 failures. A
stranger behind a school's shared address (a NAT) thus locks nobody who types their password right,
while a spray of guesses from one address gets 2 tries per login instead of 5. Activation codes
have limiters of their own (``cartable.annuaire.activation``) that never count here.
"""

import hashlib
import json
import logging

from AccessControl.class_init import InitializeClass
from Acquisition import aq_base
from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin
from Products.PluggableAuthService.plugins.BasePlugin import BasePlugin
from zExceptions import HTTPClientError
from zope.globalrequest import getRequest
from zope.interface import implementer

from cartable.core import limites

logger = logging.getLogger("cartable.annuaire.verrou")

PLUGIN_ID = "verrou_connexion"
# from an address past its own limit, a login is refused from this many failures on (instead of 5)
ECHECS_SOUS_ADRESSE_SUSPECTE = 2
CLE_REQUETE = "_cartable_tentatives"
# exceptions PAS swallows from a plugin (Products.PluggableAuthService.PluggableAuthService)
_AVALEES = (NameError, AttributeError, KeyError, TypeError, ValueError)


def message_bloque(secondes):
    minutes = max(1, -(-secondes // 60))
    duree = "une minute" if minutes == 1 else f"{minutes} minutes"
    return f"Trop d'essais de mot de passe pour cet identifiant : connexion bloquée, réessayez dans {duree}."


class ConnexionBloquee(HTTPClientError):
    """A locked login: 401, ``Retry-After``, one French sentence, nothing about the account."""

    status = 401
    errmsg = "Unauthorized"

    def __init__(self, secondes):
        self.secondes = max(int(secondes), 1)
        self.message = message_bloque(self.secondes)
        super().__init__(self.message)
        self.headers = {"Retry-After": str(self.secondes)}


class VueConnexionBloquee:
    """The exception view (``index.html``) of ``ConnexionBloquee``, everywhere: JSON when asked
    (``{"error": {"type", "message"}}``, as every Cartable service), else a short French page."""

    def __init__(self, context, request):
        self.context, self.request = context, request

    def __call__(self):
        response = self.request.response
        response.setStatus(401, lock=True)
        response.setHeader("Retry-After", str(self.context.secondes))
        response.setHeader("Cache-Control", "no-store")
        if "json" in (self.request.getHeader("Accept") or ""):
            response.setHeader("Content-Type", "application/json; charset=utf-8")
            return json.dumps({"error": {"type": "Unauthorized", "message": self.context.message}}, ensure_ascii=False)
        response.setHeader("Content-Type", "text/html; charset=utf-8")
        return (
            '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Connexion bloquée</title></head>'
            f"<body><h1>Connexion bloquée</h1><p>{self.context.message}</p></body></html>"
        )


def normaliser(login):
    """One counter per account whatever the case or spaces typed (directory logins are lower case)."""
    return login.strip().lower()


def _empreinte(mot_de_passe):
    # never keep a password on the request, not even for its lifetime: its digest tells two apart
    return hashlib.sha256(mot_de_passe.encode("utf-8", "surrogatepass")).hexdigest()


def adresse_de(request):
    return (request.getClientAddr() or "") if request is not None else ""


def refus(login, adresse, en_cours=0):
    """Seconds to wait if ``login`` may not try a password now (from ``adresse``), else None.

    ``en_cours``: failures of this request not counted yet (a request may carry several passwords)."""
    echecs = limites.PAR_LOGIN.nombre(login) + en_cours
    if echecs >= limites.PAR_LOGIN.echecs:
        return limites.PAR_LOGIN.reste(login) or limites.PAR_LOGIN.fenetre
    if adresse and echecs >= ECHECS_SOUS_ADRESSE_SUSPECTE and limites.PAR_ADRESSE.bloque(adresse):
        return limites.PAR_ADRESSE.reste(adresse) or limites.PAR_ADRESSE.fenetre
    return None


def installer_verrou(acl_users):
    """Add the plugin to a PAS user folder, active and first among the authentication plugins
    (idempotent; a folder that is not a PAS is left alone)."""
    if getattr(aq_base(acl_users), "plugins", None) is None:
        return False
    if PLUGIN_ID not in acl_users.objectIds():
        acl_users._setObject(PLUGIN_ID, VerrouConnexion(PLUGIN_ID, "Cartable : verrou des connexions"))
    plugins = acl_users.plugins
    if PLUGIN_ID not in [i for i, _ in plugins.listPlugins(IAuthenticationPlugin)]:
        acl_users[PLUGIN_ID].manage_activateInterfaces(("IAuthenticationPlugin",))
    if plugins.listPluginIds(IAuthenticationPlugin)[0] != PLUGIN_ID:
        plugins.movePluginsTop(IAuthenticationPlugin, [PLUGIN_ID])
    return True


def retirer_verrou(acl_users):
    if getattr(aq_base(acl_users), "plugins", None) is not None and PLUGIN_ID in acl_users.objectIds():
        acl_users[PLUGIN_ID].manage_activateInterfaces(())
        acl_users._delObject(PLUGIN_ID)


@implementer(IAuthenticationPlugin)
class VerrouConnexion(BasePlugin):
    meta_type = "Cartable Verrou Connexion"

    def __init__(self, id, title=None):
        self._setId(id)
        self.title = title

    def authenticateCredentials(self, credentials):
        login, mot_de_passe = credentials.get("login"), credentials.get("password")
        if mot_de_passe is None:
            return None  # a token, a session ticket: no password to guess
        if not isinstance(login, str) or not login.strip() or not isinstance(mot_de_passe, str) or not mot_de_passe:
            credentials.pop("password", None)  # a list of passwords, an empty one: nothing is checked
            return None
        cle = normaliser(login)
        request = getRequest()
        adresse = credentials.get("remote_address") or adresse_de(request)
        # the same password refused a moment ago by the site's user folder may be the root's: only
        # the other passwords of this request count before the end of it
        attente = refus(cle, adresse, _echecs_en_cours(request, cle, _empreinte(mot_de_passe)))
        if attente is not None:
            logger.warning("login locked: %s from %s", cle, adresse)
            raise ConnexionBloquee(attente)
        resultat = self._verifier(credentials)
        credentials.pop("password", None)  # checked once, here: the plugins after us have nothing to check
        noter(request, cle, mot_de_passe, resultat is not None, adresse)
        return resultat

    def _verifier(self, credentials):
        moi = aq_base(self)
        for _id, plugin in self._getPAS().plugins.listPlugins(IAuthenticationPlugin):
            if aq_base(plugin) is moi:
                continue
            try:
                resultat = plugin.authenticateCredentials(credentials)
            except _AVALEES:
                logger.debug("authentication plugin %s error", _id, exc_info=True)
                continue
            if resultat is not None and resultat[0] is not None:
                return resultat
        return None


InitializeClass(VerrouConnexion)


def noter(request, cle, mot_de_passe, accepte, adresse=""):
    """Note one attempt; without a request (a script), count it at once."""
    if request is None:
        compter({(cle, ""): accepte}, adresse)
        return
    tentatives = request.other.setdefault(CLE_REQUETE, {})
    empreinte = (cle, _empreinte(mot_de_passe))
    tentatives[empreinte] = tentatives.get(empreinte, False) or accepte
    request.other.setdefault(CLE_REQUETE + "_adresse", adresse)


def _echecs_en_cours(request, cle, sauf):
    if request is None:
        return 0
    tentatives = request.other.get(CLE_REQUETE, {})
    return sum(1 for (login, empreinte), accepte in tentatives.items() if login == cle and empreinte != sauf and not accepte)


def compter(tentatives, adresse):
    """Each refused password: one failure for its login and one for the address. A login whose
    only passwords were right is cleared (a wrong one beside a right one still counts)."""
    echoues = [cle for (cle, _), accepte in tentatives.items() if not accepte]
    for cle in echoues:
        limites.PAR_LOGIN.echec(cle)
        if adresse:
            limites.PAR_ADRESSE.echec(adresse)
    for cle in {cle for (cle, _), accepte in tentatives.items() if accepte} - set(echoues):
        limites.PAR_LOGIN.effacer(cle)


def compter_les_echecs(event):
    """At the end of every request (IPubSuccess, IPubFailure): a password that no user folder
    accepted counts now. A request that will be retried (a write conflict) counts nothing: its
    retry will."""
    if getattr(event, "retry", False):
        return
    request = event.request
    tentatives = request.other.pop(CLE_REQUETE, None)
    if tentatives:
        compter(tentatives, request.other.get(CLE_REQUETE + "_adresse") or adresse_de(request))
