"""The establishment's news, pages and events, from the catalog (what the home page and Mon bureau show).

One catalog query per establishment, limited to a few items, with the reader's own rights:
anonymous visitors get only what is published, an editor also what waits for publication.
"""

from DateTime import DateTime
from plone import api
from plone.memoize import ram
from Products.CMFCore.interfaces import ICatalogTool
from zope.component import getUtility

from cartable.core import horloge
from cartable.regles.dates_fr import date_fr

NOMBRE = 5
TYPES_PUBLIES = ("News Item", "Document", "Event")


def _chemin(etablissement):
    return "/".join(etablissement.getPhysicalPath())


def publiees(etablissement, limite=NOMBRE):
    """The latest published news of the establishment (brains, newest first)."""
    catalogue = api.portal.get_tool("portal_catalog")
    return catalogue(portal_type="News Item", review_state="published", path={"query": _chemin(etablissement)},
                     sort_on="effective", sort_order="reverse", sort_limit=limite)[:limite]


def _cle_publiees(_fonction, etablissement, limite=NOMBRE):
    """Mon bureau's news are the same for every reader: those in effect now (the minute moves the ones whose
    time came), as families see them; the catalog's counter moves with every change to it. The catalog is
    the registered utility, not plone.api's or getToolByName's (their checks and rewrapping took most of
    this key's time on every page)."""
    catalogue = getUtility(ICatalogTool)
    return _chemin(etablissement), limite, catalogue.getCounter(), int(horloge.instant().timestamp() // 60)


@ram.cache(_cle_publiees)
def lignes_publiees(etablissement, limite=NOMBRE):
    """The establishment's news in effect, as plain lines, kept in RAM until the catalog changes: Mon bureau
    shows them to everybody in the establishment on every visit (one query per change, not per page). An
    editor finds the news not yet in effect on the establishment's page, not on their home."""
    catalogue = api.portal.get_tool("portal_catalog")
    trouvees = catalogue(portal_type="News Item", review_state="published", path={"query": _chemin(etablissement)},
                         effectiveRange=DateTime(horloge.instant()), sort_on="effective", sort_order="reverse", sort_limit=limite)[:limite]
    return tuple(ligne(b) for b in trouvees)


def publiees_region(site, limite=60):
    """The latest published news of the whole region in one query (the public home groups them)."""
    catalogue = api.portal.get_tool("portal_catalog")
    return catalogue(portal_type="News Item", review_state="published", path={"query": _chemin(site)},
                     sort_on="effective", sort_order="reverse", sort_limit=limite)[:limite]


def pages(etablissement):
    """Its published pages (Document), by title."""
    catalogue = api.portal.get_tool("portal_catalog")
    return catalogue(portal_type="Document", review_state="published", path={"query": _chemin(etablissement)},
                     sort_on="sortable_title")[:50]


def agenda(etablissement, depuis, limite=10):
    """Its published events that end on or after ``depuis`` (a datetime), soonest first."""
    catalogue = api.portal.get_tool("portal_catalog")
    return catalogue(portal_type="Event", review_state="published", path={"query": _chemin(etablissement)},
                     end={"query": depuis, "range": "min"}, sort_on="start", sort_limit=limite)[:limite]


def a_publier(etablissement, limite=20):
    """What editors and teachers proposed and that waits for an editor or the direction — for callers that
    checked the reader is an editor here: the role comes from a local-role provider the catalog's
    allowedRolesAndUsers cannot list, hence the unrestricted search."""
    catalogue = api.portal.get_tool("portal_catalog")
    return catalogue.unrestrictedSearchResults(portal_type=TYPES_PUBLIES, review_state="pending", path={"query": _chemin(etablissement)},
                     sort_on="modified", sort_order="reverse", sort_limit=limite)[:limite]


def brouillons(etablissement, login, limite=20):
    """The drafts ``login`` wrote here (their author reads them: Owner), newest first — unrestricted for the
    same reason as ``a_publier``, restricted to the author by the query."""
    catalogue = api.portal.get_tool("portal_catalog")
    return catalogue.unrestrictedSearchResults(portal_type=TYPES_PUBLIES, review_state="private", Creator=login,
                                               path={"query": _chemin(etablissement)}, sort_on="modified",
                                               sort_order="reverse", sort_limit=limite)[:limite]


def le(brain, nom="effective"):
    """« jeudi 3 décembre 2026 » for a brain's date (None when it has none)."""
    valeur = getattr(brain, nom, None)
    if valeur is None or not hasattr(valeur, "year") or valeur.year() < 1900 or valeur.year() > 2900:
        return None
    return date_fr(valeur.asdatetime().date())


def ligne(brain, nom_date="effective"):
    """A plain dict of one item (title, summary, URL, date in words)."""
    return {"titre": brain.Title, "resume": brain.Description or "", "lien": brain.getURL(), "date": le(brain, nom_date)}
