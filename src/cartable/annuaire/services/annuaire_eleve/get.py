from cartable.annuaire.browser.annuaire import eleve_visible, fiche_eleve
from cartable.core.services.base import ServiceAvecChemin


class EleveGet(ServiceAvecChemin):
    """GET @annuaire-eleve/<id>"""

    def reply(self):
        lecteur, eleve = eleve_visible(self.context, self.param() or None)
        return fiche_eleve(lecteur.annuaire, eleve)
