from cartable.annuaire.services.base import ServiceEtablissement
from cartable.viescolaire import idempotence
from cartable.viescolaire.reglages import reglages
from cartable.viescolaire.stockage import lire_vie_scolaire, vie_scolaire_pour_ecrire

SERVICE = "@reglages-decompte"


class ReglagesDecomptePost(ServiceEtablissement):
    """POST @reglages-decompte {"a_partir_du", "limite"?, "mode"?, "seuil"?} or {"annuler": date} (direction, region);
    Idempotency-Key: a replay gets the first answer and writes nothing."""

    def repondre(self, lecteur, annuaire, structure):
        cle = idempotence.cle_de(self.request)
        connue = idempotence.reponse_connue(lire_vie_scolaire(self.context), lecteur.login, cle, SERVICE)
        if connue is not None:
            self.request.response.setStatus(connue[0])
            return connue[1]
        reponse = reglages.changer(self.context, lecteur, structure, self.corps())
        idempotence.retenir(vie_scolaire_pour_ecrire(self.context), lecteur.login, cle, SERVICE, 200, reponse)
        return reponse
