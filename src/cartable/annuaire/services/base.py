"""REST services on an establishment: they answer ``repondre(lecteur, annuaire, structure)``.

The reader is read from the directory once per request; the establishment is
the context's ``jointure`` (its UAI in the directory). Refusals, the JSON body
and the doomed transaction are those of ``cartable.core.services.base``.
"""

from plone import api

from cartable.annuaire.lecteur import Lecteur
from cartable.core.services.base import ServiceAvecChemin, ServiceCartable


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
