from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class ICartablePedagogieLayer(IDefaultBrowserLayer):
    """Browser layer of cartable.pedagogie: its views exist only where it is installed."""
