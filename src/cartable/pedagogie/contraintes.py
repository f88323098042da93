"""Only the types that belong in a course space can be added in it, at any depth (issue 13).

A space filters its types (its FTI), but a Folder inside it is a plain Plone Folder that accepts every
globally addable type (an ``Etablissement`` was created inside a course space, and another school's CPE
got View on it). Each Folder added under a space is constrained, the Plone way (its
ISelectableConstrainTypes), to the types of the space.
"""

from Acquisition import aq_chain, aq_inner
from Products.CMFPlone.interfaces.constrains import ENABLED, ISelectableConstrainTypes

from cartable.pedagogie.content.espace import IEspaceCours


def espace_de(objet):
    return next((o for o in aq_chain(aq_inner(objet)) if IEspaceCours.providedBy(o)), None)


def contraindre(dossier, espace=None):
    """The Folder accepts the types its space accepts (in both lists: addable and shown first)."""
    espace = espace or espace_de(dossier)
    if espace is None:
        return False
    contraintes = ISelectableConstrainTypes(dossier, None)
    if contraintes is None:
        return False
    # the space's types that a Folder may hold at all (a Séquence, a Devoir stay at the space's level)
    possibles = {fti.getId() for fti in contraintes.getDefaultAddableTypes()}
    types = [t for t in espace.getTypeInfo().allowed_content_types if t in possibles]
    contraintes.setConstrainTypesMode(ENABLED)
    contraintes.setLocallyAllowedTypes(types)
    contraintes.setImmediatelyAddableTypes(types)
    return True


def dossier_ajoute(dossier, event):
    """Subscriber: a Folder added (or moved) under a course space takes its types."""
    contraindre(dossier)
