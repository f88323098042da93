from cartable.annuaire.services.base import ServiceEtablissement
from cartable.viescolaire import declarations, mes_classes
from cartable.viescolaire.stockage import lire_vie_scolaire


class DeclarationsGet(ServiceEtablissement):
    """@declarations?eleve= (a family's, the vie scolaire's) or ?statut=a_traiter (the vie scolaire's list)."""

    def repondre(self, lecteur, annuaire, structure):
        vs = lire_vie_scolaire(self.context)
        reponse = declarations.lister(vs, annuaire, structure, lecteur, self.request.form)
        classes = mes_classes.classes_filtre(vs, lecteur, structure, self.request.form)  # ?mes_classes=1
        return reponse if classes is None else mes_classes.filtrer_declarations(reponse, annuaire, structure, classes)
