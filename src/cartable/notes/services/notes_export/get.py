from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core.refus import Refus
from cartable.notes import transfert
from cartable.notes.services.commun import exiger_direction
from cartable.notes.stockage import lire_carnet, lire_competences
from cartable.regles import transfert_notes as format_

FORMATS = {"csv": ("text/csv; charset=utf-8", format_.ecrire_csv), "json": ("application/json", format_.ecrire_json),
           "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", format_.ecrire_xlsx)}


class ExportGet(ServiceEtablissement):
    """@notes-export?format=csv|json|xlsx: everything (grades and skills), in the format @notes-import reads."""

    def repondre(self, lecteur, annuaire, structure):
        exiger_direction(lecteur, structure, "Le transfert des notes est réservé à la direction.")
        genre = self.request.form.get("format", "csv")
        if genre not in FORMATS:
            raise Refus(400, "BadRequest", "format attendu : csv, json ou xlsx.")
        uai = annuaire.structures[structure].uai
        type_mime, ecrire = FORMATS[genre]
        contenu = ecrire(transfert.enregistrements(lire_carnet(self.context), uai, lire_competences(self.context)))
        reponse = self.request.response
        reponse.setHeader("Content-Type", type_mime)
        reponse.setHeader("Content-Disposition", f'attachment; filename="notes-{uai}.{genre}"')
        reponse.setHeader("Cache-Control", "private, no-store")
        reponse.setBody(contenu)
        return self.corps_deja_ecrit()
