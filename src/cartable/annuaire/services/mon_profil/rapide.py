"""@mon-profil in the fast lane (cartable.core.voie_rapide): who is reading and, for a parent, their children,
which every family page reads first; answered by the service's own function for the same reader."""

from plone.base.interfaces import IPloneSiteRoot
from zope.interface import implementer

from cartable.annuaire.interfaces import ICartableAnnuaireLayer
from cartable.annuaire.services.mon_profil import get
from cartable.core.voie_rapide import IRouteRapide, Lecture


@implementer(IRouteRapide)
class MonProfilRapide(Lecture):
    couche = ICartableAnnuaireLayer
    contexte = IPloneSiteRoot
    permission = "View"  # the service's zope2.View (services/configure.zcml)

    def repondre(self, methode, site, contexte, parametre, demande):
        return get.lire(site, demande.url)
