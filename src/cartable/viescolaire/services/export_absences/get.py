from cartable.viescolaire import statistiques
from cartable.viescolaire.services.commun import Csv, ServiceStatistiques


class ExportAbsencesGet(ServiceStatistiques):
    """@export-absences?du=&au=&classes=&mes_classes=1: CSV of every absence, lateness and departure of the period."""

    def repondre(self, lecteur, annuaire, structure):
        vs, du, au, classes = self.parametres(lecteur, annuaire, structure, self.request.form)
        lignes = statistiques.absences_periode(vs, annuaire, structure, du, au, classes)
        if self.request.form.get("format") == "json":
            return {"du": du.isoformat(), "au": au.isoformat(), "items": lignes}
        return Csv(statistiques.absences_csv(lignes), f"absences-{du}-{au}.csv")
