"""Events of the pedagogy add-on, for what reacts to them (notifications, the agenda index).

Workflow transitions (a Devoir published, a Rendu restitué) are DCWorkflow's
own ``IAfterTransitionEvent``; these are the changes that are not transitions.
"""

import threading
from contextlib import contextmanager

from zope.interface import Attribute, Interface, implementer

_en_masse = threading.local()


@contextmanager
def chargement_en_masse():
    """A bulk load (the demo region) is not news: nobody is notified and no follow-up job is queued
    (the loader does its own follow-up: the demo creates the spaces itself)."""
    avant = getattr(_en_masse, "actif", False)
    _en_masse.actif = True
    try:
        yield
    finally:
        _en_masse.actif = avant


def en_masse() -> bool:
    return getattr(_en_masse, "actif", False)


class ITravailAjoute(Interface):
    """A *travail à faire* was added to a cahier de textes (or a Devoir published)."""

    espace = Attribute("the EspaceCours")
    travail = Attribute("cartable.regles.agenda.Travail")


@implementer(ITravailAjoute)
class TravailAjoute:
    def __init__(self, espace, travail):
        self.espace = espace
        self.travail = travail
