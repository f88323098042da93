from cartable.annuaire.services.base import ServiceEtablissementAvecCle
from cartable.core import idempotence
from cartable.notes import evaluations
from cartable.notes.stockage import carnet_pour_ecrire, lire_carnet
from cartable.regles import acces

SERVICE = "@evaluations"


class EvaluationsPost(ServiceEtablissementAvecCle):
    """POST @evaluations (create) or @evaluations/<id> (change, publish); a replayed Idempotency-Key gets the first answer."""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        cle = idempotence.cle_de(self.request)
        carnet = lire_carnet(self.context)
        connue = idempotence.reponse_connue(carnet.reponses if carnet is not None else None, lecteur.login, cle,
                                            SERVICE + (self.cle() or ""))
        if connue is not None:
            self.request.response.setStatus(connue[0])
            return connue[1]
        if self.cle():
            reponse, statut = evaluations.modifier(carnet, annuaire, lecteur, structure, self.cle(), donnees), 200
        else:
            if not (lecteur.admin or acces.est_personnel(lecteur.personne, structure)):
                raise evaluations.refus_acces(lecteur, "Réservé aux personnels de l'établissement.")
            carnet = carnet_pour_ecrire(self.context)
            reponse, statut = evaluations.creer(carnet, annuaire, lecteur, structure, donnees), 201
        idempotence.retenir(carnet.reponses, lecteur.login, cle, SERVICE + (self.cle() or ""), statut, reponse)
        self.request.response.setStatus(statut)
        return reponse
