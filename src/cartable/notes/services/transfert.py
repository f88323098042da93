"""REST on an Etablissement: @notes-export (CSV, JSON, XLSX) and @notes-import (dry run, then confirm). Direction only."""

import base64
import binascii

from cartable.notes import droits, import_differe, transfert
from cartable.notes.evaluations import refus_acces
from cartable.notes.stockage import carnet_pour_ecrire, lire_carnet
from cartable.regles import transfert_notes as format_
from cartable.core.refus import Refus
from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core import horloge

FORMATS = {"csv": ("text/csv; charset=utf-8", format_.ecrire_csv), "json": ("application/json", format_.ecrire_json),
           "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", format_.ecrire_xlsx)}


def _direction(lecteur, structure):
    if not (lecteur.admin or droits.est_direction(lecteur.personne, structure)):
        raise refus_acces(lecteur, "Le transfert des notes est réservé à la direction.")


class ExportGet(ServiceEtablissement):
    """@notes-export?format=csv|json|xlsx: everything, in the format @notes-import reads."""

    def repondre(self, lecteur, annuaire, structure):
        _direction(lecteur, structure)
        genre = self.request.form.get("format", "csv")
        if genre not in FORMATS:
            raise Refus(400, "BadRequest", "format attendu : csv, json ou xlsx.")
        uai = annuaire.structures[structure].uai
        type_mime, ecrire = FORMATS[genre]
        contenu = ecrire(transfert.enregistrements(lire_carnet(self.context), uai))
        reponse = self.request.response
        reponse.setHeader("Content-Type", type_mime)
        reponse.setHeader("Content-Disposition", f'attachment; filename="notes-{uai}.{genre}"')
        reponse.setHeader("Cache-Control", "private, no-store")
        reponse.setBody(contenu)
        return self.corps_deja_ecrit()


class ImportPost(ServiceEtablissement):
    """POST @notes-import {"fichier": base64, "nom": "notes.csv", "confirmer": false|true}"""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        _direction(lecteur, structure)
        if not isinstance(donnees, dict) or not isinstance(donnees.get("nom"), str):
            raise Refus(400, "BadRequest", "Corps attendu : {\"fichier\": base64, \"nom\": \"notes.csv\", \"confirmer\": faux}.")
        try:
            contenu = base64.b64decode(donnees.get("fichier") or "", validate=True)
        except (binascii.Error, TypeError):
            raise Refus(400, "BadRequest", "Fichier illisible (base64 attendu).") from None
        uai = annuaire.structures[structure].uai
        carnet = lire_carnet(self.context)
        connues = {(uai, e.id): e.bareme for e in carnet.evaluations.values()} if carnet is not None else {}
        try:
            lecture = format_.lire(contenu, donnees["nom"], connues=connues)
        except format_.TransfertInvalide as exc:
            raise Refus(400, "BadRequest", str(exc)) from None
        if donnees.get("confirmer") is True and import_differe.en_arriere_plan(self.request, lecture):  # planned and written by a task
            suivi = import_differe.lancer(self.context, lecteur, contenu, donnees["nom"], lecture, self.request.getHeader("Idempotency-Key"))
            self.request.response.setStatus(202)
            self.request.response.setHeader("Preference-Applied", "respond-async")
            return suivi
        plan = format_.planifier(lecture, transfert.existant(carnet, uai, lecture.cles_utiles()),
                                 transfert.verificateur(annuaire, structure, uai))
        reponse = {
            "resume": plan.resume(),
            "lignes": [{"ligne": d.numero, "sort": d.sort, "type": d.type, "raison": d.raison,
                        "changements": {k: list(v) for k, v in (d.changements or {}).items()}} for d in plan.decisions],
            "confirme": False,
        }
        if donnees.get("confirmer") is True:
            if plan.rejets():
                raise Refus(400, "BadRequest", f"{len(plan.rejets())} ligne(s) rejetée(s) : corrigez le fichier, rien n'a été écrit.")
            transfert.appliquer(carnet_pour_ecrire(self.context), plan.a_ecrire, lecteur.login, horloge.maintenant().isoformat(timespec="seconds"))
            reponse["confirme"] = True
        return reponse
