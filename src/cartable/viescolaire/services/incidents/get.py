from cartable.annuaire.services.base import ServiceEtablissement
from cartable.viescolaire import incidents
from cartable.viescolaire.stockage import lire_vie_scolaire


class IncidentsGet(ServiceEtablissement):
    """@incidents?eleve=&type=&du=&au=: what the reader may see (families: their child's punitions and sanctions)."""

    def repondre(self, lecteur, annuaire, structure):
        return incidents.lister(lire_vie_scolaire(self.context), annuaire, structure, lecteur, self.request.form)
