from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core.refus import Refus
from cartable.notes import competences, lsu_export
from cartable.notes.services.commun import exiger_direction
from cartable.notes.stockage import lire_carnet, lire_competences
from cartable.regles import lsu
from cartable.viescolaire.stockage import lire_vie_scolaire


class LsuGet(ServiceEtablissement):
    """@lsu?periode=[&classes=3A,3B][&fin_de_cycle=1|0]: the XML, or 409 with every missing piece of data listed (never an invalid file)."""

    def repondre(self, lecteur, annuaire, structure):
        exiger_direction(lecteur, structure, "L'export LSU est réservé à la direction.")
        carnet, periode = lire_carnet(self.context), self.request.form.get("periode")
        if carnet is None or periode not in carnet.periodes:
            raise Refus(404, "NotFound", "Période inconnue.")
        voulues = self.request.form.get("classes")
        connues = annuaire.divisions_de(structure, "classe")
        voulues = [c for c in voulues.split(",") if c] if isinstance(voulues, str) and voulues else None
        if voulues is not None and any(c not in connues for c in voulues):
            raise Refus(400, "BadRequest", f"Classe inconnue : {', '.join(c for c in voulues if c not in connues)}.")
        donnees = lsu_export.donnees(carnet, annuaire, lire_vie_scolaire(self.context), structure, periode, voulues)
        # skills and socle (issue 17): positionnements and éléments travaillés; the bilans de fin de cycle of the
        # sixième and troisième classes when asked (fin_de_cycle=1), or in the last period's file once the
        # establishment has begun recording them (fin_de_cycle=0 leaves them out)
        comp = lire_competences(self.context)
        periodes = sorted(carnet.periodes.values(), key=lambda p: p["du"])
        demande = self.request.form.get("fin_de_cycle")
        if demande in ("1", "true", "oui"):
            avec_cycles = True
        elif demande in ("0", "false", "non"):
            avec_cycles = False
        else:
            avec_cycles = periode == periodes[-1]["code"] and comp is not None and len(comp.fin_de_cycle) > 0
        competences.completer_lsu(donnees, carnet, comp, annuaire, structure, periode, avec_cycles)
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
