from cartable.annuaire.services.base import ServiceEtablissement
from cartable.notes import evaluations, saisie


class SaisiePost(ServiceEtablissement):
    """POST @saisie-notes {"cellules": [...], "appreciations": [...]} with an Idempotency-Key."""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        carnet = evaluations.carnet_du_personnel(self.context, lecteur, structure)
        return saisie.enregistrer(carnet, annuaire, lecteur, structure, donnees, self.request.getHeader("Idempotency-Key"))
