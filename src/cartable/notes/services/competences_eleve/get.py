from cartable.annuaire.services.base import ServiceEtablissement
from cartable.notes import competences, evaluations
from cartable.notes.stockage import lire_carnet, lire_competences


class CompetencesEleveGet(ServiceEtablissement):
    """@competences-eleve?eleve=&periode=: a student's skills with their levels (published evaluations for families)."""

    def repondre(self, lecteur, annuaire, structure):
        form = self.request.form
        eleve, portee = evaluations.eleve_lisible(annuaire, lecteur, structure, form.get("eleve"),
                                                  "Vous ne pouvez pas consulter les compétences de cet élève.")
        carnet = lire_carnet(self.context)
        periode = evaluations.periode_demandee(carnet, form.get("periode"))
        return competences.competences_eleve(carnet, lire_competences(self.context), annuaire, eleve, structure, periode,
                                             publiees=portee == "publie")
