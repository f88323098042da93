from cartable.core import idempotence
from cartable.core.refus import RequeteInvalide
from cartable.etablissement import editeurs
from cartable.etablissement.services.commun import ServiceEditeurs, reponse
from cartable.regles import editeurs as regles


class EditeursPost(ServiceEditeurs):
    """POST {etab}/@editeurs {"personne": id}: names a member of its staff editor (direction, region)."""

    def repondre(self, lecteur, annuaire, structure):
        cle = idempotence.cle_de(self.request)
        connue = idempotence.reponse_connue(editeurs.reponses(self.context), lecteur.login, cle, "@editeurs")
        if connue is not None:
            self.request.response.setStatus(connue[0])
            return connue[1]
        ident = self.corps().get("personne")
        personne = annuaire.personne(ident) if isinstance(ident, str) and ident else None
        if personne is None or not regles.nommable(personne, structure):
            raise RequeteInvalide("Seul un personnel de l'établissement peut en être éditeur.")
        editeurs.nommer(self.context, ident)
        resultat = reponse(annuaire, self.context, structure, lecteur)
        if lecteur.login and cle:
            idempotence.retenir(editeurs.reponses(self.context, creer=True), lecteur.login, cle, "@editeurs", 200, resultat)
        return resultat
