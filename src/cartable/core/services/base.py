"""The REST base of every Cartable service (the ground floor: no feature is imported here).

A service answers in ``repondre(*self.arguments())``. A ``Refus`` raised
there becomes its status and ``{"error": {"type", "message"}}``, and dooms
the transaction: whatever was written before the refusal is never committed.
The JSON body is read in one place (``corps``).
"""

import transaction
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from plone.restapi.services import Service
from zope.interface import alsoProvides, implementer
from zope.publisher.interfaces import IPublishTraverse

from cartable.core.refus import Refus, RequeteInvalide

CORPS_ATTENDU = "Corps JSON attendu (un objet)."


def refuser(request, refus: Refus) -> dict:
    """Doom the transaction and answer the refusal (also for services outside this base)."""
    transaction.doom()
    request.response.setStatus(refus.status)
    return refus.corps()


class ServiceCartable(Service):
    def reply(self):
        try:
            return self.repondre(*self.arguments())
        except Refus as refus:
            return refuser(self.request, refus)

    def arguments(self) -> tuple:
        return ()

    def repondre(self, *arguments):
        raise NotImplementedError

    def corps_deja_ecrit(self):
        """The answer's body was set on the response (a file, a download): no JSON around it."""
        return self.reply_no_content(status=self.request.response.getStatus())

    def corps(self) -> dict:
        """The JSON object of the body, or a 400. These services are JSON only: plone.rest never
        routes a cross-site form to them, so the CSRF token is not needed."""
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            donnees = json_body(self.request)
        except DeserializationError:
            raise RequeteInvalide(CORPS_ATTENDU) from None
        if not isinstance(donnees, dict):
            raise RequeteInvalide(CORPS_ATTENDU)
        return donnees


@implementer(IPublishTraverse)
class ServiceAvecChemin(ServiceCartable):
    """A service that takes one path segment after its name: @nom/<param>."""

    def __init__(self, context, request):
        super().__init__(context, request)
        self.params = []

    def publishTraverse(self, request, name):
        self.params.append(name)
        return self

    def param(self):
        """The one segment, or '' when there is none or more than one."""
        return self.params[0] if len(self.params) == 1 else ""
