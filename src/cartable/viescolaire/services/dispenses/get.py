from cartable.annuaire.services.base import ServiceEtablissement
from cartable.viescolaire import dispenses
from cartable.viescolaire.stockage import lire_vie_scolaire


class DispensesGet(ServiceEtablissement):
    """@dispenses?eleve="""

    def repondre(self, lecteur, annuaire, structure):
        return dispenses.lister(lire_vie_scolaire(self.context), annuaire, structure, lecteur, self.request.form.get("eleve"))
