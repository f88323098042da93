"""REST on an Etablissement: @lsu (GET the file of a period, POST the identifiers the directory lacks). Direction only."""

from cartable.notes import droits, lsu_export
from cartable.notes.evaluations import refus_acces
from cartable.notes.stockage import carnet_pour_ecrire, lire_carnet
from cartable.regles import lsu
from cartable.core.refus import Refus
from cartable.annuaire.services.base import ServiceEtablissement
from cartable.viescolaire.stockage import lire_vie_scolaire


def _direction(lecteur, structure):
    if not (lecteur.admin or droits.est_direction(lecteur.personne, structure)):
        raise refus_acces(lecteur, "L'export LSU est réservé à la direction.")


class LsuGet(ServiceEtablissement):
    """@lsu?periode=: the XML, or 409 with every missing piece of data listed (never an invalid file)."""

    def repondre(self, lecteur, annuaire, structure):
        _direction(lecteur, structure)
        carnet, periode = lire_carnet(self.context), self.request.form.get("periode")
        if carnet is None or periode not in carnet.periodes:
            raise Refus(404, "NotFound", "Période inconnue.")
        donnees = lsu_export.donnees(carnet, annuaire, lire_vie_scolaire(self.context), structure, periode)
        try:
            xml = lsu.exporter(donnees)
        except lsu.LsunIncomplet as exc:
            self.request.response.setStatus(409)
            return {"error": {"type": "LsuIncomplet", "message": f"{len(exc.manquants)} donnée(s) manquante(s) pour le LSU."},
                    "manquants": exc.manquants}
        reponse = self.request.response
        reponse.setHeader("Content-Type", "application/xml; charset=utf-8")
        reponse.setHeader("Content-Disposition", f'attachment; filename="lsu-{donnees["etablissement"]["uai"]}-{periode}.xml"')
        reponse.setBody(xml)
        return self.corps_deja_ecrit()


class LsuPost(ServiceEtablissement):
    """POST @lsu {"enseignants": {id: sts}, "eleves": {id: id_be}, "modalites": {code: "S"}}"""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        _direction(lecteur, structure)
        if not isinstance(donnees, dict):
            raise Refus(400, "BadRequest", "Corps JSON attendu (un objet).")
        try:
            lsu_export.definir_identifiants(carnet_pour_ecrire(self.context), donnees)
        except ValueError as exc:
            raise Refus(400, "BadRequest", str(exc)) from None
        return {"enregistre": True}
