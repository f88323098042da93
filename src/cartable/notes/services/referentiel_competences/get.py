from cartable.annuaire.services.base import ServiceEtablissement
from cartable.notes import competences
from cartable.notes.stockage import lire_competences


class ReferentielGet(ServiceEtablissement):
    """@referentiel-competences?matiere=&cycle=: the skills (items) with their socle components, and the CSV."""

    def repondre(self, lecteur, annuaire, structure):
        return competences.lire_referentiel(lire_competences(self.context), annuaire, lecteur, structure, self.request.form)
