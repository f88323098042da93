"""Mon bureau: the page everyone lands on (the site root's default view), and ``@bureau`` in JSON.

Logged in: the blocks every add-on contributes for this person (cartable.core.bureau),
in one template. Anonymous: the public home (the region's establishments, the way in).
Nothing here writes; blocks read indexes.

Mon bureau is the page of the 8:00 and Sunday-evening peaks: like the agenda, it is a
standalone page (no main_template, no Diazo, no auto-CSRF parse of its HTML), which is
what lets it serve several times the requests of a stock Plone page. It carries the same
header as every page: the theme's ``cartable.entete`` viewlet, looked up by name (the
directory imports no add-on above it), with a minimal header when no theme is installed.
"""

from html import escape

from plone import api
from plone.app.layout.viewlets.interfaces import IPortalHeader
from plone.transformchain.interfaces import DISABLE_TRANSFORM_REQUEST_KEY
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.component import queryMultiAdapter
from zope.interface import implementer
from zope.viewlet.interfaces import IViewlet

from cartable.annuaire.lecteur import Lecteur
from cartable.core import bureau, horloge
from cartable.regles.dates_fr import date_fr


def salutation(lecteur):
    """« Bonjour Aaron Lecomte » (never the login when the directory or Plone knows a name)."""
    if lecteur.personne is not None:
        return lecteur.personne.nom_complet
    membre = api.user.get_current()
    return membre.getProperty("fullname", "") or "administrateur"


def etablissements_publics(annuaire):
    """The region's establishments for the public home: name and town, by name."""
    if annuaire is None:
        return []
    fiches = [{"nom": s.nom or s.uai, "commune": (s.commune or "").title()} for s in annuaire.structures.values()]
    return sorted(fiches, key=lambda f: f["nom"])


def bureau_de(site, lecteur):
    """What Mon bureau shows to this reader, as plain values (the page and @bureau)."""
    blocs, vus = bureau.blocs(site, lecteur), set()
    for bloc in blocs:  # the first block of each kind is the anchor menu entries may point at (#nom)
        bloc["ancre"] = bloc["nom"] if bloc["nom"] not in vus else None
        vus.add(bloc["nom"])
    return {
        "personne": salutation(lecteur),
        "date": date_fr(horloge.aujourd_hui()),
        "blocs": blocs,
        "menu": bureau.menu(site, lecteur),
    }


@implementer(IPortalHeader)
class _EnTeteSeul:
    """The header viewlet's manager, for a page without main_template."""

    def __init__(self, context, request, view):
        self.context, self.request, self.__parent__ = context, request, view


class MonBureau(BrowserView):
    """@@mon-bureau on the site root."""

    accueil_public = ViewPageTemplateFile("templates/accueil_public.pt")

    def __call__(self):
        self.lecteur = Lecteur(self.context)
        if self.lecteur.anonyme:
            self.etablissements = etablissements_publics(self.lecteur.annuaire)
            return self.accueil_public()
        self.url_site = self.context.absolute_url()
        self.bureau = bureau_de(self.context, self.lecteur)
        self._entete = self._viewlet_entete()
        self.request.environ[DISABLE_TRANSFORM_REQUEST_KEY] = True  # complete as rendered: no Diazo
        self.request.response.setHeader("X-Frame-Options", "SAMEORIGIN")
        self.request.response.setHeader("Cache-Control", "private, no-cache")
        return self.index()

    def _viewlet_entete(self):
        manager = _EnTeteSeul(self.context, self.request, self)
        viewlet = queryMultiAdapter((self.context, self.request, self, manager), IViewlet, name="cartable.entete")
        if viewlet is not None:
            viewlet.update()
        return viewlet

    @property
    def avec_theme(self):
        return self._entete is not None

    def entete(self):
        if self._entete is not None:
            return self._entete.render()
        return (f'<header class="bureau-entete-minimale"><a href="{self.url_site}">{escape(self.region())}</a> '
                f'<a href="{self.url_site}/logout">Se déconnecter</a></header>')

    def region(self):
        return api.portal.get_registry_record("cartable.region_nom", default=None) or self.context.Title()
