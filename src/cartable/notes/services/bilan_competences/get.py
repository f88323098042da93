from cartable.annuaire.services.base import ServiceEtablissement
from cartable.notes import competences
from cartable.notes.stockage import lire_carnet, lire_competences


class BilanCompetencesGet(ServiceEtablissement):
    """@bilan-competences?division=&matiere=&periode=: éléments travaillés and each student's positionnement."""

    def repondre(self, lecteur, annuaire, structure):
        form = self.request.form
        return competences.bilan(lire_carnet(self.context), lire_competences(self.context), annuaire, lecteur, structure,
                                 form.get("division"), form.get("matiere"), form.get("periode"))
