"""What several endpoints of the cahier de textes, the agenda and the feeds share.

Each service checks the access model itself (``cahier.exiger``,
``lecture.peut_lire``) and answers a refusal as ``{"error": {type, message}}``
with its status, never with a student's data. POSTs replay their first answer
under the same Idempotency-Key. JSON only: plone.rest never routes a
cross-site form here, so the CSRF token is not needed.
"""

from datetime import date

from plone import api

from cartable.annuaire.lecteur import Lecteur
from cartable.core.idempotence import cle_de as cle_idempotence
from cartable.core.idempotence import reponse_connue, retenir
from cartable.core.refus import Refus, interdit
from cartable.core.services.base import ServiceCartable
from cartable.pedagogie.agenda import cahier


def lire_jour(form, nom, defaut=None):
    if not form.get(nom):
        return defaut
    try:
        return date.fromisoformat(form[nom])
    except ValueError:
        raise Refus(400, "BadRequest", f"{nom} : date attendue au format AAAA-MM-JJ.") from None


class ServiceAgenda(ServiceCartable):
    """Answers ``repondre(lecteur)``; ``rejouer`` replays a POST's first answer."""

    service = ""

    def arguments(self):
        self.site = api.portal.get()
        return (Lecteur(self.site),)

    def repondre(self, lecteur):
        raise NotImplementedError

    def rejouer(self, reponses, lecteur, faire):
        """The first answer under this Idempotency-Key, or ``faire()``'s, kept for a replay."""
        cle = cle_idempotence(self.request)
        connue = reponse_connue(reponses(False), lecteur.login, cle, self.service)
        if connue is not None:
            self.request.response.setStatus(connue[0])
            return connue[1]
        reponse = faire()
        retenir(reponses(True), lecteur.login, cle, self.service, 200, reponse)
        return reponse


def reponses_du_cahier(espace):
    """The cahier's store of first answers (per Idempotency-Key), created on the first write."""
    registre = cahier.cahier_de(espace)

    def reponses(ecrire):
        if ecrire:
            registre.entrees_pour_ecrire()
        return registre.reponses

    return reponses


def titulaire(lecteur):
    """The person whose iCalendar feed this is (@agenda-jeton): one of the directory."""
    if lecteur.personne is None:
        raise interdit(lecteur, "Le flux d'agenda est celui d'une personne de l'annuaire.")
    return lecteur.personne
