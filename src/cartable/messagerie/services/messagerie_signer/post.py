from cartable.messagerie import envoi
from cartable.messagerie.services.commun import ServiceConversation


class SignerPost(ServiceConversation):
    """POST @messagerie-signer/<conversation> {}: a parent signs a mot à signer for their families (once)."""

    def repondre(self, site, lecteur, personne):
        self.corps()
        return envoi.signer(site, lecteur, self.param())
