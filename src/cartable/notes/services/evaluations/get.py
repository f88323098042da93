from cartable.annuaire.services.base import ServiceEtablissement
from cartable.notes import evaluations
from cartable.notes.stockage import lire_carnet


class EvaluationsGet(ServiceEtablissement):
    """@evaluations?division=&matiere=&periode="""

    def repondre(self, lecteur, annuaire, structure):
        return evaluations.lister(lire_carnet(self.context), annuaire, lecteur, structure, self.request.form)
