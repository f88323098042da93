"""A Link (in a space, a sequence or a Devoir) keeps only an http(s), mailto or relative URL.

Its page is opened by others (students, the vie scolaire, the direction): a ``javascript:`` or ``data:``
URL written into an ``href`` would run as them. The rule is ``regles.liens``; it is checked in Plone's
forms (a field validator: the form shows the French error on the field) and on every add and edit
whatever the way (REST, scripts): an event subscriber refuses the change.
"""

import transaction
from z3c.form import validator
from zExceptions import BadRequest
from zope.interface import Invalid
from zope.schema.interfaces import ITextLine

from cartable.core.refus import RequeteInvalide
from cartable.regles import liens


class LienRefuse(RequeteInvalide, BadRequest):
    """A refusal (400, French) that plone.restapi and Zope also answer as a bad request."""


LienRefuse.__name__ = "BadRequest"  # Zope (and plone.rest) take the HTTP status from the exception class's name


class ValidateurAdresseLien(validator.SimpleFieldValidator):
    """The Link's « URL » field in Plone's add and edit forms (other text lines: unchanged)."""

    def validate(self, value, force=False):
        super().validate(value, force)
        if getattr(self.field, "__name__", None) == "remoteUrl" and value and not liens.url_sure(value):
            raise Invalid(liens.MESSAGE)


validator.WidgetValidatorDiscriminators(ValidateurAdresseLien, field=ITextLine)


def verifier_adresse(lien, event):
    """Added or modified by any way: an unsafe URL refuses the change (nothing is committed)."""
    url = getattr(lien, "remoteUrl", None)
    if url and not liens.url_sure(url):
        transaction.doom()
        raise LienRefuse(liens.MESSAGE)
