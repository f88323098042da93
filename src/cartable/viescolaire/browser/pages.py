"""Pages of the vie scolaire: they read and write through the REST services."""

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
    """@@declarer-absence?eleve=: a parent declares an absence of their child."""

    def autorise(self):
        eleve = self.lecteur.annuaire.personne(self.request.form.get("eleve", "")) if self.lecteur.annuaire else None
        return eleve is not None and acces.responsable_legal(self.lecteur.personne, eleve)

    def eleve(self):
        return self.lecteur.annuaire.personne(self.request.form["eleve"])
