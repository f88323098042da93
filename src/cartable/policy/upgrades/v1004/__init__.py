"""1003 → 1004: the establishments' editors, home pages and news on an existing site (cartable.etablissement)."""

from Products.CMFCore.utils import getToolByName


def installer_etablissement(setup_tool):
    # its dependencies (pedagogie, annuaire) are there already: only its own steps run
    setup_tool.runAllImportStepsFromProfile("profile-cartable.etablissement:default", ignore_dependencies=True)
    # News Item, Document and Event change workflow: existing ones get the new permissions
    getToolByName(setup_tool, "portal_workflow").updateRoleMappings()
