from cartable.annuaire.services.base import ServiceEtablissement
from cartable.viescolaire import mes_classes
from cartable.viescolaire import services_absences as absences_service
from cartable.viescolaire.absences import alertes as absences_alertes
from cartable.viescolaire.stockage import lire_vie_scolaire


class AlertesGet(ServiceEtablissement):
    """@alertes?du=&au=: students with 4+ non justifiées half-days in a month (vie scolaire)."""

    def repondre(self, lecteur, annuaire, structure):
        lecteur.exiger_vie_scolaire(structure, "Réservé à la vie scolaire et à la direction.")
        vs = lire_vie_scolaire(self.context)
        du, au = absences_service.periode(vs, self.request.form)
        reponse = {"du": du.isoformat(), "au": au.isoformat(), "items": absences_alertes(vs, annuaire, structure, du, au)}
        classes = mes_classes.classes_filtre(vs, lecteur, structure, self.request.form)  # ?mes_classes=1
        return reponse if classes is None else mes_classes.filtrer_alertes(reponse, classes)
