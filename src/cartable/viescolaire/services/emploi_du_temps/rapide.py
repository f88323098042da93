"""@emploi-du-temps in the fast lane (cartable.core.voie_rapide): the timetable a family's and a student's pages
read, answered by the service's own function (get.py) for the same reader, from the same query string."""

from zope.interface import implementer

from cartable.annuaire.content.etablissement import IEtablissement
from cartable.annuaire.lecteur import Lecteur
from cartable.core.voie_rapide import IRouteRapide, Lecture
from cartable.viescolaire.interfaces import ICartableViescolaireLayer
from cartable.viescolaire.services.emploi_du_temps import get


@implementer(IRouteRapide)
class EmploiDuTempsRapide(Lecture):
    couche = ICartableViescolaireLayer
    contexte = IEtablissement
    permission = "View"  # the service's zope2.View (services/configure.zcml)
    cles = get.CLES

    def repondre(self, methode, site, etablissement, parametre, demande):
        lecteur = Lecteur(site)
        return get.lire(etablissement, lecteur, lecteur.annuaire, etablissement.jointure, demande.formulaire)
