from cartable.messagerie import lecture
from cartable.messagerie.services.commun import ServiceMessagerie


class NonLusGet(ServiceMessagerie):
    """GET @messagerie-non-lus: how many messages the reader has not read (O(1), never writes)."""

    def repondre(self, site, lecteur, personne):
        return {"non_lus": lecture.non_lus(site, personne.id)}
