from cartable.annuaire.services.base import ServiceEtablissement
from cartable.notes import competences, evaluations
from cartable.notes.stockage import competences_pour_ecrire
from cartable.regles import acces


class FinDeCyclePost(ServiceEtablissement):
    """POST @fin-de-cycle {division, eleves: [{eleve, socle?, synthese?, enseignement_complement?}]}."""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        if not (lecteur.admin or acces.est_personnel(lecteur.personne, structure)):
            raise evaluations.refus_acces(lecteur, "Le bilan de fin de cycle est réservé à la direction et au professeur principal.")
        return competences.ecrire_fin_de_cycle(competences_pour_ecrire(self.context), annuaire, lecteur, structure, donnees)
