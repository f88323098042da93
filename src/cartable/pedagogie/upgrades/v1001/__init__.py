"""1001: the pedagogy types, their workflows and roles, and the digest hour record arrive on existing sites."""

from plone import api

from cartable.pedagogie import PROFILE_ID


def types_et_workflows(context):
    setup = api.portal.get_tool("portal_setup")
    for step in ("rolemap", "typeinfo", "workflow", "plone.app.registry"):
        setup.runImportStepFromProfile(f"profile-{PROFILE_ID}", step)
    api.portal.get_tool("portal_workflow").updateRoleMappings()
