from Acquisition import aq_inner, aq_parent
from plone.base.interfaces import INonInstallable
from zope.interface import implementer


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        """The uninstall profile is not offered in the add-ons control panel."""
        return ["cartable.annuaire:uninstall"]


def post_install(setup_tool):
    """default profile: the directory's PAS plugin in the site's user folder."""
    from cartable.annuaire.pas import installer_plugin

    installer_plugin(aq_parent(aq_inner(setup_tool)).acl_users)


def uninstall(setup_tool):
    from cartable.annuaire.pas import retirer_plugin

    retirer_plugin(aq_parent(aq_inner(setup_tool)).acl_users)
