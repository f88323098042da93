"""Each Cartable add-on installs and uninstalls cleanly (pytest-plone fixtures)."""

import pytest
from plone import api

from cartable.annuaire.interfaces import ICartableAnnuaireLayer
from cartable.notes.interfaces import ICartableNotesLayer
from cartable.pedagogie.interfaces import ICartablePedagogieLayer
from cartable.policy.interfaces import ICartablePolicyLayer
from cartable.viescolaire.interfaces import ICartableViescolaireLayer

ADDONS = {
    "cartable.policy": ICartablePolicyLayer,
    "cartable.annuaire": ICartableAnnuaireLayer,
    "cartable.pedagogie": ICartablePedagogieLayer,
    "cartable.viescolaire": ICartableViescolaireLayer,
    "cartable.notes": ICartableNotesLayer,
}


@pytest.mark.parametrize("package", ADDONS)
def test_installed(installer, package):
    assert installer.is_product_installed(package) is True


@pytest.mark.parametrize("package, layer", ADDONS.items())
def test_browser_layer(browser_layers, package, layer):
    assert layer in browser_layers


VERSIONS = {"cartable.annuaire": "1008", "cartable.policy": "1005", "cartable.pedagogie": "1004", "cartable.viescolaire": "1001", "cartable.theme": "1000",
            "cartable.notes": "1002"}


@pytest.mark.parametrize("package", ADDONS)
def test_profile_version(setup_tool, package):
    assert setup_tool.getLastVersionForProfile(f"{package}:default") == (VERSIONS.get(package, "1000"),)
    assert setup_tool.listUpgrades(f"{package}:default") == []


def test_upgrade_1000_to_1001_adds_classe(setup_tool, portal):
    portal.portal_types.manage_delObjects(["Classe"])
    setup_tool.setLastVersionForProfile("cartable.annuaire:default", "1000")
    setup_tool.upgradeProfile("cartable.annuaire:default")
    assert setup_tool.getLastVersionForProfile("cartable.annuaire:default") == ("1008",)
    assert "Classe" in portal.portal_types
    assert portal.portal_types["Etablissement"].allowed_content_types == ("Classe",)


def test_mon_bureau_is_the_home_and_the_upgrade_makes_it_so(setup_tool, portal):
    assert portal.getLayout() == "mon-bureau"
    portal.setLayout("listing_view")
    setup_tool.setLastVersionForProfile("cartable.annuaire:default", "1004")
    setup_tool.upgradeProfile("cartable.annuaire:default")
    assert portal.getLayout() == "mon-bureau"


def test_the_site_root_publishes_mon_bureau_without_asking_its_type(portal):
    """The site root's default view is a Zope default view name for the add-on's layer: CMF's before-traverse hook
    takes it before it asks the type information and Plone's default-page machinery (4 % of a teacher's page)."""
    from zope.interface import alsoProvides
    from zope.publisher.defaultview import queryDefaultViewName

    from cartable.annuaire.interfaces import ICartableAnnuaireLayer

    requete = portal.REQUEST
    alsoProvides(requete, ICartableAnnuaireLayer)  # as the add-on's browser layer marks every request of the site
    assert queryDefaultViewName(portal, requete) == "mon-bureau"
    requete["TraversalRequestNameStack"] = []
    portal.__before_publishing_traverse__(portal, requete)
    assert requete["TraversalRequestNameStack"] == ["mon-bureau"]  # what Zope's traversal publishes
    assert portal.getLayout() == "mon-bureau"  # the layout says the same (Plone's display menu reads it)


@pytest.mark.parametrize("package", ADDONS)
def test_uninstall_profile_hidden(installer, package):
    from plone.base.interfaces import INonInstallable
    from zope.component import getUtility

    hidden = getUtility(INonInstallable, name=f"{package}-hiddenprofiles")
    assert hidden.getNonInstallableProfiles() == [f"{package}:uninstall"]


def test_policy_pulls_every_feature(installer):
    """policy → features → annuaire: one profile brings the whole region."""
    for package in ADDONS:
        assert installer.is_product_installed(package)
    assert installer.is_product_installed("plone.restapi")


def test_site_is_french_first(portal):
    assert api.portal.get_registry_record("plone.default_language") == "fr"
    assert api.portal.get_registry_record("plone.available_languages") == ["fr", "en"]
    assert api.portal.get_registry_record("plone.portal_timezone") == "Europe/Paris"


def test_catalogs_translate(portal):
    from zope.i18n import translate

    from cartable.annuaire import _

    message = _("uai_invalide")
    assert translate(message, target_language="fr").startswith("UAI invalide")
    assert translate(message, target_language="en").startswith("Invalid UAI")


# Uninstalled in the reverse order of the dependencies.
@pytest.mark.parametrize("package", ["cartable.policy", "cartable.notes", "cartable.pedagogie"])
def test_uninstall(installer, browser_layers, package, portal):
    from plone.browserlayer.utils import registered_layers

    installer.uninstall_product(package)
    assert installer.is_product_installed(package) is False
    assert ADDONS[package] not in registered_layers()


def test_uninstall_annuaire_removes_its_type(installer, portal):
    for package in ("cartable.policy", "cartable.notes", "cartable.viescolaire", "cartable.pedagogie"):
        installer.uninstall_product(package)
    assert "Etablissement" in portal.portal_types
    installer.uninstall_product("cartable.annuaire")
    assert "Classe" not in portal.portal_types
    assert installer.is_product_installed("cartable.annuaire") is False
    assert "Etablissement" not in portal.portal_types
    from plone.browserlayer.utils import registered_layers

    assert ICartableAnnuaireLayer not in registered_layers()


def test_import_configlet_for_regional_administrators(portal):
    configlet = [c for c in portal.portal_controlpanel.listActions() if c.id == "cartable-import-annuaire"]
    assert configlet and configlet[0].permissions == ("Cartable: Importer l'annuaire",)
    roles = {r["name"] for r in portal.rolesOfPermission("Cartable: Importer l'annuaire") if r["selected"]}
    assert roles == {"Manager", "Site Administrator"}


def test_establishment_opens_on_its_directory_page(portal):
    fti = portal.portal_types["Etablissement"]
    assert fti.default_view == "annuaire"
    assert "annuaire" in fti.view_methods


def test_establishments_and_classes_are_private(portal):
    wf = portal.portal_workflow
    assert wf.getChainForPortalType("Etablissement") == ("simple_publication_workflow",)
    assert wf.getChainForPortalType("Classe") == ("simple_publication_workflow",)
