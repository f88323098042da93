"""Classe: a division (class) or a group of an establishment, from the directory.

Content because course spaces and the cahier de textes hang from it; its
roster is not stored here but read from the directory (O(log n) index).
"""

from plone.dexterity.content import Container
from plone.supermodel import model
from zope import schema
from zope.interface import implementer
from zope.schema.vocabulary import SimpleTerm, SimpleVocabulary

from cartable.annuaire import _

GENRES = SimpleVocabulary(
    [
        SimpleTerm("classe", title=_("genre_classe", default="Classe")),
        SimpleTerm("groupe", title=_("genre_groupe", default="Groupe")),
    ]
)


class IClasse(model.Schema):
    code = schema.TextLine(title=_("label_code_division", default="Code"), required=True)
    genre = schema.Choice(title=_("label_genre_division", default="Genre"), vocabulary=GENRES, default="classe")


@implementer(IClasse)
class Classe(Container):
    """A class or group; its students are those the directory lists for its code."""
