from cartable.core.refus import Refus
from cartable.pedagogie.agenda import cahier
from cartable.pedagogie.agenda.services.commun import ServiceAgenda, lire_jour, reponses_du_cahier


class VisaPost(ServiceAgenda):
    """POST @cahier-de-textes-visa {"au": "AAAA-MM-JJ"} (the direction)."""

    service = "@cahier-de-textes-visa"

    def repondre(self, lecteur):
        donnees = self.corps()
        au = lire_jour(donnees, "au")
        if au is None:
            raise Refus(400, "BadRequest", "au : date attendue au format AAAA-MM-JJ.")
        reponses = reponses_du_cahier(self.context)
        return self.rejouer(reponses, lecteur, lambda: cahier.viser(self.context, lecteur, au))
