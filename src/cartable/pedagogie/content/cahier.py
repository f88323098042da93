"""Cahier de textes of a course space (one per space, id ``cahier-de-textes``).

Entries are records, not content: ``entrees`` is an OOBTree occurrence key
(``AAAA-MM-JJ@créneau``) → entry record; they are written through
``cartable.pedagogie.cahier`` with the rules of ``cartable.regles.agenda``.
"""

from plone.dexterity.content import Item
from plone.supermodel import model
from zope.interface import implementer


class ICahierDeTextes(model.Schema):
    """Title only; the entries are records."""


@implementer(ICahierDeTextes)
class CahierDeTextes(Item):
    pass
