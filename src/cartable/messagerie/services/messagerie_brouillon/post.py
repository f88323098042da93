from cartable.messagerie import envoi
from cartable.messagerie.services.commun import ServiceMessagerie


class BrouillonPost(ServiceMessagerie):
    """POST @messagerie-brouillon {"sujet", "texte", "destinataires": [{"id", "nom"}], "groupes", "a_signer"}: the
    reader's draft as typed, replacing the one saved; an empty one removes it. Sent again, it writes nothing more."""

    def repondre(self, site, lecteur, personne):
        return envoi.garder_brouillon(site, lecteur, self.corps())
