from cartable.messagerie import envoi
from cartable.messagerie.services.commun import ServiceConversation


class LuPost(ServiceConversation):
    """POST @messagerie-lu/<id>: the reader has read the conversation (replaying it changes nothing)."""

    def repondre(self, site, lecteur, personne):
        self.corps()  # JSON only, like every write (and no CSRF token asked: see ServiceCartable.corps)
        return envoi.marquer_lu(site, lecteur, self.param())
