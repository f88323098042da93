from plone.protect.interfaces import IDisableCSRFProtection
from zope.interface import alsoProvides

from cartable.core import horloge
from cartable.pedagogie.agenda.services.commun import ServiceAgenda, titulaire
from cartable.pedagogie.agenda.stockage import jetons_pour_ecrire
from cartable.regles import agenda as regles_agenda
from cartable.regles import cahier_de_textes as regles


class JetonPost(ServiceAgenda):
    """POST @agenda-jeton: a new feed URL (the old one stops working)."""

    service = "@agenda-jeton"

    def repondre(self, lecteur):
        personne = titulaire(lecteur)
        alsoProvides(self.request, IDisableCSRFProtection)
        secret = regles_agenda.jeton()
        quand = horloge.instant().isoformat(timespec="seconds")
        jetons_pour_ecrire(self.site).remplacer(personne.id, regles.empreinte_jeton(secret), quand)
        return {"actif": True, "cree_le": quand, "url": f"{self.site.absolute_url()}/@@agenda.ics?jeton={secret}"}
