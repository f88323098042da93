from cartable.pedagogie.agenda import cahier
from cartable.pedagogie.agenda.services.commun import ServiceAgenda


class HistoriqueGet(ServiceAgenda):
    """@cahier-de-textes-historique?cle= (its teachers, the direction)."""

    def repondre(self, lecteur):
        return cahier.historique(self.context, lecteur, self.request.form.get("cle"))
