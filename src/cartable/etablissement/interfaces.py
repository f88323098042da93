from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class ICartableEtablissementLayer(IDefaultBrowserLayer):
    """Browser layer of cartable.etablissement: its views exist only where it is installed."""
