from cartable.annuaire.services.base import ServiceEtablissement
from cartable.notes import evaluations
from cartable.notes.services.commun import exiger_direction
from cartable.notes.stockage import carnet_pour_ecrire


class PeriodesPost(ServiceEtablissement):
    """POST @periodes {"periodes": [{"code", "libelle", "du", "au", "cloture"}]} (direction)."""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        exiger_direction(lecteur, structure, "Seule la direction définit les périodes.")
        return evaluations.definir_periodes(carnet_pour_ecrire(self.context), lecteur, structure, donnees)
