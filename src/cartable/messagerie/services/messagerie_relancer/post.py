from cartable.messagerie import envoi
from cartable.messagerie.services.commun import ServiceConversation


class RelancerPost(ServiceConversation):
    """POST @messagerie-relancer/<conversation> {}: its author reminds the families that have not signed
    (Idempotency-Key: one click twice reminds once)."""

    def repondre(self, site, lecteur, personne):
        self.corps()
        return envoi.relancer(site, lecteur, self.param(), self.cle())
