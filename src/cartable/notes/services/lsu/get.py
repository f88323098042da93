from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core.refus import Refus
from cartable.notes import lsu_export
from cartable.notes.services.commun import exiger_direction
from cartable.notes.stockage import lire_carnet
from cartable.regles import lsu
from cartable.viescolaire.stockage import lire_vie_scolaire


class LsuGet(ServiceEtablissement):
    """@lsu?periode=: the XML, or 409 with every missing piece of data listed (never an invalid file)."""

    def repondre(self, lecteur, annuaire, structure):
        exiger_direction(lecteur, structure, "L'export LSU est réservé à la direction.")
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
