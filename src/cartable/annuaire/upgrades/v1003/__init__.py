"""1002 → 1003: the import permission (regional administrators) and its Site Setup entry."""

PROFILE = "profile-cartable.annuaire:default"


def permission_import(setup_tool):
    setup_tool.runImportStepFromProfile(PROFILE, "rolemap")
    setup_tool.runImportStepFromProfile(PROFILE, "controlpanel")
