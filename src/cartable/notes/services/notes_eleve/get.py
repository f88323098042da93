from cartable.annuaire.services.base import ServiceEtablissement
from cartable.notes import evaluations
from cartable.notes.stockage import lire_carnet
from cartable.regles import releve


class NotesEleveGet(ServiceEtablissement):
    """@notes-eleve?eleve=&periode=: a student's grades (published ones for the student and parents)."""

    def repondre(self, lecteur, annuaire, structure):
        form = self.request.form
        eleve, portee = evaluations.eleve_lisible(annuaire, lecteur, structure, form.get("eleve"),
                                                  "Vous ne pouvez pas consulter les notes de cet élève.")
        carnet = lire_carnet(self.context)
        periode = evaluations.periode_demandee(carnet, form.get("periode"))
        return releve.releve_eleve(carnet, annuaire, structure, eleve, periode, publiees=portee == "publie")
