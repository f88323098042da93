from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class ICartableViescolaireLayer(IDefaultBrowserLayer):
    """Browser layer of cartable.viescolaire: its views exist only where it is installed."""
