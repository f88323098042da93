from cartable.messagerie import envoi
from cartable.messagerie.services.commun import ServiceMessagerie


class EnvoyerPost(ServiceMessagerie):
    """POST @messagerie-envoyer {"sujet", "texte", "destinataires": [ids], "groupes": [clés]} (Idempotency-Key)."""

    def repondre(self, site, lecteur, personne):
        cle = self.cle()
        return envoi.envoyer(site, lecteur, self.corps(), cle)
