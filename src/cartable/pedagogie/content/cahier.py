"""Cahier de textes of a course space (one per space, id ``cahier-de-textes``).

Entries are records, not content: ``entrees`` is an OOBTree occurrence key
(``AAAA-MM-JJ@créneau``, or ``AAAA-MM-JJ@hors-edt-N`` for a session out of the
timetable) → ``cartable.pedagogie.agenda.stockage.EntreeCahier``; they are
written through ``cartable.pedagogie.agenda.cahier`` with the rules of
``cartable.regles.agenda``. The trees are created on the first write, so a
cahier made before them needs no upgrade step and a read never writes.
"""

from BTrees.OOBTree import OOBTree
from plone.dexterity.content import Item
from plone.supermodel import model
from zope.interface import implementer


class ICahierDeTextes(model.Schema):
    """Title only; the entries are records."""


@implementer(ICahierDeTextes)
class CahierDeTextes(Item):
    entrees = None  # occurrence key → EntreeCahier
    historique = None  # (key, time ISO, ns) → regles.agenda.Trace: concurrent edits of two entries, two buckets
    reponses = None  # (login, Idempotency-Key) → the first answer of a POST
    vise_jusqu_au = None  # date of the last visa given up to a day (shown to the direction)

    def entrees_pour_ecrire(self):
        if self.entrees is None:
            self.entrees, self.historique, self.reponses = OOBTree(), OOBTree(), OOBTree()
        return self.entrees

    def entrees_du(self, du, au):
        """Entries whose key's day is from ``du`` to ``au`` (a range read; never writes)."""
        if self.entrees is None:
            return []
        return list(self.entrees.values(min=f"{du.isoformat()}@", max=f"{au.isoformat()}@\uffff"))

    def traces_de(self, cle):
        """The edit history of one entry, oldest first."""
        if self.historique is None:
            return []
        return list(self.historique.values(min=(cle, ""), max=(cle, "\uffff")))
