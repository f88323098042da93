from cartable.annuaire.services.base import ServiceEtablissement
from cartable.notes import competences
from cartable.notes.services.commun import exiger_direction
from cartable.notes.stockage import competences_pour_ecrire, lire_carnet


class ReferentielPost(ServiceEtablissement):
    """POST @referentiel-competences {"items": [...]} | {"csv": "..."} | {"supprimer": [ids]} (direction)."""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        exiger_direction(lecteur, structure, "Seule la direction modifie le référentiel de compétences.")
        return competences.ecrire_referentiel(competences_pour_ecrire(self.context), lire_carnet(self.context), lecteur,
                                              structure, donnees)
