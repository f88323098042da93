"""1002 → 1003: Cartable's look on an existing site (cartable.theme: theme, header, bell, error pages)."""


def installer_habillage(setup_tool):
    # Barceloneta is already there (a dependency of policy since 1000): only the theme's own steps run.
    setup_tool.runAllImportStepsFromProfile("profile-cartable.theme:default", ignore_dependencies=True)
