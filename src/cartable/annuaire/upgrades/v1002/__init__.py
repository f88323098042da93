"""1001 → 1002: the directory's people can log in (PAS plugin)."""

from plone import api


def plugin_comptes(setup_tool):
    from cartable.annuaire.pas import installer_plugin

    installer_plugin(api.portal.get().acl_users)
