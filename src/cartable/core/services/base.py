"""The REST base of every Cartable service (the ground floor: no feature is imported here).

A service answers in ``repondre(*self.arguments())``. A ``Refus`` raised
there becomes its status and ``{"error": {"type", "message"}}``, and dooms
the transaction: whatever was written before the refusal is never committed.
The JSON body is read in one place (``corps``), and only once its declared length
is within the service's limit (``LIMITE_CORPS``, or ``limite_corps()`` when it depends
on the context): a body past it is refused with a 413 before it is read or parsed.
A write from another site's page is refused (403) before anything else, and a body
not declared ``application/json`` is refused (415) (cartable.regles.origine).
"""

import csv
import logging

import transaction
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from plone.restapi.services import Service
from zope.interface import alsoProvides, implementer
from zope.publisher.interfaces import IPublishTraverse

from cartable.core.refus import Interdit, Refus, RequeteInvalide, TropVolumineux, TypeNonAccepte
from cartable.regles import corps as regles_corps
from cartable.regles import origine as regles_origine

CORPS_ATTENDU = "Corps JSON attendu (un objet)."
VALEUR_INATTENDUE = "Requête invalide : une valeur n'a pas le type ou la forme attendus (texte, nombre, date AAAA-MM-JJ)."
VALEURS_INATTENDUES = (TypeError, ValueError, KeyError, AttributeError, IndexError, OverflowError, UnicodeError, csv.Error)
journal = logging.getLogger("cartable.services")


def refuser(request, refus: Refus) -> dict:
    """Doom the transaction and answer the refusal (also for services outside this base)."""
    transaction.doom()
    request.response.setStatus(refus.status)
    return refus.corps()


def _a_un_corps(request) -> bool:
    """Whether a body came without a length (measured on the buffered input, never read)."""
    entree = getattr(request, "stdin", None)
    if entree is None:
        return False
    try:
        position = entree.tell()
        entree.seek(0, 2)
        fin = entree.tell()
        entree.seek(position)
    except (AttributeError, OSError, ValueError):
        return False  # a stream that cannot be measured (not waitress's buffer): the server's own ceiling holds
    return fin > 0


class ServiceCartable(Service):
    LIMITE_CORPS = regles_corps.LIMITE_JSON  # a service that carries files (base64) declares its own

    def limite_corps(self) -> int:
        """The largest body this service reads, in bytes (a service may compute it from its context)."""
        return self.LIMITE_CORPS

    def reply(self):
        try:
            self.verifier_origine()  # a write from another site's page: refused before anything is read
            self.verifier_longueur()  # every service, whether it reads its body or not
            return self.repondre(*self.arguments())
        except Refus as refus:
            return refuser(self.request, refus)
        except VALEURS_INATTENDUES:
            # a value of the wrong type or form that a service did not check field by field (a list where a
            # text was expected, an impossible number): the client's mistake, answered 400 in one place;
            # logged with its traceback, since a service should have said which field
            journal.warning("%s %s : valeur inattendue", self.request.get("REQUEST_METHOD"), self.request.get("ACTUAL_URL"),
                            exc_info=True)
            return refuser(self.request, RequeteInvalide(VALEUR_INATTENDUE))

    def arguments(self) -> tuple:
        return ()

    def repondre(self, *arguments):
        raise NotImplementedError

    def verifier_origine(self):
        requete = self.request
        refus = regles_origine.refus_origine(requete.get("REQUEST_METHOD", "GET"), requete.getHeader("Origin"),
                                             requete.getHeader("Sec-Fetch-Site"), requete.get("SERVER_URL", ""),
                                             requete.getHeader("X-Forwarded-Proto"))
        if refus is not None:
            raise Interdit(refus)

    def verifier_longueur(self):
        """Refuse, from its declared length and before anything reads it, a body past ``limite_corps()``."""
        longueur = self.request.environ.get("CONTENT_LENGTH")
        a_un_corps = not str(longueur or "").strip() and _a_un_corps(self.request)
        refus = regles_corps.refus_de_longueur(longueur, a_un_corps, self.limite_corps())
        if refus is not None:
            status, message = refus
            raise (TropVolumineux if status == 413 else RequeteInvalide)(message)

    def corps_deja_ecrit(self):
        """The answer's body was set on the response (a file, a download): no JSON around it."""
        return self.reply_no_content(status=self.request.response.getStatus())

    def corps(self) -> dict:
        """The JSON object of the body, or a 400 (a 413 past the limit, checked before reading; a 415 when it is not
        declared JSON). Plone's CSRF token is not asked: a page elsewhere cannot send JSON without a CORS preflight
        the site never grants, and its Origin is refused in ``verifier_origine``."""
        alsoProvides(self.request, IDisableCSRFProtection)
        self.verifier_longueur()
        refus = regles_origine.refus_type(self.request.getHeader("Content-Type"))
        if refus is not None:
            raise TypeNonAccepte(refus)
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
