from plone.base.interfaces import INonInstallable
from zope.interface import implementer


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        """The uninstall profile is not offered in the add-ons control panel."""
        return ["cartable.policy:uninstall"]


def post_install(setup_tool):
    """default profile: logins last a working day; REST tokens revocable (plone.restapi is installed by now)."""
    from Acquisition import aq_inner, aq_parent

    from cartable.annuaire.jetons import jetons_revocables
    from cartable.policy.session import regler_session

    site = aq_parent(aq_inner(setup_tool))
    regler_session(site.acl_users.session)
    jetons_revocables(site)
