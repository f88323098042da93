from cartable.annuaire.services.base import ServiceEtablissementAvecCle
from cartable.core import idempotence
from cartable.notes import competences, evaluations
from cartable.notes.stockage import carnet_pour_ecrire, lire_carnet, lire_competences
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
        if isinstance(donnees, dict) and ("competences" in donnees or "notee" in donnees):
            # skills (issue 17): checked after the evaluation's own fields; a refusal dooms the whole request
            evaluation = carnet.evaluations[reponse["id"]]
            competences.attacher(lire_competences(self.context), evaluation, donnees)
            reponse = evaluations.evaluation_json(evaluation, annuaire)
        idempotence.retenir(carnet.reponses, lecteur.login, cle, SERVICE + (self.cle() or ""), statut, reponse)
        self.request.response.setStatus(statut)
        return reponse
