"""1004 → 1005: the messagerie on an existing site (cartable.messagerie)."""


def installer_messagerie(setup_tool):
    # its dependencies are there already: only its own steps run (the browser layer)
    setup_tool.runAllImportStepsFromProfile("profile-cartable.messagerie:default", ignore_dependencies=True)
