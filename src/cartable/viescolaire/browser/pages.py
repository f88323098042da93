"""Pages of the vie scolaire: they read and write through the REST services."""

from datetime import date

from cartable.annuaire.browser.pages import PageLecteur
from cartable.regles import acces


class EmploiDuTempsView(PageLecteur):
    """@@emploi-du-temps?eleve=|enseignant=|division=|salle=: a week grid (the service checks who may see it)."""

    def autorise(self):
        return acces.membre_etablissement(self.lecteur.annuaire, self.lecteur.personne, self.context.jointure)


class VieScolaireView(PageLecteur):
    """@@vie-scolaire: the CPE's desk — today's registers, declarations to treat, any timetable."""

    def autorise(self):
        return acces.est_vie_scolaire(self.lecteur.personne, self.context.jointure)


class DeclarerView(PageLecteur):
    """@@declarer-absence?eleve=[&du=AAAA-MM-JJ&au=AAAA-MM-JJ]: a parent declares an absence of their child.

    ``du`` and ``au`` prefill the form (Mon bureau links an absence to justify to its day); a value
    that is not a date is ignored."""

    def autorise(self):
        eleve = self.lecteur.annuaire.personne(self.request.form.get("eleve", "")) if self.lecteur.annuaire else None
        return eleve is not None and acces.responsable_legal(self.lecteur.personne, eleve)

    def eleve(self):
        return self.lecteur.annuaire.personne(self.request.form["eleve"])

    def jour(self, nom):
        """The prefilled day ``nom`` (du, au) as the date input wants it, or None."""
        valeur = self.request.form.get(nom)
        try:
            return date.fromisoformat(valeur).isoformat() if isinstance(valeur, str) else None
        except ValueError:
            return None
