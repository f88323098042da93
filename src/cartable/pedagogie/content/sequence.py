"""Séquence: an ordered folder of lessons inside a course space."""

from plone.dexterity.content import Container
from plone.supermodel import model
from zope.interface import implementer


class ISequence(model.Schema):
    """Title, description; its items keep the order the teacher gives them."""


@implementer(ISequence)
class Sequence(Container):
    pass
