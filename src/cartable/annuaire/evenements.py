"""Events of the directory, for the features that follow it (course spaces, …)."""

from zope.interface import Attribute, Interface, implementer


class IAnnuaireImporte(Interface):
    """A directory import (AAF or CSV) was applied; its last batch commits with the current transaction."""

    site = Attribute("the Plone site")
    rapport = Attribute("cartable.annuaire.importation.Rapport")


@implementer(IAnnuaireImporte)
class AnnuaireImporte:
    def __init__(self, site, rapport):
        self.site = site
        self.rapport = rapport
