"""Where an establishment's grades live: an annotation on its Etablissement."""

from zope.annotation.interfaces import IAnnotations

from cartable.notes.registre import Carnet

CLE = "cartable.notes"


def lire_carnet(etablissement):
    """None before anything was written (safe on GET: never writes)."""
    return IAnnotations(etablissement).get(CLE)


def carnet_pour_ecrire(etablissement):
    annotations = IAnnotations(etablissement)
    if CLE not in annotations:
        annotations[CLE] = Carnet()
    return annotations[CLE]
