from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core.refus import Refus
from cartable.notes import conseil
from cartable.notes.stockage import carnet_pour_ecrire, lire_carnet


class ConseilPost(ServiceEtablissement):
    """POST @conseil {"division", "periode", "date", "decisions": [...], "appreciations_generales": [...]}"""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        if lire_carnet(self.context) is None:
            raise Refus(404, "NotFound", "Période inconnue.")
        return conseil.enregistrer(carnet_pour_ecrire(self.context), annuaire, lecteur, structure, donnees)
