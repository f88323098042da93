from plone.base.interfaces import INonInstallable
from zope.interface import implementer


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        """The uninstall profile is not offered in the add-ons control panel."""
        return ["cartable.policy:uninstall"]


def post_install(setup_tool):
    """default profile: logins last a working day."""
    from Acquisition import aq_inner, aq_parent

    from cartable.policy.session import regler_session

    regler_session(aq_parent(aq_inner(setup_tool)).acl_users.session)
