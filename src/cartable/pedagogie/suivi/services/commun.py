"""What the free spaces' endpoint methods share (@espaces-libres): the direction, the establishment's editors and the region."""

from cartable.annuaire.services.base import ServiceEtablissement
from cartable.pedagogie.suivi.espaces_libres import exiger_gestionnaire


class ServiceEspacesLibres(ServiceEtablissement):
    """On an establishment; ``exiger_gestionnaire`` before anything is read."""

    def arguments(self):
        lecteur, annuaire, structure = super().arguments()
        exiger_gestionnaire(lecteur, structure, self.context)
        return lecteur, annuaire, structure
