from plone.restapi.services import Service

from cartable.annuaire.browser.annuaire import profil
from cartable.annuaire.lecteur import Lecteur


class MonProfilGet(Service):
    """GET @mon-profil: the reader and, for a responsable, their children."""

    def reply(self):
        lecteur = Lecteur(self.context)
        lecteur.exiger(not lecteur.anonyme)
        return profil(self.context, lecteur)
