"""Plone's editing toolbar only for people who edit where they stand.

Plone 6 Classic renders the toolbar through the ``plone.toolbar`` viewlet manager (its template checks
``plone_context_state/is_toolbar_visible``, i.e. the « Show Toolbar » permission, which every authenticated
user has). On Cartable's layer this manager renders nothing (and updates none of its viewlets) unless:

- the person may « Modify portal content » on the context (a teacher in their course space, an editor,
  the administrator), and is not a student or a legal responsable of the directory;
- the page is not one of Cartable's own pages (a view of a cartable add-on other than a content's
  ``view``: appel, agenda, saisie-notes, mon-bureau, notifications, the error pages…).

Barceloneta's toolbar padding (body classes plone-toolbar-*) is undone by cartable.css when no toolbar is
in the page.
"""

from AccessControl import getSecurityManager
from Acquisition import aq_inner
from plone import api
from plone.app.layout.viewlets.toolbar import ToolbarViewletManager
from plone.memoize.view import memoize

from cartable.annuaire.lecteur import Lecteur
from cartable.theme import cadre


def page_cartable(vue):
    """Is ``vue`` one of Cartable's own pages (any class of a cartable add-on, except a content's ``view``)?"""
    if vue is None or getattr(vue, "__name__", None) == "view":
        return False
    return any((getattr(classe, "__module__", "") or "").startswith("cartable.") for classe in type(vue).__mro__)


def barre_permise(context, vue):
    """The toolbar's rule (see the module's docstring)."""
    if api.user.is_anonymous() or page_cartable(vue):
        return False
    if not getSecurityManager().checkPermission("Modify portal content", aq_inner(context)):
        return False
    return not cadre.est_famille(Lecteur(api.portal.get()))


class BarreDEdition(ToolbarViewletManager):
    @memoize
    def visible(self):
        return barre_permise(self.context, self.__parent__) and bool(self.context_state.is_toolbar_visible())

    def update(self):
        if self.visible():
            super().update()
        else:
            self.viewlets = []

    def render(self):
        return super().render() if self.visible() else ""
