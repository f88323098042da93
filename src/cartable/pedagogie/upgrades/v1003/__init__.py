"""1002 → 1003: a handed-in Rendu is read-only for the teacher (they mark through the marking table)."""


def rendu_remis_en_lecture(setup_tool):
    setup_tool.runImportStepFromProfile("profile-cartable.pedagogie:default", "workflow")
    setup_tool.portal_workflow.updateRoleMappings()
