"""Replays of a POST: the first answer again, nothing written twice.

A page sends an ``Idempotency-Key`` made once per action and kept until the
server has answered; a replay (the answer was lost on the way back, a network
cut, a re-login) finds the answer stored under (login, key) in a store — an
``OOBTree`` kept by the feature on the object it writes (a VieScolaire, a
cahier de textes…) — and gets it again, same status. Keys are random, so
concurrent writers insert into different buckets.

Each answer carries the moment it was stored (``le``); the periodic tour
prunes answers older than ``CONSERVATION`` (a replay comes within minutes or
hours, never weeks later).
"""

from datetime import timedelta

from BTrees.OOBTree import OOBTree

from cartable.core import horloge
from cartable.core.refus import Conflit, RequeteInvalide

LONGUEUR_MAX = 200
CONSERVATION = timedelta(days=7)


def cle_de(request):
    """The request's Idempotency-Key, or None; a malformed one is refused."""
    cle = request.getHeader("Idempotency-Key")
    if not cle:
        return None
    if len(cle) > LONGUEUR_MAX or not cle.isprintable():
        raise RequeteInvalide(f"Clé d'idempotence invalide (au plus {LONGUEUR_MAX} caractères imprimables).")
    return cle


def reponse_connue(reponses, login, cle, service):
    """(status, answer) given the first time for this key, or None (never writes)."""
    connue = reponses.get((login, cle)) if reponses is not None and login and cle else None
    if connue is None:
        return None
    if connue.get("service", service) != service:  # answers kept before the service was noted
        raise Conflit("Cette clé d'idempotence a déjà servi pour une autre demande.")
    return connue["statut"], connue["reponse"]


def retenir(reponses, login, cle, service, statut, reponse):
    """Keep the answer of a successful POST under (login, key)."""
    if reponses is not None and login and cle:
        reponses[(login, cle)] = {"service": service, "statut": statut, "reponse": reponse, "le": horloge.horodatage()}


def lire_magasin(porteur, attribut):
    """The store kept on ``porteur`` under ``attribut``, or None (never writes)."""
    return getattr(porteur, attribut, None) if porteur is not None else None


def magasin(porteur, attribut):
    """The store kept on ``porteur`` under ``attribut``, created on the first write."""
    reponses = getattr(porteur, attribut, None)
    if reponses is None:
        reponses = OOBTree()
        setattr(porteur, attribut, reponses)
    return reponses


def elaguer(reponses, conservation=CONSERVATION) -> int:
    """Remove the answers older than ``conservation`` (and those stored before answers had a date)."""
    if reponses is None:
        return 0
    limite = horloge.horodatage() - conservation.total_seconds()
    vieilles = [cle for cle, r in reponses.items() if not isinstance(r, dict) or r.get("le", 0) < limite]
    for cle in vieilles:
        del reponses[cle]
    return len(vieilles)
