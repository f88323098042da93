from cartable.annuaire.services.base import ServiceEtablissementAvecCle
from cartable.core.refus import RequeteInvalide
from cartable.notes import evaluations
from cartable.notes.stockage import lire_carnet
from cartable.regles import acces


class EvaluationsDelete(ServiceEtablissementAvecCle):
    """DELETE @evaluations/<id>: only while it has no mark (409 otherwise)."""

    def repondre(self, lecteur, annuaire, structure):
        if not (lecteur.admin or acces.est_personnel(lecteur.personne, structure)):
            raise evaluations.refus_acces(lecteur, "Réservé aux personnels de l'établissement.")
        if not self.cle():
            raise RequeteInvalide("Précisez l'évaluation : @evaluations/<id>.")
        return evaluations.supprimer(lire_carnet(self.context), lecteur, structure, self.cle())
