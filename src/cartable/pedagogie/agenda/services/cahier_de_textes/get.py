from datetime import timedelta

from cartable.pedagogie.agenda import cahier
from cartable.pedagogie.agenda.services.commun import ServiceAgenda, lire_jour


class CahierGet(ServiceAgenda):
    """@cahier-de-textes?du=&au= (four weeks back and two ahead by default)."""

    def repondre(self, lecteur):
        aujourd_hui = cahier.date_du_jour()
        du = lire_jour(self.request.form, "du", aujourd_hui - timedelta(days=28))
        au = lire_jour(self.request.form, "au", aujourd_hui + timedelta(days=14))
        return cahier.lire(self.context, lecteur, du, au)
