"""REST services on an establishment: they answer ``repondre(lecteur, annuaire, structure)``.

The reader is read from the directory once per request; the establishment is
the context's ``jointure`` (its UAI in the directory). Refusals, the JSON body
and the doomed transaction are those of ``cartable.core.services.base``.
"""

from plone import api

from cartable.annuaire.lecteur import Lecteur
from cartable.annuaire.stockage import lire_annuaire
from cartable.core.services.base import ServiceAvecChemin, ServiceCartable


def titulaire_de_boite(site, login):
    """Whose notification box ``login`` reads (core's @notifications): their directory id, the login outside it."""
    annuaire = lire_annuaire(site)
    personne = annuaire.par_login(login) if annuaire is not None else None
    return personne.id if personne is not None and personne.actif else login


class ServiceEtablissement(ServiceCartable):
    def arguments(self):
        lecteur = Lecteur(api.portal.get())
        return lecteur, lecteur.annuaire, self.context.jointure

    def repondre(self, lecteur, annuaire, structure):
        raise NotImplementedError


class ServiceEtablissementAvecCle(ServiceAvecChemin, ServiceEtablissement):
    """@nom/<clé> on an establishment."""

    def cle(self):
        return self.param()
