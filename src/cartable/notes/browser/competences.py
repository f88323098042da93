"""Pages of the skills (issue 17): the teacher's positioning grid, a student's skills for families.

@@saisie-competences reads and writes through @saisie-competences (the same outbox as the marks grid);
@@competences-eleve is drawn on the server from ``competences.competences_eleve`` (the access model of
@@mes-notes: the student, their parents, the direction, the professeur principal).
"""

from cartable.annuaire.browser.pages import PageLecteur
from cartable.notes import competences, droits
from cartable.notes.browser.mes_notes import MesNotesView
from cartable.notes.browser.pages import SaisieNotesView
from cartable.notes.stockage import lire_carnet, lire_competences


class SaisieCompetencesView(SaisieNotesView):
    """@@saisie-competences?division=&matiere=&periode=: the keyboard grid of positions."""

    def legende(self):
        return competences.legende()


class CompetencesEleveView(MesNotesView):
    """@@competences-eleve?eleve=&periode=: the skills of a student with their levels, per subject."""

    def donnees(self):
        carnet = lire_carnet(self.context)
        periode = self.periode()
        if carnet is None or periode not in carnet.periodes:
            return None
        annuaire, structure = self.lecteur.annuaire, self.context.jointure
        portee = "tout" if self.lecteur.admin else droits.lit_eleve(annuaire, self.lecteur.personne, self.sujet, structure)
        return competences.competences_eleve(carnet, lire_competences(self.context), annuaire, self.sujet, structure, periode,
                                             publiees=portee != "tout")

    def enfants(self):
        return [{**e, "url": e["url"].replace("@@mes-notes", "@@competences-eleve")} for e in super().enfants()]


class FinDeCycleView(PageLecteur):
    """@@fin-de-cycle?division=: the class council's end-of-cycle levels (direction) and the synthesis (direction,
    professeur principal) of a sixième or troisième; the data comes from @fin-de-cycle, which checks again."""

    def autorise(self):
        annuaire, personne, structure = self.lecteur.annuaire, self.lecteur.personne, self.context.jointure
        if annuaire is None:
            return False
        if droits.est_direction(personne, structure):
            return True
        demandee = self.request.form.get("division")
        if demandee:  # a professeur principal opens their own class only
            return isinstance(demandee, str) and droits.est_principal(annuaire, personne, structure, demandee)
        return any(droits.est_principal(annuaire, personne, structure, c["code"]) for c in self.classes_possibles())

    def classes_possibles(self):
        annuaire, structure = self.lecteur.annuaire, self.context.jointure
        classes = []
        for code, libelle in sorted(annuaire.divisions_de(structure, "classe").items()):
            cycle = competences.cycle_division(annuaire, structure, code)
            if cycle is not None and cycle[1]:
                classes.append({"code": code, "libelle": f"{libelle} (fin du cycle {cycle[0]})"})
        return classes

    def classes(self):
        annuaire, personne, structure = self.lecteur.annuaire, self.lecteur.personne, self.context.jointure
        if self.lecteur.admin or droits.est_direction(personne, structure):
            return self.classes_possibles()
        return [c for c in self.classes_possibles() if droits.est_principal(annuaire, personne, structure, c["code"])]

    def division(self):
        demandee = self.request.form.get("division")
        classes = self.classes()
        return demandee if isinstance(demandee, str) and demandee else (classes[0]["code"] if classes else "")

    def legende(self):
        return competences.legende()
