"""Pages of the grades: they read and write through the REST services."""

from cartable.annuaire.browser.pages import PageLecteur
from cartable.notes import evaluations
from cartable.notes.stockage import lire_carnet
from cartable.regles import acces


class SaisieNotesView(PageLecteur):
    """@@saisie-notes?division=&matiere=&periode=: the teacher's grid (the service checks the subject)."""

    def autorise(self):
        return acces.est_personnel(self.lecteur.personne, self.context.jointure)

    def choix(self):
        """The (division, subject) pairs the teacher teaches here, for the chooser."""
        personne, structure = self.lecteur.personne, self.context.jointure
        annuaire = self.lecteur.annuaire
        result = []
        for s, division, matiere in sorted(set(personne.enseignements)) if personne is not None else ():
            if s == structure and matiere:
                enregistrement = annuaire.matieres.get(matiere)
                libelle = enregistrement.valeur("ENTLibelleMatiere") if enregistrement is not None else matiere
                result.append({"division": division, "matiere": matiere, "libelle": f"{division} — {libelle}"})
        return result

    def periode(self):
        return self.request.form.get("periode") or evaluations.periode_du_jour(lire_carnet(self.context)) or ""

    def periodes(self):
        carnet = lire_carnet(self.context)
        return list(carnet.periodes.values()) if carnet is not None else []
