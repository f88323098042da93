"""PAS plugin: the directory's people log in with their directory login.

Why a plugin and not Plone's own user storage: a region has 10⁶ accounts.
Plone's ``source_users`` + ``mutable_properties`` would keep a second copy of
every person, to be synchronised with each daily AAF delta, and their
non-exact searches iterate every user. The directory already holds each person
once, with a login → person BTree: authentication, user lookup and properties
are O(log n) reads of it, searches use its name-prefix index and are capped,
and an import needs no second write. Listing "all users" returns nothing.

Logins write nothing shared (issue 19, the 8:00 peak): Plone's ``login_time`` and
``last_login_time`` are answered here, read-only, ahead of ``mutable_properties``, so PlonePAS's
``setLoginTimes`` finds a sheet it may not write and stores nothing (it rewrote ``mutable_properties``'
BTree and ``portal_memberdata._members`` at every login, shared by every account: their conflicts
answered 500 past Zope's retries). Cartable records no login times (the directory keeps none).

Password guessing is throttled before any plugin sees a password, for every
account and every way in, by the plugin ``verrou_connexion``
(``cartable.annuaire.verrou``), which ``installer_plugin`` puts first in the
site's user folder and in the Zope root's.
"""

import logging

from AccessControl.class_init import InitializeClass
from Acquisition import aq_inner, aq_parent
from DateTime import DateTime
from Products.PluggableAuthService.interfaces.plugins import (
    IAuthenticationPlugin,
    IPropertiesPlugin,
    IRolesPlugin,
    IUserEnumerationPlugin,
)
from Products.PluggableAuthService.plugins.BasePlugin import BasePlugin
from zope.interface import implementer

from cartable.annuaire import comptes, discretion, verrou
from cartable.annuaire.stockage import lire_annuaire

logger = logging.getLogger("cartable.annuaire.pas")

PLUGIN_ID = "annuaire_cartable"
MAX_RESULTATS = 50

# Plone's login times, answered for every person and never stored. Not 2000/01/01, which Plone reads as
# « never logged in » (the initial-login event and hooks, which Cartable does not use; its first login
# is the activation).
CONNEXION_NON_NOTEE = DateTime("2001/01/01 00:00:00 UTC")

INTERFACES = ("IAuthenticationPlugin", "IUserEnumerationPlugin", "IPropertiesPlugin", "IRolesPlugin")


def installer_plugin(acl_users):
    """Add and activate the plugin in a site's user folder (idempotent), and the login throttle
    first in it and in the Zope root's user folder (the Zope administrator's way in)."""
    if PLUGIN_ID not in acl_users.objectIds():
        acl_users._setObject(PLUGIN_ID, AnnuairePlugin(PLUGIN_ID, "Annuaire Cartable"))
    acl_users[PLUGIN_ID].manage_activateInterfaces(INTERFACES)
    # Plone's mutable_properties answers '' for every user: ours must come first.
    acl_users.plugins.movePluginsTop(IPropertiesPlugin, [PLUGIN_ID])
    installer_verrous(acl_users)
    discretion.fermer_les_listes(aq_parent(aq_inner(acl_users)))


def installer_verrous(acl_users):
    """The login throttle in this user folder and in the Zope root's (idempotent)."""
    verrou.installer_verrou(acl_users)
    racine = acl_users.getPhysicalRoot()
    if racine is not None and "acl_users" in racine.objectIds():
        verrou.installer_verrou(racine.acl_users)


def retirer_plugin(acl_users):
    if PLUGIN_ID in acl_users.objectIds():
        acl_users[PLUGIN_ID].manage_activateInterfaces(())
        acl_users._delObject(PLUGIN_ID)
    verrou.retirer_verrou(acl_users)  # the root's stays: it guards the Zope administrator


@implementer(IAuthenticationPlugin, IUserEnumerationPlugin, IPropertiesPlugin, IRolesPlugin)
class AnnuairePlugin(BasePlugin):
    meta_type = "Cartable Annuaire Plugin"

    def __init__(self, id, title=None):
        self._setId(id)
        self.title = title

    def _site(self):
        return aq_parent(aq_inner(aq_parent(aq_inner(self))))

    def _annuaire(self):
        return lire_annuaire(self._site())

    def _personne(self, login):
        annuaire = self._annuaire()
        if annuaire is None or not isinstance(login, str):
            return None
        personne = annuaire.par_login(login.strip().lower())  # logins are lower case
        return personne if personne is not None and personne.actif else None

    # IAuthenticationPlugin
    def authenticateCredentials(self, credentials):
        login = credentials.get("login")
        password = credentials.get("password")
        if not isinstance(login, str) or not login or not password:
            return None
        personne = self._personne(login)
        if personne is None:
            return None  # another plugin (Zope admin, Plone users) may know this login
        # the throttle (verrou_connexion, first in the chain) has let this password through
        if comptes.mot_de_passe_valide(personne, password):
            return (personne.login, personne.login)
        return None

    # IUserEnumerationPlugin
    def enumerateUsers(self, id=None, login=None, exact_match=False, sort_by=None, max_results=None, **kw):
        annuaire = self._annuaire()
        if annuaire is None:
            return ()
        if not exact_match and not discretion.est_administrateur(self._site()):
            return ()  # searches are for administrators; Plone finds a user by exact id or login
        wanted = [v for v in _as_list(id) + _as_list(login) if v]
        limit = min(max_results or MAX_RESULTATS, MAX_RESULTATS)
        found = []
        if exact_match or wanted:
            for value in wanted:
                personne = self._personne(value)
                if personne is not None:
                    found.append(personne)
                elif not exact_match:
                    found += self._prefixe_login(annuaire, value, limit)
        texte = kw.get("fullname") or kw.get("title") or kw.get("name")
        if texte and not exact_match:
            found += [annuaire.personne(i) for i in annuaire.chercher_nom(texte, limit)]
        seen, result = set(), []
        for personne in found:
            if personne is None or not personne.actif or personne.login in seen:
                continue
            seen.add(personne.login)
            result.append({"id": personne.login, "login": personne.login, "pluginid": self.getId(), "title": personne.nom_complet})
            if len(result) >= limit:
                break
        return tuple(result)

    def _prefixe_login(self, annuaire, debut, limit):
        found = []
        for key in annuaire.logins.keys(min=debut):
            if not key.startswith(debut) or len(found) >= limit:
                break
            found.append(annuaire.personne(annuaire.logins[key]))
        return found

    # IPropertiesPlugin
    def getPropertiesForUser(self, user, request=None):
        personne = self._personne(user.getId())
        if personne is None:
            return {}
        return {"fullname": personne.nom_complet, "email": personne.mail or "", "categorie": personne.categorie,
                "login_time": CONNEXION_NON_NOTEE, "last_login_time": CONNEXION_NON_NOTEE}

    # IRolesPlugin
    def getRolesForPrincipal(self, principal, request=None):
        return ("Member",) if self._personne(principal.getId()) is not None else ()


def _as_list(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


InitializeClass(AnnuairePlugin)
