"""Refusals as REST answers, and the replay of a POST under its Idempotency-Key."""

LONGUEUR_MAX_CLE = 200


class Refus(Exception):
    """(status, type, French message) of the answer; nothing was written."""

    def __init__(self, status, genre, message):
        super().__init__(message)
        self.status, self.genre, self.message = status, genre, message


def interdit(lecteur, message="Accès refusé."):
    """401 for anonymous, 403 otherwise; the message never names a student."""
    return Refus(401 if lecteur.anonyme else 403, "Unauthorized", message)


def cle_idempotence(request):
    cle = request.getHeader("Idempotency-Key")
    if not cle:
        return None
    if len(cle) > LONGUEUR_MAX_CLE or not cle.isprintable():
        raise Refus(400, "BadRequest", f"Clé d'idempotence invalide (au plus {LONGUEUR_MAX_CLE} caractères imprimables).")
    return cle


def reponse_connue(reponses, login, cle, service):
    """(status, answer) first given under this key, or None (never writes)."""
    connue = reponses.get((login, cle)) if reponses is not None and login and cle else None
    if connue is None:
        return None
    if connue["service"] != service:
        raise Refus(409, "Conflict", "Cette clé d'idempotence a déjà servi pour une autre demande.")
    return connue["statut"], connue["reponse"]


def retenir(reponses, login, cle, service, statut, reponse):
    if reponses is not None and login and cle:
        reponses[(login, cle)] = {"service": service, "statut": statut, "reponse": reponse}
