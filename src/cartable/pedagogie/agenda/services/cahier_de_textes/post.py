from cartable.pedagogie.agenda import cahier
from cartable.pedagogie.agenda.services.commun import ServiceAgenda, reponses_du_cahier
from cartable.regles import corps


class CahierPost(ServiceAgenda):
    """POST @cahier-de-textes {cle?, date?, contenu?, travaux?, pieces_jointes?, pieces_retirees?} (its teachers)."""

    service = "@cahier-de-textes"
    LIMITE_CORPS = corps.limite_pour_fichiers(cahier.PIECES_MAX * cahier.TAILLE_MAX_PIECE)

    def repondre(self, lecteur):
        cahier.exiger_ecriture(lecteur, self.context)
        donnees = self.corps()
        reponses = reponses_du_cahier(self.context)
        return self.rejouer(reponses, lecteur, lambda: cahier.ecrire(self.context, lecteur, donnees))
