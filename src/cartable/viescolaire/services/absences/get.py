from cartable.annuaire.services.base import ServiceEtablissement
from cartable.viescolaire import services_absences as absences_service
from cartable.viescolaire.stockage import lire_vie_scolaire


class AbsencesGet(ServiceEtablissement):
    """@absences?eleve=&du=&au=: a student's marks with their motives, and the half-day count."""

    def repondre(self, lecteur, annuaire, structure):
        vs = lire_vie_scolaire(self.context)
        du, au = absences_service.periode(vs, self.request.form)
        return absences_service.lire(vs, annuaire, structure, lecteur, self.request.form.get("eleve"), du, au)
