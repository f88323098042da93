"""Pages of the vie scolaire: they read and write through the REST services."""

from datetime import date, time

from cartable.annuaire.browser.pages import PageLecteur
from cartable.core import horloge
from cartable.regles import acces
from cartable.regles.dates_fr import heure_fr
from cartable.regles.periode_declaree import demi_journee_de
from cartable.viescolaire import bureau  # the desk shows what the CPE's block of Mon bureau says
from cartable.viescolaire.stockage import lire_vie_scolaire


class VieScolaireView(PageLecteur):
    """@@vie-scolaire: the CPE's desk — today's registers, declarations to treat, today's absent and late
    students (rendered here; the page's script reloads that list every 30 s), any timetable."""

    def autorise(self):
        return acces.est_vie_scolaire(self.lecteur.personne, self.context.jointure)

    def absents_du_jour(self):
        """Mon bureau's lines of today's absent and late students: names, courses in words, a link to each one's suivi."""
        vs = lire_vie_scolaire(self.context)
        if vs is None:
            return []
        ici = bureau.Ici(self.context.jointure, self.context.Title(), self.context.absolute_url(), vs)
        aujourd_hui = horloge.maintenant().date()
        return bureau.absents_du_jour(ici, self.lecteur.annuaire, bureau.marques_du_jour(ici, self.lecteur.annuaire, aujourd_hui))

    def maintenant(self):
        return heure_fr(horloge.maintenant())

    def aujourd_hui(self):
        """The server's day (AAAA-MM-JJ) for the month's alerts the script asks for."""
        return horloge.maintenant().date().isoformat()


class DeclarerView(PageLecteur):
    """@@declarer-absence?eleve=[&du=AAAA-MM-JJ&au=AAAA-MM-JJ][&de=HH:MM&a=HH:MM]: a parent declares an absence.

    ``du`` and ``au`` prefill the form (Mon bureau links an absence to justify to its day); ``de`` and
    ``a`` (« Justifier » on one absence) prefill a time range, that course's, and the half-day it is in.
    A value that is not a date or a time is ignored."""

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

    def heure(self, nom):
        """The prefilled time ``nom`` (de, a) as the time input wants it, or None."""
        valeur = self.request.form.get(nom)
        try:
            return time.fromisoformat(valeur).strftime("%H:%M") if isinstance(valeur, str) and len(valeur) == 5 else None
        except ValueError:
            return None

    def forme(self):
        """The form's first choice: the prefilled course's hours, else whole days."""
        return "plage" if self.heure("de") and self.heure("a") else "jours"

    def limite(self):
        """The half-day boundary in force today (the establishment's counting settings)."""
        vs = lire_vie_scolaire(self.context)
        return vs.chronologie_decompte().en_vigueur(horloge.aujourd_hui()).limite if vs is not None else "12:30"

    def limite_mots(self):
        return heure_fr(self.limite())

    def demi_journee(self):
        """The half-day of the prefilled course (the establishment's boundary), morning by default."""
        return demi_journee_de(self.heure("de"), self.limite()) if self.heure("de") else "matin"
