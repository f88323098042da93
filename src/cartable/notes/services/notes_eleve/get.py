from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core.refus import Refus
from cartable.notes import droits, evaluations
from cartable.notes.stockage import lire_carnet
from cartable.regles import releve


class NotesEleveGet(ServiceEtablissement):
    """@notes-eleve?eleve=&periode=: a student's grades (published ones for the student and parents)."""

    def repondre(self, lecteur, annuaire, structure):
        form = self.request.form
        eleve = annuaire.personne(form.get("eleve") or "") if annuaire is not None else None
        if eleve is not None and eleve.categorie != "Eleve":
            eleve = None
        portee = "tout" if lecteur.admin else droits.lit_eleve(annuaire, lecteur.personne, eleve, structure)
        if eleve is None or portee is None:
            raise evaluations.refus_acces(lecteur, "Vous ne pouvez pas consulter les notes de cet élève.")
        carnet = lire_carnet(self.context)
        periode = form.get("periode") or evaluations.periode_du_jour(carnet)
        if carnet is None or periode not in carnet.periodes:
            raise Refus(404, "NotFound", "Période inconnue.")
        return releve.releve_eleve(carnet, annuaire, structure, eleve, periode, publiees=portee == "publie")
