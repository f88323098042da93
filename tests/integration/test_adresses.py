"""URLs from the site's, once per request (cartable.core.adresses): Zope's ``absolute_url`` answers, on the
demo's objects, with ids Zope must quote, under a virtual host, and when the virtual root is inside the site."""

import pytest
from OFS.Folder import Folder
from zope.globalrequest import getRequest, setRequest

from cartable.annuaire.contenu import etablissements
from cartable.core import adresses


def _objets(portal):
    """The site, an establishment, its classes and what they hold (course spaces when the sync made them)."""
    etab = next(iter(etablissements(portal)))
    objets = [portal, etab]
    for classe in list(etab.objectValues())[:3]:
        objets.append(classe)
        objets += list(getattr(classe, "objectValues", lambda: [])())[:3]
    return objets


@pytest.fixture
def requete(integration_demo):
    """The layer's request as the thread's request (as during a publication), its memo empty."""
    ancienne = getRequest()
    requete = integration_demo["request"]
    setRequest(requete)
    requete.other.pop(adresses.CLE, None)
    yield requete
    setRequest(ancienne)


def test_every_object_has_zopes_url(integration_demo, requete):
    portal = integration_demo["portal"]
    objets = _objets(portal)
    assert len(objets) >= 5
    assert adresses.url_site(portal) == portal.absolute_url()
    for objet in objets:
        assert adresses.url(portal, objet) == objet.absolute_url(), objet
        ids = objet.getPhysicalPath()[len(portal.getPhysicalPath()):]
        assert adresses.url_sous_site(portal, *ids) == objet.absolute_url(), objet
    assert adresses.CLE in requete.other  # computed once for the request


def test_ids_are_quoted_as_zope_quotes_them(integration_demo, requete):
    portal = integration_demo["portal"]
    classe = _objets(portal)[2]
    for ident in ("a b", "x+y@z", "(1),2~3#4$5"):
        classe._setObject(ident, Folder(ident))
        objet = classe[ident]
        ids = objet.getPhysicalPath()[len(portal.getPhysicalPath()):]
        assert len(ids) == 3
        assert adresses.url(portal, objet) == objet.absolute_url() == adresses.url_sous_site(portal, *ids)


def test_a_virtual_host_on_the_site_and_a_virtual_root_inside_it(integration_demo, requete):
    portal = integration_demo["portal"]
    objets = _objets(portal)
    # what VirtualHostMonster does for https://ent.example.org/ mapped on the site
    requete.setServerURL("https", "ent.example.org", 443)
    requete.setVirtualRoot([])
    requete.other["VirtualRootPhysicalPath"] = portal.getPhysicalPath()
    assert portal.absolute_url() == "https://ent.example.org"
    for objet in objets:
        assert adresses.url(portal, objet) == objet.absolute_url(), objet
    # a host mapped on one establishment: the objects outside it have no URL of the site's form
    requete.other.pop(adresses.CLE)
    etab = objets[1]
    requete.other["VirtualRootPhysicalPath"] = etab.getPhysicalPath()
    for objet in objets:
        assert adresses.url(portal, objet) == objet.absolute_url(), objet
    assert adresses.url_sous_site(portal, etab.getId()) == etab.absolute_url() == "https://ent.example.org"
