"""Events of the pedagogy add-on, for what reacts to them (notifications, the agenda index).

Workflow transitions (a Devoir published, a Rendu restitué) are DCWorkflow's
own ``IAfterTransitionEvent``; these are the changes that are not transitions.
"""

from zope.interface import Attribute, Interface, implementer


class ITravailAjoute(Interface):
    """A *travail à faire* was added to a cahier de textes (or a Devoir published)."""

    espace = Attribute("the EspaceCours")
    travail = Attribute("cartable.regles.agenda.Travail")


@implementer(ITravailAjoute)
class TravailAjoute:
    def __init__(self, espace, travail):
        self.espace = espace
        self.travail = travail
