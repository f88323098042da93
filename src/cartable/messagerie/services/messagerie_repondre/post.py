from cartable.messagerie import envoi
from cartable.messagerie.services.commun import ServiceConversation


class RepondrePost(ServiceConversation):
    """POST @messagerie-repondre/<id> {"texte", "tous": bool} (Idempotency-Key)."""

    def repondre(self, site, lecteur, personne):
        cle = self.cle()
        return envoi.repondre(site, lecteur, self.param(), self.corps(), cle)
