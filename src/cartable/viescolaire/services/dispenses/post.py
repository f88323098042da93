from cartable.annuaire.services.base import ServiceEtablissement
from cartable.viescolaire import dispenses
from cartable.viescolaire.stockage import vie_scolaire_pour_ecrire


class DispensesPost(ServiceEtablissement):
    """POST @dispenses {"eleve", "matiere", "du", "au", "motif"} (vie scolaire)"""

    def repondre(self, lecteur, annuaire, structure):
        return dispenses.ajouter(vie_scolaire_pour_ecrire(self.context), annuaire, structure, lecteur, self.corps())
