"""Refusals: the one exception hierarchy of every Cartable service and page.

A ``Refus`` carries the HTTP status, the error type and a French message for
the person. The REST base (``cartable.core.services.base.ServiceCartable``)
turns it into ``{"error": {"type", "message"}}`` with that status and dooms the
transaction: a refused request writes nothing, even after a first write.

Raise the subclass that says why (``RequeteInvalide("…")``); the older form
``Refus(status, type, message)`` stays valid. A refusal's message never names
a student the reader may not see.
"""


class Refus(Exception):
    status = 400
    genre = "BadRequest"

    def __init__(self, *args):
        if len(args) == 3:
            status, genre, message = args
        elif len(args) == 1:
            (message,), status, genre = args, type(self).status, type(self).genre
        else:
            raise TypeError("Refus(message) ou Refus(status, genre, message)")
        super().__init__(message)
        self.status, self.genre, self.message = status, genre, message

    def corps(self) -> dict:
        return {"error": {"type": self.genre, "message": self.message}}


class RequeteInvalide(Refus):
    status, genre = 400, "BadRequest"


class NonConnecte(Refus):
    status, genre = 401, "Unauthorized"


class Interdit(Refus):
    status, genre = 403, "Forbidden"


class Introuvable(Refus):
    status, genre = 404, "NotFound"


class Conflit(Refus):
    status, genre = 409, "Conflict"


class TropVolumineux(Refus):
    status, genre = 413, "PayloadTooLarge"


class TypeNonAccepte(Refus):
    status, genre = 415, "UnsupportedMediaType"


def interdit(lecteur, message="Accès refusé.") -> Refus:
    """401 for anonymous (they may log in), 403 otherwise."""
    return NonConnecte(message) if lecteur.anonyme else Interdit(message)
