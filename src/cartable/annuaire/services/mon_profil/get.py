from plone.restapi.services import Service

from cartable.annuaire.browser.annuaire import profil
from cartable.annuaire.lecteur import Lecteur


def lire(site, url_site=None):
    """The answer of @mon-profil (the service and its fast route, ``rapide.py``, share it): the reader, refused
    when anonymous; ``url_site`` when there is no request to ask the site's URL."""
    lecteur = Lecteur(site)
    lecteur.exiger(not lecteur.anonyme)
    return profil(site, lecteur, url_site)


class MonProfilGet(Service):
    """GET @mon-profil: the reader and, for a responsable, their children."""

    def reply(self):
        return lire(self.context)
