"""@@conseil-de-classe?division=&periode=: the class council screen (it reads and writes through @conseil)."""

from cartable.annuaire.browser.pages import PageLecteur
from cartable.notes import droits, evaluations
from cartable.notes.choix_conseil import classes_du_conseil
from cartable.notes.stockage import lire_carnet


class ConseilDeClasseView(PageLecteur):
    """The direction (every class) and a professeur principal (their classes); @conseil checks each class again."""

    def autorise(self):
        """The direction; a professeur principal for their own class (any of theirs when none is asked)."""
        if self.direction():
            return True
        demandee = self.request.form.get("division")
        codes = [c["code"] for c in self.classes()]
        return demandee in codes if demandee else bool(codes)

    def direction(self):
        return self.lecteur.admin or droits.est_direction(self.lecteur.personne, self.context.jointure)

    def classes(self):
        if not hasattr(self, "_classes"):
            self._classes = classes_du_conseil(self.lecteur.annuaire, self.lecteur.personne, self.context.jointure,
                                               self.direction())
        return self._classes

    def division(self):
        """The class asked for, or the only one a professeur principal has."""
        demandee = self.request.form.get("division")
        if demandee:
            return demandee
        classes = self.classes()
        return classes[0]["code"] if len(classes) == 1 else ""

    def periode(self):
        return self.request.form.get("periode") or evaluations.periode_du_jour(lire_carnet(self.context)) or ""

    def periodes(self):
        carnet = lire_carnet(self.context)
        return list(carnet.periodes.values()) if carnet is not None else []

    def libelle_classe(self):
        division = self.division()
        return next((c["libelle"] for c in self.classes() if c["code"] == division), division)

    def libelle_periode(self):
        periode = self.periode()
        return next((p["libelle"] for p in self.periodes() if p["code"] == periode), periode)
