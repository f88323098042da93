from cartable.annuaire.services.base import ServiceEtablissement
from cartable.viescolaire import mes_classes
from cartable.viescolaire.stockage import lire_vie_scolaire


class MesClassesGet(ServiceEtablissement):
    """@mes-classes: the classes the reader follows, and the establishment's classes."""

    def repondre(self, lecteur, annuaire, structure):
        return mes_classes.consulter(lire_vie_scolaire(self.context), annuaire, structure, lecteur)
