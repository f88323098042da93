from cartable.annuaire.services.base import ServiceEtablissementAvecCle
from cartable.notes import evaluations
from cartable.notes.stockage import carnet_pour_ecrire, lire_carnet
from cartable.regles import acces


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
