"""Plone's own listings of people, closed to everyone but the administrators (issue 13, item 2).

Plone offers several ways to list or name the users of a site, all fed by the PAS plugins'
``enumerateUsers``: the user and principal vocabularies (``@@getVocabulary``, ``@vocabularies``,
behind the permission « List portal members », which Plone gives to every member), the member
search, ``@users``/``@principals``/``@groups``, the sharing search, and the author page
``/author/<login>``, which turns a login into a full name. In a region they would let any student
page through a million people. The scoped search is the directory's own (``@annuaire-recherche``,
by ``cartable.regles.acces``): here Plone's are closed instead of scoped —

- « List portal members » only for Manager and Site Administrator (``fermer_les_listes``);
- the directory plugin answers searches (anything but an exact id or login, which Plone itself
  needs to find a user) only to those who may list members (``pas.AnnuairePlugin``): a vocabulary
  reached by another permission (``@@getVocabulary`` with ``field=`` on content one may edit) finds
  nobody either;
- the author page is not found (``PageAuteur``): Cartable shows people by their names where the
  directory allows, never by a page per login.
"""

from AccessControl import getSecurityManager
from Products.Five import BrowserView
from zExceptions import NotFound
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

LISTER = "List portal members"
ADMINISTRATEURS = ("Manager", "Site Administrator")


def est_administrateur(site) -> bool:
    """May the one asking list the site's members (after ``fermer_les_listes``: Manager, Site Administrator)?"""
    return bool(getSecurityManager().checkPermission(LISTER, site))


def fermer_les_listes(site):
    """« List portal members » for the administrators only, not acquired (idempotent)."""
    actuels = {r["name"] for r in site.rolesOfPermission(LISTER) if r["selected"]}
    acquis = bool(site.acquiredRolesAreUsedBy(LISTER))
    if actuels != set(ADMINISTRATEURS) or acquis:
        site.manage_permission(LISTER, list(ADMINISTRATEURS), acquire=False)


@implementer(IPublishTraverse)
class PageAuteur(BrowserView):
    """``/author`` and ``/author/<login>``: not found, whoever asks and whatever the login."""

    def publishTraverse(self, request, name):
        raise NotFound()  # the error does not repeat the login

    def __call__(self):
        raise NotFound()
