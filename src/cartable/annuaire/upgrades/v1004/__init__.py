"""1003 → 1004: establishments and classes are private content (simple_publication_workflow)."""


def etablissements_prives(setup_tool):
    setup_tool.runImportStepFromProfile("profile-cartable.annuaire:default", "workflow")
    setup_tool.portal_workflow.updateRoleMappings()
