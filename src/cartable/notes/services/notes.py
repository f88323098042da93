"""REST on an Etablissement: @periodes, @coefficients, @evaluations, @saisie-notes, @notes-eleve.

Each service checks the access model itself (cartable.notes.droits) and
answers a Refus as its status with {"error": {"type", "message"}}.
"""

from cartable.annuaire import acces
from cartable.notes import droits, evaluations, releve, saisie
from cartable.notes.stockage import carnet_pour_ecrire, lire_carnet
from cartable.core.refus import Refus
from cartable.annuaire.services.base import ServiceEtablissement, ServiceEtablissementAvecCle


class PeriodesGet(ServiceEtablissement):
    """@periodes: the periods (every member of the establishment) and the current one."""

    def repondre(self, lecteur, annuaire, structure):
        if not (lecteur.admin or acces.membre_etablissement(annuaire, lecteur.personne, structure)):
            raise evaluations.refus_acces(lecteur, "Réservé aux membres de l'établissement.")
        carnet = lire_carnet(self.context)
        periodes = list(carnet.periodes.values()) if carnet is not None else []
        return {"items": [evaluations.periode_json(p) for p in periodes], "en_cours": evaluations.periode_du_jour(carnet)}


class PeriodesPost(ServiceEtablissement):
    """POST @periodes {"periodes": [{"code", "libelle", "du", "au", "cloture"}]} (direction)."""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        if not (lecteur.admin or droits.est_direction(lecteur.personne, structure)):
            raise evaluations.refus_acces(lecteur, "Seule la direction définit les périodes.")
        return evaluations.definir_periodes(carnet_pour_ecrire(self.context), lecteur, structure, donnees)


class CoefficientsPost(ServiceEtablissement):
    """POST @coefficients {"division", "matiere", "coefficient"} (direction)."""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        if not (lecteur.admin or droits.est_direction(lecteur.personne, structure)):
            raise evaluations.refus_acces(lecteur, "Seule la direction fixe les coefficients des matières.")
        return evaluations.definir_coefficient(carnet_pour_ecrire(self.context), annuaire, lecteur, structure, donnees)


class EvaluationsGet(ServiceEtablissement):
    """@evaluations?division=&matiere=&periode="""

    def repondre(self, lecteur, annuaire, structure):
        return evaluations.lister(lire_carnet(self.context), annuaire, lecteur, structure, self.request.form)


class EvaluationsPost(ServiceEtablissementAvecCle):
    """POST @evaluations (create) or @evaluations/<id> (change, publish)."""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        if self.cle():
            return evaluations.modifier(lire_carnet(self.context), annuaire, lecteur, structure, self.cle(), donnees)
        if not (lecteur.admin or acces.est_personnel(lecteur.personne, structure)):
            raise evaluations.refus_acces(lecteur, "Réservé aux personnels de l'établissement.")
        reponse = evaluations.creer(carnet_pour_ecrire(self.context), annuaire, lecteur, structure, donnees)
        self.request.response.setStatus(201)
        return reponse


class SaisieGet(ServiceEtablissement):
    """@saisie-notes?division=&matiere=&periode=: the grid."""

    def repondre(self, lecteur, annuaire, structure):
        form = self.request.form
        return saisie.grille(lire_carnet(self.context), annuaire, lecteur, structure, form.get("division"), form.get("matiere"),
                             form.get("periode"))


class SaisiePost(ServiceEtablissement):
    """POST @saisie-notes {"cellules": [...], "appreciations": [...]} with an Idempotency-Key."""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        if not (lecteur.admin or acces.est_personnel(lecteur.personne, structure)):
            raise evaluations.refus_acces(lecteur, "Réservé aux personnels de l'établissement.")
        carnet = lire_carnet(self.context)
        if carnet is None:
            raise Refus(404, "NotFound", "Aucune évaluation dans cet établissement.")
        return saisie.enregistrer(carnet, annuaire, lecteur, structure, donnees, self.request.getHeader("Idempotency-Key"))


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
