from cartable.messagerie import envoi
from cartable.messagerie.services.commun import ServiceConversation


class RangerPost(ServiceConversation):
    """POST @messagerie-ranger/<id> {"dossier": "reception" | "archives" | "corbeille"}: the reader's copy only."""

    def repondre(self, site, lecteur, personne):
        return envoi.ranger(site, lecteur, self.param(), self.corps().get("dossier"))
