from cartable.messagerie import signalements
from cartable.messagerie.services.commun import ServiceConversation


class SignalerPost(ServiceConversation):
    """POST @messagerie-signaler/<conversation> {"message": id, "motif": texte}: a message received, reported to the
    direction of the establishment(s) shared with its author (once per person and message)."""

    def repondre(self, site, lecteur, personne):
        return signalements.signaler(site, lecteur, self.param(), self.corps())
