from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core.refus import Refus
from cartable.notes import lsu_export
from cartable.notes.services.commun import exiger_direction
from cartable.notes.stockage import carnet_pour_ecrire


class LsuPost(ServiceEtablissement):
    """POST @lsu {"enseignants": {id: sts}, "eleves": {id: id_be}, "modalites": {code: "S"}}"""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        exiger_direction(lecteur, structure, "L'export LSU est réservé à la direction.")
        if not isinstance(donnees, dict):
            raise Refus(400, "BadRequest", "Corps JSON attendu (un objet).")
        try:
            lsu_export.definir_identifiants(carnet_pour_ecrire(self.context), donnees)
        except ValueError as exc:
            raise Refus(400, "BadRequest", str(exc)) from None
        return {"enregistre": True}
