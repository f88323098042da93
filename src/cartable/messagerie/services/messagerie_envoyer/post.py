from cartable.messagerie import envoi
from cartable.messagerie.services.commun import ServiceMessagerie
from cartable.regles import corps
from cartable.regles import messagerie as regles


class EnvoyerPost(ServiceMessagerie):
    """POST @messagerie-envoyer {"sujet", "texte", "destinataires": [ids], "groupes": [clés], "pieces_jointes": [{"nom", "contenu" (base64)}]} (Idempotency-Key)."""

    # its attachments in base64 (regles.messagerie: PIECES_MAX × TAILLE_MAX_PIECE), refused past that before reading
    LIMITE_CORPS = corps.limite_pour_fichiers(regles.PIECES_MAX * regles.TAILLE_MAX_PIECE)

    def repondre(self, site, lecteur, personne):
        cle = self.cle()
        return envoi.envoyer(site, lecteur, self.corps(), cle)
