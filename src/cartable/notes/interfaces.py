from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class ICartableNotesLayer(IDefaultBrowserLayer):
    """Browser layer of cartable.notes: its views exist only where it is installed."""
