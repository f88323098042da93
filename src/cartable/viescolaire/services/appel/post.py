from cartable.annuaire.services.base import ServiceEtablissementAvecCle
from cartable.viescolaire.services.appel import commun


class AppelPost(ServiceEtablissementAvecCle):
    """POST @appel/<clé>: take or correct the register (Idempotency-Key: a replay gets the first answer)."""

    def repondre(self, lecteur, annuaire, structure):
        return commun.saisir(self.context, lecteur, annuaire, structure, self.cle(), self.corps,
                             self.request.getHeader("Idempotency-Key"), self.context.absolute_url())
