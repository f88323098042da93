from cartable.annuaire.services.base import ServiceEtablissement
from cartable.viescolaire import mes_classes
from cartable.viescolaire.stockage import vie_scolaire_pour_ecrire


class MesClassesPost(ServiceEtablissement):
    """POST @mes-classes {"classes": [codes]}"""

    def repondre(self, lecteur, annuaire, structure):
        return mes_classes.choisir(self.context, vie_scolaire_pour_ecrire, annuaire, structure, lecteur, self.corps())
