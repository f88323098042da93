from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core.refus import Refus
from cartable.notes import competences, droits, evaluations
from cartable.notes.stockage import lire_carnet, lire_competences


class CompetencesEleveGet(ServiceEtablissement):
    """@competences-eleve?eleve=&periode=: a student's skills with their levels (published evaluations for families)."""

    def repondre(self, lecteur, annuaire, structure):
        form = self.request.form
        ident = form.get("eleve")
        eleve = annuaire.personne(ident) if annuaire is not None and isinstance(ident, str) and ident else None
        if eleve is not None and eleve.categorie != "Eleve":
            eleve = None
        portee = "tout" if lecteur.admin else droits.lit_eleve(annuaire, lecteur.personne, eleve, structure)
        if eleve is None or portee is None:
            raise evaluations.refus_acces(lecteur, "Vous ne pouvez pas consulter les compétences de cet élève.")
        carnet = lire_carnet(self.context)
        periode = form.get("periode") or evaluations.periode_du_jour(carnet)
        if carnet is None or not isinstance(periode, str) or periode not in carnet.periodes:
            raise Refus(404, "NotFound", "Période inconnue.")
        return competences.competences_eleve(carnet, lire_competences(self.context), annuaire, eleve, structure, periode,
                                             publiees=portee == "publie")
