"""What the messagerie's endpoints share: the reader, who must be a person of the directory (on the site root)."""

from plone import api

from cartable.annuaire.lecteur import Lecteur
from cartable.core.idempotence import cle_de
from cartable.core.services.base import ServiceAvecChemin, ServiceCartable
from cartable.messagerie.envoi import exiger_personne


class ServiceMessagerie(ServiceCartable):
    def arguments(self):
        site = api.portal.get()
        lecteur = Lecteur(site)
        return site, lecteur, exiger_personne(lecteur)

    def cle(self):
        return cle_de(self.request)


class ServiceConversation(ServiceAvecChemin, ServiceMessagerie):
    """@nom/<conversation id>."""
