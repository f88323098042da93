from cartable.annuaire.services.base import ServiceEtablissement
from cartable.notes import competences
from cartable.notes.stockage import lire_carnet, lire_competences


class FinDeCycleGet(ServiceEtablissement):
    """@fin-de-cycle?division=: per student the proposed level per socle component, the council's decision, the synthesis."""

    def repondre(self, lecteur, annuaire, structure):
        return competences.fin_de_cycle(lire_carnet(self.context), lire_competences(self.context), annuaire, lecteur, structure,
                                        self.request.form.get("division"))
