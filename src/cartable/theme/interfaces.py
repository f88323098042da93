from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class ICartableThemeLayer(IDefaultBrowserLayer):
    """Browser layer of cartable.theme: its header, pages and overrides exist only where it is installed."""
