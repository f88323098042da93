from cartable.annuaire.services.base import ServiceEtablissement
from cartable.viescolaire import services_absences as absences_service
from cartable.viescolaire.stockage import vie_scolaire_pour_ecrire


class AbsencesPost(ServiceEtablissement):
    """POST @absences {"eleve", "cles": [...], "motif"}: the vie scolaire gives absences a motive."""

    def repondre(self, lecteur, annuaire, structure):
        return absences_service.motiver(self.context, vie_scolaire_pour_ecrire, annuaire, structure, lecteur, self.corps())
