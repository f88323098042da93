from cartable.core.refus import Introuvable
from cartable.etablissement import editeurs
from cartable.etablissement.services.commun import ServiceEditeursAvecCle, reponse


class EditeursDelete(ServiceEditeursAvecCle):
    """DELETE {etab}/@editeurs/<id>: the person is no longer an editor (direction, region); replaying it is harmless."""

    def repondre(self, lecteur, annuaire, structure):
        ident = self.cle()
        if not ident:
            raise Introuvable("Indiquez l'éditeur à retirer.")
        if ident in editeurs.lire(self.context):
            editeurs.retirer(self.context, ident)
        return reponse(annuaire, self.context, structure, lecteur)
