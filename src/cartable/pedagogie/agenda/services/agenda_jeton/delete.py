from plone.protect.interfaces import IDisableCSRFProtection
from zope.interface import alsoProvides

from cartable.pedagogie.agenda.services.commun import ServiceAgenda, titulaire
from cartable.pedagogie.agenda.stockage import lire_jetons


class JetonDelete(ServiceAgenda):
    """DELETE @agenda-jeton: the feed URL stops working."""

    def repondre(self, lecteur):
        personne = titulaire(lecteur)
        alsoProvides(self.request, IDisableCSRFProtection)
        jetons = lire_jetons(self.site)
        revoque = jetons.revoquer(personne.id) if jetons is not None and personne.id in jetons.par_personne else False
        return {"actif": False, "revoque": revoque}
