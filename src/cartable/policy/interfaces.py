from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class ICartablePolicyLayer(IDefaultBrowserLayer):
    """Browser layer of cartable.policy: its views exist only where it is installed."""
