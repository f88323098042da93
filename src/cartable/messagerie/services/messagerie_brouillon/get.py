from cartable.messagerie import envoi
from cartable.messagerie.services.commun import ServiceMessagerie


class BrouillonGet(ServiceMessagerie):
    """GET @messagerie-brouillon: the reader's own draft saved as typed ({"brouillon": null} when none)."""

    def repondre(self, site, lecteur, personne):
        return {"brouillon": envoi.brouillon_de(site, personne.id)}
