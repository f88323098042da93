"""Where an establishment's grades live: an annotation on its Etablissement."""

from zope.annotation.interfaces import IAnnotations

from cartable.core.annotations import lire_annotation
from cartable.notes.registre import Carnet, Competences

CLE = "cartable.notes"
CLE_COMPETENCES = "cartable.notes.competences"


def lire_carnet(etablissement):
    """None before anything was written (safe on GET: never writes)."""
    return lire_annotation(etablissement, CLE)


def carnet_pour_ecrire(etablissement):
    annotations = IAnnotations(etablissement)
    if CLE not in annotations:
        annotations[CLE] = Carnet()
    return annotations[CLE]


def lire_competences(etablissement):
    """The establishment's skills (référentiel, bilans), None before anything was written (never writes)."""
    return lire_annotation(etablissement, CLE_COMPETENCES)


def competences_pour_ecrire(etablissement):
    annotations = IAnnotations(etablissement)
    if CLE_COMPETENCES not in annotations:
        annotations[CLE_COMPETENCES] = Competences()
    return annotations[CLE_COMPETENCES]
