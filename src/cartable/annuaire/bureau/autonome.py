"""What a standalone page of the peaks carries (Mon bureau, an establishment's home): the frame without
main_template.

Such a page is complete as rendered: no Diazo, no auto-CSRF parse (that halves its cost), the clickjacking
header plone.protect would have set, no shared cache. Its template may be a plain Chameleon one
(``gabarit``): a file of ours, trusted, whose ``python:`` expressions run as compiled Python rather than
through Zope's restricted evaluation (a third of Mon bureau's time went there). It shows the same header as every page — the theme's
``cartable.entete`` viewlet, looked up by name (the directory imports no add-on above it) — or a minimal
one without a theme.
"""

from html import escape
from pathlib import Path

from chameleon import PageTemplateFile
from plone import api
from plone.app.layout.viewlets.interfaces import IPortalHeader
from plone.registry.interfaces import IRegistry
from plone.transformchain.interfaces import DISABLE_TRANSFORM_REQUEST_KEY
from Products.Five.browser import BrowserView
from zope.component import queryMultiAdapter, queryUtility
from zope.i18n import translate
from zope.interface import implementer
from zope.viewlet.interfaces import IViewlet

from cartable.core import adresses


def gabarit(fichier, dossier):
    """A plain Chameleon template of ours, next to the module ``dossier`` (its ``__file__``): called with
    ``view=`` and anything else it reads; it escapes every inserted value but ``structure``."""
    return PageTemplateFile(str(Path(dossier).parent / fichier), auto_reload=False)


def region_nom(site):
    """The region's name from the registry (« Cartable — région de démonstration »), else the site's title."""
    registre = queryUtility(IRegistry)  # not plone.api's get_registry_record: its checks, on every page
    return (registre.get("cartable.region_nom") if registre is not None else None) or site.Title() or "Cartable"


@implementer(IPortalHeader)
class EnTeteSeule:
    """The header viewlet's manager, for a page without main_template."""

    def __init__(self, context, request, view):
        self.context, self.request, self.__parent__ = context, request, view


class PageAutonome(BrowserView):
    _entete = None
    url_site = ""

    def preparer_autonome(self):
        """Headers of a complete page, and the theme's header viewlet (None without a theme)."""
        self.url_site = adresses.url_site(api.portal.get())
        self.request.environ[DISABLE_TRANSFORM_REQUEST_KEY] = True
        self.request.response.setHeader("X-Frame-Options", "SAMEORIGIN")
        self.request.response.setHeader("Cache-Control", "private, no-cache")
        manager = EnTeteSeule(self.context, self.request, self)
        viewlet = queryMultiAdapter((self.context, self.request, self, manager), IViewlet, name="cartable.entete")
        if viewlet is not None:
            viewlet.update()
        self._entete = viewlet

    def rendre(self, modele, **valeurs):
        """The page from a plain Chameleon template (``gabarit``), as HTML; its i18n: messages are translated
        for this request by zope.i18n, as Zope's templates do."""
        self.request.response.setHeader("Content-Type", "text/html; charset=utf-8")
        requete = self.request

        def traduire(msgid, domain=None, mapping=None, context=None, target_language=None, default=None, **_):
            if domain is None and mapping is None and type(msgid) is str:
                # a value inserted outside any i18n domain (every name and line of Mon bureau): zope.i18n would
                # give it back unchanged, after a utility lookup per insertion
                return msgid if default is None else default
            return translate(msgid, domain=domain, mapping=mapping, context=requete, target_language=target_language,
                             default=default)

        return modele(view=self, translate=traduire, **valeurs)

    @property
    def avec_theme(self):
        return self._entete is not None

    def entete(self):
        if self._entete is not None:
            return self._entete.render()
        return (f'<header class="bureau-entete-minimale"><a href="{self.url_site}">{escape(region_nom(api.portal.get()))}'
                f'</a> <a href="{self.url_site}/logout">Se déconnecter</a></header>')
