"""@appel/<clé> in the fast lane (cartable.core.voie_rapide): the roll call's GET and POST at 8:00, answered
by the same functions as the service (commun.py), for the same reader (the directory's ``Lecteur``)."""

from zope.interface import implementer

from cartable.annuaire.content.etablissement import IEtablissement
from cartable.annuaire.lecteur import Lecteur
from cartable.core.voie_rapide import IRouteRapide, Route
from cartable.viescolaire.interfaces import ICartableViescolaireLayer
from cartable.viescolaire.services.appel import commun


@implementer(IRouteRapide)
class AppelRapide(Route):
    couche = ICartableViescolaireLayer
    contexte = IEtablissement
    permission = "View"  # the service's zope2.View (services/configure.zcml)

    def repondre(self, methode, site, etablissement, cle, demande):
        lecteur = Lecteur(site)
        if methode == "GET":
            return commun.lire(etablissement, lecteur, lecteur.annuaire, etablissement.jointure, cle, demande.url)
        return commun.saisir(etablissement, lecteur, lecteur.annuaire, etablissement.jointure, cle, demande.corps,
                             demande.entete("Idempotency-Key"), demande.url)
