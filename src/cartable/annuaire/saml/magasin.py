"""What the SAML service provider remembers, outside the ZODB, as the CAS tickets are (``cartable.core.memoire``).

Redis when ``CARTABLE_REDIS_URL`` is set (a cluster shares it), else a SQLite file
``$CARTABLE_VAR/saml.sqlite3`` (``CARTABLE_SAML_FILE`` to place it elsewhere). Logging in through an
identity provider is thus never a ZODB write.

Three kinds of records, each with an end (seconds, on Cartable's clock ``horloge``):

- ``D:<id>``: an AuthnRequest sent (its identity provider and where to go after), taken once by the
  Assertion Consumer Service: the answer's ``InResponseTo`` must name it (an unsolicited or replayed
  answer finds nothing);
- ``A:<id>``: an assertion already used, kept until its end plus the skew: a replay is refused;
- ``S:<key>``: a person's SAML session (name id, session index), for single logout; the key is in a cookie.

``poser`` writes only if the key is new and says so; ``prendre`` reads and deletes in one step: of two
simultaneous uses, one wins (``cartable.core.memoire``).
"""

from cartable.core import memoire

PREFIXE_CLE = "cartable:saml:"


def magasin():
    return memoire.magasin("saml", "CARTABLE_SAML_FILE")


def demande_emise(identifiant, donnees, duree):
    magasin().poser("D:" + identifiant, donnees, duree)


def demande_reprise(identifiant):
    """The request's record, taken (deleted); None when unknown, already answered or past its end."""
    return magasin().prendre("D:" + identifiant) if isinstance(identifiant, str) and identifiant else None


def premiere_fois(assertion_id, duree) -> bool:
    """True the first time this assertion id is seen (and remembered ``duree`` seconds), False after."""
    return magasin().poser("A:" + assertion_id, {}, duree)


def ouvrir_session(cle, donnees, duree):
    magasin().poser("S:" + cle, donnees, duree)


def fermer_session(cle):
    return magasin().prendre("S:" + cle) if isinstance(cle, str) and cle else None
