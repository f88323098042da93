import base64
import binascii

from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core import horloge
from cartable.core.refus import Refus
from cartable.notes import import_differe, transfert
from cartable.notes.services.commun import exiger_direction
from cartable.notes.stockage import carnet_pour_ecrire, competences_pour_ecrire, lire_carnet, lire_competences
from cartable.regles import corps
from cartable.regles import transfert_notes as format_


class ImportPost(ServiceEtablissement):
    """POST @notes-import {"fichier": base64, "nom": "notes.csv", "confirmer": false|true}"""

    LIMITE_CORPS = corps.limite_pour_fichiers(format_.TAILLE_MAX)

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        exiger_direction(lecteur, structure, "Le transfert des notes est réservé à la direction.")
        if not isinstance(donnees, dict) or not isinstance(donnees.get("nom"), str):
            raise Refus(400, "BadRequest", "Corps attendu : {\"fichier\": base64, \"nom\": \"notes.csv\", \"confirmer\": faux}.")
        try:
            contenu = base64.b64decode(donnees.get("fichier") or "", validate=True)
        except (binascii.Error, TypeError):
            raise Refus(400, "BadRequest", "Fichier illisible (base64 attendu).") from None
        uai = annuaire.structures[structure].uai
        carnet, comp = lire_carnet(self.context), lire_competences(self.context)
        try:
            lecture = format_.lire(contenu, donnees["nom"], **transfert.contexte_lecture(carnet, comp, uai))
        except format_.TransfertInvalide as exc:
            raise Refus(400, "BadRequest", str(exc)) from None
        if donnees.get("confirmer") is True and import_differe.en_arriere_plan(self.request, lecture):  # planned and written by a task
            suivi = import_differe.lancer(self.context, lecteur, contenu, donnees["nom"], lecture, self.request.getHeader("Idempotency-Key"))
            self.request.response.setStatus(202)
            self.request.response.setHeader("Preference-Applied", "respond-async")
            return suivi
        plan = format_.planifier(lecture, transfert.existant(carnet, uai, lecture.cles_utiles(), comp),
                                 transfert.verificateur(annuaire, structure, uai, carnet, comp))
        reponse = {
            "resume": plan.resume(),
            # only the rows that change or are refused (issue 15: not 12,120 « Inchangée » rows); the counts say the rest
            "lignes": [{"ligne": d.numero, "sort": d.sort, "type": d.type, "raison": d.raison,
                        "changements": {k: list(v) for k, v in (d.changements or {}).items()}}
                       for d in plan.decisions if d.sort != "inchange"],
            "lignes_total": len(plan.decisions),
            "inchangees": sum(1 for d in plan.decisions if d.sort == "inchange"),
            "confirme": False,
        }
        if donnees.get("confirmer") is True:
            if plan.rejets():
                raise Refus(400, "BadRequest", f"{len(plan.rejets())} ligne(s) rejetée(s) : corrigez le fichier, rien n'a été écrit.")
            if any(r["type"] in format_.TYPES_COMPETENCES for r in plan.a_ecrire):
                comp = competences_pour_ecrire(self.context)
            transfert.appliquer(carnet_pour_ecrire(self.context), plan.a_ecrire, lecteur.login,
                                horloge.maintenant().isoformat(timespec="seconds"), comp)
            reponse["confirme"] = True
        return reponse
