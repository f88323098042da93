from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class ICartableAnnuaireLayer(IDefaultBrowserLayer):
    """Browser layer of cartable.annuaire: its views exist only where it is installed."""
