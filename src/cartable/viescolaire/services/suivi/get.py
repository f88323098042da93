from plone import api

from cartable.annuaire.services.base import ServiceEtablissement
from cartable.viescolaire import suivi


class SuiviGet(ServiceEtablissement):
    """@suivi?eleve=&genre=&du=&au=&etablissement=: the student's timeline in every establishment and year (see suivi.py)."""

    def repondre(self, lecteur, annuaire, structure):
        return suivi.lire(api.portal.get(), annuaire, structure, lecteur, self.request.form)
