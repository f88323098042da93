"""Replays of a POST that creates (incidents, follow-up notes): the first answer again, nothing written twice.

A form sends an ``Idempotency-Key`` generated once per submission and kept
until it succeeds; a replay (the answer was lost on the way back) finds the
answer stored under (login, key) on the establishment's VieScolaire and gets
it, same status. The tree is created on the first stored answer, so a
VieScolaire made before it needs no upgrade step; reads tolerate its absence.
Keys are random: concurrent writers insert into different buckets.
"""

from BTrees.OOBTree import OOBTree

from cartable.viescolaire.appels import Refus

ATTRIBUT = "reponses_idempotentes"  # on VieScolaire: (login, key) → {"service", "statut", "reponse"}
LONGUEUR_MAX = 200


def cle_de(request):
    """The request's Idempotency-Key, or None; a malformed one is refused."""
    cle = request.getHeader("Idempotency-Key")
    if not cle:
        return None
    if len(cle) > LONGUEUR_MAX or not cle.isprintable():
        raise Refus(400, "BadRequest", f"Clé d'idempotence invalide (au plus {LONGUEUR_MAX} caractères imprimables).")
    return cle


def reponse_connue(vs, login, cle, service):
    """(status, answer) given the first time for this key, or None (never writes)."""
    reponses = getattr(vs, ATTRIBUT, None) if vs is not None and login and cle else None
    connue = reponses.get((login, cle)) if reponses is not None else None
    if connue is None:
        return None
    if connue["service"] != service:
        raise Refus(409, "Conflict", "Cette clé d'idempotence a déjà servi pour une autre demande.")
    return connue["statut"], connue["reponse"]


def retenir(vs, login, cle, service, statut, reponse):
    """Store the answer of a successful POST under (login, key)."""
    if not (login and cle):
        return
    reponses = getattr(vs, ATTRIBUT, None)
    if reponses is None:
        reponses = OOBTree()
        setattr(vs, ATTRIBUT, reponses)
    reponses[(login, cle)] = {"service": service, "statut": statut, "reponse": reponse}
