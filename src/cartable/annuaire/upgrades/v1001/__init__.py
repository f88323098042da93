"""1000 → 1001: the Classe type, and Établissements that only hold classes."""

PROFILE = "profile-cartable.annuaire:default"


def types_classe(setup_tool):
    setup_tool.runImportStepFromProfile(PROFILE, "typeinfo")
