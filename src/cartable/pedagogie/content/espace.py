"""Espace de cours: one per class/group × subject (from the directory), or a free space.

Who may do what in it is not stored: ``cartable.pedagogie.localroles`` asks
the directory (its teachers edit, its students read, their parents read the
cahier de textes), so the daily AAF delta never rewrites local roles. A free
space (club, CDI, projet) lists its members by directory id.
"""

from Acquisition import aq_inner, aq_parent
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.supermodel import model
from zope import schema
from zope.interface import implementer

from cartable.pedagogie import _

AJOUTER_ESPACE = "cartable.pedagogie.AjouterEspace"


class IEspaceCours(model.Schema):
    # who is in the space follows from these fields: only the sync and @espaces-libres write them,
    # never a teacher through the edit form or a REST PATCH
    directives.write_permission(
        division=AJOUTER_ESPACE, genre=AJOUTER_ESPACE, matiere=AJOUTER_ESPACE, matiere_libelle=AJOUTER_ESPACE,
        libre=AJOUTER_ESPACE, editeurs=AJOUTER_ESPACE, membres=AJOUTER_ESPACE,
    )
    division = schema.TextLine(title=_("label_division", default="Classe ou groupe"), required=False)
    genre = schema.TextLine(title=_("label_genre", default="Genre"), required=False, default="classe")
    matiere = schema.TextLine(title=_("label_matiere", default="Code matière"), required=False)
    matiere_libelle = schema.TextLine(title=_("label_matiere_libelle", default="Matière"), required=False)
    libre = schema.Bool(title=_("label_libre", default="Espace libre (club, CDI, projet)"), default=False)
    editeurs = schema.List(
        title=_("label_editeurs", default="Animateurs (identifiants de l'annuaire)"),
        value_type=schema.TextLine(), required=False, default=[],
    )
    membres = schema.List(
        title=_("label_membres", default="Membres (identifiants de l'annuaire)"),
        value_type=schema.TextLine(), required=False, default=[],
    )


@implementer(IEspaceCours)
class EspaceCours(Container):
    """A course space; local roles come from the directory, never acquired from the establishment."""

    # the establishment gives Reader to all its members: a space must not inherit that
    __ac_local_roles_block__ = True
    # the schema's default, found on the class: a course space never stores it, and Dexterity's lookup of a
    # missing attribute walks the schemas (Mon bureau asks it of every space of a student's classes)
    libre = False

    # methods, not properties: a property gets the object without its acquisition parents
    def etablissement(self):
        """The Etablissement above (a class space sits in its Classe, a free space in the establishment)."""
        from cartable.annuaire.content.etablissement import IEtablissement

        parent = aq_parent(aq_inner(self))
        while parent is not None and not IEtablissement.providedBy(parent):
            parent = aq_parent(aq_inner(parent))
        return parent

    def structure(self):
        """The directory id (jointure) of the establishment."""
        etablissement = self.etablissement()
        return getattr(etablissement, "jointure", None) if etablissement is not None else None


def espace_englobant(objet):
    """The EspaceCours above ``objet`` (directly in it, or in one of its séquences or folders), or None."""
    parent = aq_parent(aq_inner(objet))
    while parent is not None and not IEspaceCours.providedBy(parent):
        parent = aq_parent(aq_inner(parent)) if hasattr(parent, "aq_parent") else None
    return parent


def etablissement_englobant(objet):
    """The Etablissement that holds ``objet`` (``objet`` itself when it is one), or None."""
    from cartable.annuaire.content.etablissement import IEtablissement

    while objet is not None and not IEtablissement.providedBy(objet):
        objet = aq_parent(aq_inner(objet)) if hasattr(objet, "aq_parent") else None
    return objet
