"""Pages of the vie scolaire: they read and write through the REST services."""

from plone import api
from Products.Five.browser import BrowserView

from cartable.annuaire import acces
from cartable.annuaire.lecteur import Lecteur


class _Page(BrowserView):
    def __call__(self):
        self.lecteur = Lecteur(api.portal.get())
        self.lecteur.exiger(self.autorise())
        return self.index()

    def autorise(self):
        return not self.lecteur.anonyme


class EmploiDuTempsView(_Page):
    """@@emploi-du-temps?eleve=|enseignant=|division=|salle=: a week grid (the service checks who may see it)."""

    def autorise(self):
        return acces.membre_etablissement(self.lecteur.annuaire, self.lecteur.personne, self.context.jointure)


class VieScolaireView(_Page):
    """@@vie-scolaire: the CPE's desk — today's registers, declarations to treat, any timetable."""

    def autorise(self):
        return acces.est_vie_scolaire(self.lecteur.personne, self.context.jointure)


class DeclarerView(_Page):
    """@@declarer-absence?eleve=: a parent declares an absence of their child."""

    def autorise(self):
        eleve = self.lecteur.annuaire.personne(self.request.form.get("eleve", "")) if self.lecteur.annuaire else None
        return eleve is not None and acces.responsable_legal(self.lecteur.personne, eleve)

    def eleve(self):
        return self.lecteur.annuaire.personne(self.request.form["eleve"])
