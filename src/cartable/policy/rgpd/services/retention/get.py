from plone import api

from cartable.annuaire.lecteur import Lecteur
from cartable.core.refus import interdit
from cartable.core.services.base import ServiceCartable
from cartable.policy.rgpd.retention import appliquer


class RetentionGet(ServiceCartable):
    """@retention?essai=1: what the retention tour would purge today (the region's administrator); a GET never purges."""

    def repondre(self):
        lecteur = Lecteur(api.portal.get())
        if not lecteur.admin:
            raise interdit(lecteur, "Les durées de conservation sont réservées à l'administrateur de la région.")
        return appliquer(api.portal.get(), essai=True)
