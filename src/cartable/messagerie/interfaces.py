from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class ICartableMessagerieLayer(IDefaultBrowserLayer):
    """Browser layer of cartable.messagerie: its pages and services exist only where it is installed."""
