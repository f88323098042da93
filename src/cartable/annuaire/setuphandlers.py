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

    site = aq_parent(aq_inner(setup_tool))
    installer_plugin(site.acl_users)
    accueil_mon_bureau(site)
    from cartable.annuaire.jetons import jetons_revocables

    jetons_revocables(site)


def accueil_mon_bureau(site):
    """Everyone lands on Mon bureau: the site root shows it (anonymous visitors get the public home)."""
    site.setLayout("mon-bureau")


def uninstall(setup_tool):
    from cartable.annuaire.pas import retirer_plugin

    site = aq_parent(aq_inner(setup_tool))
    retirer_plugin(site.acl_users)
    if site.getLayout() == "mon-bureau":  # the view leaves with the add-on's layer
        site.setLayout("listing_view")
