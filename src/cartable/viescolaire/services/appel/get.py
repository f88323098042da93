from cartable.annuaire.services.base import ServiceEtablissementAvecCle
from cartable.viescolaire.services.appel import commun


class AppelGet(ServiceEtablissementAvecCle):
    """@appel/<clé>: the register of one course occurrence."""

    def repondre(self, lecteur, annuaire, structure):
        return commun.lire(self.context, lecteur, annuaire, structure, self.cle(), self.context.absolute_url())
