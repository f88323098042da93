"""Where the directory lives: one Annuaire object annotated on the region site."""

from zope.annotation.interfaces import IAnnotations

from cartable.annuaire.registre import Annuaire
from cartable.core.annotations import lire_annotation

CLE = "cartable.annuaire"


def lire_annuaire(site):
    """The directory, or None before the first import. Never writes (safe on GET)."""
    return lire_annotation(site, CLE)


def annuaire_pour_ecrire(site):
    """The directory, created on first use (write paths only: imports)."""
    annotations = IAnnotations(site)
    annuaire = annotations.get(CLE)
    if annuaire is None:
        annuaire = annotations[CLE] = Annuaire()
    return annuaire
