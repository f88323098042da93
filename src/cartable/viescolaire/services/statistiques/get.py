from cartable.core import tasks
from cartable.core.refus import Refus
from cartable.viescolaire import statistiques
from cartable.viescolaire.services.commun import MESSAGE, Csv, ServiceStatistiques


class StatistiquesGet(ServiceStatistiques):
    """@statistiques?du=&au=&classes=&mes_classes=1&format=csv, or ?tache=<id> for a background result.

    Computed here when it is small (about a second); otherwise 409 and the
    client asks for it in the background (POST).
    """

    def repondre(self, lecteur, annuaire, structure):
        form = self.request.form
        if form.get("tache"):
            lecteur.exiger_vie_scolaire(structure, MESSAGE)
            return self.resultat_tache(lecteur, structure, form["tache"], form.get("format") == "csv")
        vs, du, au, classes = self.parametres(lecteur, annuaire, structure, form)
        eleves = len(statistiques.eleves_des_classes(annuaire, structure, classes))
        if not statistiques.calcul_court(eleves, du, au):
            raise Refus(409, "CalculLong", f"Calcul long ({eleves} élèves, du {du:%d/%m/%Y} au {au:%d/%m/%Y}) : "
                                                  "il se fait en tâche de fond (POST @statistiques).")
        resultat = statistiques.calculer(vs, annuaire, structure, du, au, classes)
        if form.get("format") == "csv":
            return Csv(statistiques.statistiques_csv(resultat), f"statistiques-{du}-{au}.csv")
        return resultat

    def resultat_tache(self, lecteur, structure, ident, csv):
        job = tasks.read_job(ident) if isinstance(ident, str) else None
        if job is None or job.get("name") != statistiques.NOM_TACHE:
            raise Refus(404, "NotFound", "Calcul introuvable.")
        if job.get("owner") != lecteur.login and not lecteur.admin:
            raise Refus(403, "Forbidden", "Ce calcul a été lancé par quelqu'un d'autre.")
        resultat = job.get("result")
        if resultat is not None and resultat.get("etablissement") != structure:
            raise Refus(404, "NotFound", "Calcul introuvable.")
        if csv:
            if resultat is None:
                raise Refus(409, "EnCours", "Le calcul n'est pas terminé.")
            return Csv(statistiques.statistiques_csv(resultat), f"statistiques-{resultat['du']}-{resultat['au']}.csv")
        return {"tache": ident, "etat": job.get("state"), "fait": job.get("done"), "total": job.get("total"),
                "message": job.get("message"), "erreur": job.get("error"), "resultat": resultat}
