from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core import idempotence
from cartable.notes import competences, evaluations


class SaisieCompetencesPost(ServiceEtablissement):
    """POST @saisie-competences {"cellules": [{evaluation, competence, eleve, niveau, base}]} with an Idempotency-Key."""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        carnet = evaluations.carnet_du_personnel(self.context, lecteur, structure)
        return competences.enregistrer(carnet, annuaire, lecteur, structure, donnees, idempotence.cle_de(self.request))
