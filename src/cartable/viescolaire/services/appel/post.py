from cartable.annuaire.services.base import ServiceEtablissementAvecCle
from cartable.viescolaire import appels
from cartable.viescolaire.stockage import lire_vie_scolaire, vie_scolaire_pour_ecrire


class AppelPost(ServiceEtablissementAvecCle):
    """POST @appel/<clé>: take or correct the register (Idempotency-Key: a replay gets the first answer)."""

    def repondre(self, lecteur, annuaire, structure):
        occurrence = appels.occurrence_visible(lire_vie_scolaire(self.context), annuaire, structure, self.cle(), lecteur)
        donnees = self.corps()
        return appels.enregistrer(
            vie_scolaire_pour_ecrire(self.context), annuaire, structure, occurrence, lecteur, donnees,
            self.request.getHeader("Idempotency-Key"), self.context.absolute_url(),
        )
