from cartable.messagerie import envoi, lecture
from cartable.messagerie.services.commun import ServiceConversation


class ConversationGet(ServiceConversation):
    """GET @messagerie-conversation/<id>: a conversation the reader is in (404 otherwise); never writes: the page
    marks it read with POST @messagerie-lu/<id> once shown."""

    def repondre(self, site, lecteur, personne):
        conversation, boite = envoi.conversation_de(site, personne.id, self.param())
        return lecture.conversation(site, lecteur.annuaire, personne.id, conversation, boite.fil(conversation.id))
