"""Where an establishment's vie scolaire lives: an annotation on its Etablissement."""

from zope.annotation.interfaces import IAnnotations

from cartable.core.annotations import lire_annotation
from cartable.viescolaire.registre import VieScolaire

CLE = "cartable.viescolaire"


def lire_vie_scolaire(etablissement):
    """None before anything was set up; never writes (safe on GET)."""
    return lire_annotation(etablissement, CLE)


def vie_scolaire_pour_ecrire(etablissement):
    annotations = IAnnotations(etablissement)
    if CLE not in annotations:
        annotations[CLE] = VieScolaire()
    return annotations[CLE]
