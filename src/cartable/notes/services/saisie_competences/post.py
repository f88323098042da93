from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core import idempotence
from cartable.core.refus import Refus
from cartable.notes import competences, evaluations
from cartable.notes.stockage import lire_carnet
from cartable.regles import acces


class SaisieCompetencesPost(ServiceEtablissement):
    """POST @saisie-competences {"cellules": [{evaluation, competence, eleve, niveau, base}]} with an Idempotency-Key."""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        if not (lecteur.admin or acces.est_personnel(lecteur.personne, structure)):
            raise evaluations.refus_acces(lecteur, "Réservé aux personnels de l'établissement.")
        carnet = lire_carnet(self.context)
        if carnet is None:
            raise Refus(404, "NotFound", "Aucune évaluation dans cet établissement.")
        return competences.enregistrer(carnet, annuaire, lecteur, structure, donnees, idempotence.cle_de(self.request))
