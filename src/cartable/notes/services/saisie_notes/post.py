from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core.refus import Refus
from cartable.notes import evaluations, saisie
from cartable.notes.stockage import lire_carnet
from cartable.regles import acces


class SaisiePost(ServiceEtablissement):
    """POST @saisie-notes {"cellules": [...], "appreciations": [...]} with an Idempotency-Key."""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        if not (lecteur.admin or acces.est_personnel(lecteur.personne, structure)):
            raise evaluations.refus_acces(lecteur, "Réservé aux personnels de l'établissement.")
        carnet = lire_carnet(self.context)
        if carnet is None:
            raise Refus(404, "NotFound", "Aucune évaluation dans cet établissement.")
        return saisie.enregistrer(carnet, annuaire, lecteur, structure, donnees, self.request.getHeader("Idempotency-Key"))
