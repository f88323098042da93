"""Where the CAS tickets live: outside the ZODB, like the login throttle (cartable.core.limites).

Redis when ``CARTABLE_REDIS_URL`` is set (a cluster shares it), else a SQLite file
``$CARTABLE_VAR/cas.sqlite3`` (``CARTABLE_CAS_FILE`` to place it elsewhere), shared by the
processes of one machine. Issuing or validating a ticket is thus never a ZODB write: a region's
applications validating thousands of tickets at 8:00 do not conflict with the roll call.

A record is kept under its key (``ST-…`` for a service ticket, ``RN-…`` for the proof that a
person typed their password after a ``renew=true``) with its moment of creation on Cartable's
clock (``horloge.horodatage()``: a test moves past the 10 s with ``horloge.figer``). Taking one
(``consommer``) is atomic and deletes it: two validations of one ticket, even at the same
instant on two instances, give it to one only. A record is kept ``GARDE`` seconds at most
(``cartable.core.memoire``, shared with the SAML service provider).
"""

from cartable.core import horloge, memoire

GARDE = 10 * 60  # seconds a record is kept at most (a ticket is refused after 10 s anyway)
PREFIXE_CLE = "cartable:cas:"


def magasin():
    return memoire.magasin("cas", "CARTABLE_CAS_FILE")


def emettre(ticket, *, service, login, renouvele=False):
    """Keep a new service ticket for ``service`` and ``login``."""
    magasin().poser(ticket, {"service": service, "login": login, "cree": horloge.horodatage(),
                             "renouvele": bool(renouvele)}, GARDE)


def consommer(ticket):
    """The ticket's record, deleted in the same step; None when unknown or already taken."""
    if not isinstance(ticket, str) or not ticket:
        return None
    return magasin().prendre(ticket)
