from cartable.messagerie import envoi
from cartable.messagerie.services.commun import ServiceConversation
from cartable.regles import corps
from cartable.regles import messagerie as regles


class RepondrePost(ServiceConversation):
    """POST @messagerie-repondre/<id> {"texte", "tous": bool, "pieces_jointes": [{"nom", "contenu"}]} (Idempotency-Key)."""

    # its attachments in base64 (regles.messagerie: PIECES_MAX × TAILLE_MAX_PIECE), refused past that before reading
    LIMITE_CORPS = corps.limite_pour_fichiers(regles.PIECES_MAX * regles.TAILLE_MAX_PIECE)

    def repondre(self, site, lecteur, personne):
        cle = self.cle()
        return envoi.repondre(site, lecteur, self.param(), self.corps(), cle)
