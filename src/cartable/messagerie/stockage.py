"""Where the messagerie lives: one ``Messagerie`` annotated on the region site (people span establishments)."""

from zope.annotation.interfaces import IAnnotations

from cartable.core.annotations import lire_annotation
from cartable.messagerie.registre import Boite, Messagerie

CLE = "cartable.messagerie"


def lire_messagerie(site):
    """None before the first message; never writes (safe on GET)."""
    return lire_annotation(site, CLE)


def messagerie_pour_ecrire(site):
    annotations = IAnnotations(site)
    if CLE not in annotations:
        annotations[CLE] = Messagerie()
    return annotations[CLE]


def lire_boite(site, personne):
    """A person's mailbox, or None (never writes)."""
    messagerie = lire_messagerie(site)
    return messagerie.boites.get(personne) if messagerie is not None and personne else None


def boite_pour_ecrire(messagerie, personne):
    boite = messagerie.boites.get(personne)
    if boite is None:
        boite = messagerie.boites[personne] = Boite()
    return boite


def magasins(site):
    """The sending services' idempotency store, pruned by the periodic tour (cartable.core.elagage)."""
    messagerie = lire_messagerie(site)
    yield messagerie.reponses if messagerie is not None else None
