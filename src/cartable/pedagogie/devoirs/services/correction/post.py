from cartable.core import horloge
from cartable.pedagogie.devoirs import correction
from cartable.pedagogie.devoirs.services.commun import ServiceDevoir


class CorrectionPost(ServiceDevoir):
    """POST @correction {"action": corriger|restituer|rouvrir|restituer_tout|prolonger, ...} (the space's teachers)."""

    def repondre(self, acces):
        acces.exiger_enseignant()
        donnees = self.corps()

        def faire():
            return 200, correction.agir(acces, donnees, horloge.instant()), self.context

        return self.rejouer_ou(self.context, acces.lecteur.login, "@correction", faire)
