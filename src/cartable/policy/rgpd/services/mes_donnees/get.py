from plone import api

from cartable.annuaire.lecteur import Lecteur
from cartable.core.refus import NonConnecte
from cartable.core.services.base import ServiceCartable
from cartable.policy.rgpd.export import exporter


class MesDonneesGet(ServiceCartable):
    """@mes-donnees[?eleve=]: everything Cartable holds about the reader (or one of their children), as JSON."""

    def repondre(self):
        lecteur = Lecteur(api.portal.get())
        if lecteur.anonyme:
            raise NonConnecte("Connectez-vous pour exporter vos données.")
        return exporter(api.portal.get(), lecteur, self.request.form.get("eleve") or None)
