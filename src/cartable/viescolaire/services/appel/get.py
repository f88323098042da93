from cartable.annuaire.services.base import ServiceEtablissementAvecCle
from cartable.viescolaire import appels
from cartable.viescolaire.stockage import lire_vie_scolaire


class AppelGet(ServiceEtablissementAvecCle):
    """@appel/<clé>: the register of one course occurrence."""

    def repondre(self, lecteur, annuaire, structure):
        vs = lire_vie_scolaire(self.context)
        occurrence = appels.occurrence_visible(vs, annuaire, structure, self.cle(), lecteur)
        return appels.fiche(vs, annuaire, structure, occurrence, lecteur, self.context.absolute_url())
