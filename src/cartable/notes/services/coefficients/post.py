from cartable.annuaire.services.base import ServiceEtablissement
from cartable.notes import evaluations
from cartable.notes.services.commun import exiger_direction
from cartable.notes.stockage import carnet_pour_ecrire


class CoefficientsPost(ServiceEtablissement):
    """POST @coefficients {"division", "matiere", "coefficient"} (direction)."""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        exiger_direction(lecteur, structure, "Seule la direction fixe les coefficients des matières.")
        return evaluations.definir_coefficient(carnet_pour_ecrire(self.context), annuaire, lecteur, structure, donnees)
