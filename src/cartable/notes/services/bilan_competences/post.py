from cartable.annuaire.services.base import ServiceEtablissement
from cartable.notes import competences, evaluations
from cartable.notes.stockage import competences_pour_ecrire, lire_carnet
from cartable.regles import acces


class BilanCompetencesPost(ServiceEtablissement):
    """POST @bilan-competences {division, matiere, periode, elements?, forces?}: the teacher's edits of the period's bilan."""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        if not (lecteur.admin or acces.est_personnel(lecteur.personne, structure)):
            raise evaluations.refus_acces(lecteur, "Réservé aux personnels de l'établissement.")
        return competences.ecrire_bilan(lire_carnet(self.context), competences_pour_ecrire(self.context), annuaire, lecteur,
                                        structure, donnees)
