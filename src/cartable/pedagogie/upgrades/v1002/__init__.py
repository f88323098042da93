"""1001 → 1002: sharing follows the directory (only the region's administrators grant local roles), and the
Folders already in course spaces accept only the space's types."""

from plone import api

from cartable.pedagogie.contraintes import contraindre


def partage_reserve(setup_tool):
    setup_tool.runImportStepFromProfile("profile-cartable.pedagogie:default", "rolemap")
    catalogue = api.portal.get_tool("portal_catalog")
    for espace in catalogue.unrestrictedSearchResults(portal_type="EspaceCours"):
        objet = espace._unrestrictedGetObject()
        for marque in catalogue.unrestrictedSearchResults(portal_type="Folder", path=espace.getPath()):
            contraindre(marque._unrestrictedGetObject(), objet)
