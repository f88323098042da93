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


class IPersonneDesactivee(Interface):
    """A person was deactivated by the directory (they left): followers index the day (RGPD retention)."""

    site = Attribute("the Plone site")
    personne = Attribute("cartable.annuaire.registre.Personne, already deactivated, its history noted")


@implementer(IPersonneDesactivee)
class PersonneDesactivee:
    def __init__(self, site, personne):
        self.site = site
        self.personne = personne
