"""Pages of the skills (issue 17): the teacher's positioning grid, a student's skills for families.

@@saisie-competences reads and writes through @saisie-competences (the same outbox as the marks grid);
@@competences-eleve is drawn on the server from ``competences.competences_eleve`` (the access model of
@@mes-notes: the student, their parents, the direction, the professeur principal).
"""

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
