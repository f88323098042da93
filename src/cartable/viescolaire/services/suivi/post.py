from cartable.annuaire.services.base import ServiceEtablissement
from cartable.viescolaire import idempotence, suivi
from cartable.viescolaire.stockage import lire_vie_scolaire, vie_scolaire_pour_ecrire


class SuiviPost(ServiceEtablissement):
    """POST @suivi {"eleve", "code", "texte", "evenement"?}: a confidential follow-up note (Idempotency-Key: a replay gets the first answer)."""

    def repondre(self, lecteur, annuaire, structure):
        cle = idempotence.cle_de(self.request)
        connue = idempotence.reponse_connue(lire_vie_scolaire(self.context), lecteur.login, cle, "@suivi")
        if connue is not None:
            self.request.response.setStatus(connue[0])
            return connue[1]
        # checks first, with the factory: a refused POST creates nothing
        reponse = suivi.noter(self.context, vie_scolaire_pour_ecrire, annuaire, structure, lecteur, self.corps())
        idempotence.retenir(vie_scolaire_pour_ecrire(self.context), lecteur.login, cle, "@suivi", 200, reponse)
        return reponse
