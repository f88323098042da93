"""1002 → 1003: the import permission (regional administrators), its Site Setup entry,
and the directory page as the default view of an establishment."""

PROFILE = "profile-cartable.annuaire:default"


def permission_import(setup_tool):
    setup_tool.runImportStepFromProfile(PROFILE, "rolemap")
    setup_tool.runImportStepFromProfile(PROFILE, "controlpanel")
    setup_tool.runImportStepFromProfile(PROFILE, "typeinfo")
