"""@@mes-notes?eleve=&periode=: a student's grades, for the student, their parents, the direction and the PP.

The page only chooses the student and the period; the grades come from
@notes-eleve (which checks the access model again) and are drawn in the browser.
"""

from cartable.annuaire.browser.pages import PageLecteur
from cartable.annuaire.contenu import id_etablissement
from cartable.core import horloge
from cartable.notes import droits
from cartable.notes.stockage import lire_carnet
from cartable.regles import acces
from cartable.regles.periode_notes import periode_a_ouvrir, periodes_avec_notes


def eleve_par_defaut(annuaire, personne, structure):
    """Without ?eleve=: a student themselves, a parent their first child of this establishment."""
    if personne is None:
        return None
    if personne.categorie == "Eleve":
        return personne
    enfants = acces.enfants_visibles(annuaire, personne)
    ici = [e for e in enfants if structure in e.rattachements]
    return (ici or enfants or [None])[0]


class MesNotesView(PageLecteur):
    """The grades of one student and one period (refused to whoever droits.lit_eleve refuses)."""

    sujet = None

    def autorise(self):
        annuaire, structure = self.lecteur.annuaire, self.context.jointure
        if annuaire is None:
            return False
        ident = self.request.form.get("eleve")
        if ident:
            eleve = annuaire.personne(str(ident))
            self.sujet = eleve if eleve is not None and eleve.categorie == "Eleve" else None
        else:
            self.sujet = eleve_par_defaut(annuaire, self.lecteur.personne, structure)
        if self.sujet is None:
            return False
        return droits.lit_eleve(annuaire, self.lecteur.personne, self.sujet, structure) is not None

    def enfants(self):
        """A parent's children, each with the URL of their grades in their own establishment (the selector)."""
        annuaire = self.lecteur.annuaire
        result = []
        for enfant in acces.enfants_visibles(annuaire, self.lecteur.personne):
            structures = [s for s in enfant.rattachements if s in annuaire.structures]
            if not structures:
                continue
            if self.context.jointure in structures:
                base = self.context.absolute_url()
            else:
                base = f"{self.context.portal_url()}/{id_etablissement(annuaire.structures[structures[0]].uai)}"
            result.append({"id": enfant.id, "nom": enfant.nom_complet, "url": f"{base}/@@mes-notes?eleve={enfant.id}",
                           "courant": self.sujet is not None and enfant.id == self.sujet.id})
        return result

    def periodes(self):
        carnet = lire_carnet(self.context)
        return sorted(carnet.periodes.values(), key=lambda p: p["du"]) if carnet is not None else []

    def periode(self):
        """The period asked for, else the latest begun with a published mark of the student (regles.periode_notes)."""
        demandee = self.request.form.get("periode")
        if demandee:
            return demandee
        carnet, periodes = lire_carnet(self.context), self.periodes()
        avec_notes = periodes_avec_notes(carnet, self.sujet, self.context.jointure, periodes) if carnet is not None else set()
        return periode_a_ouvrir(periodes, avec_notes, horloge.maintenant().date())


class MesNotesRacine(PageLecteur):
    """@@mes-notes at the site root (a parent of children in several establishments, Mon bureau's menu): it sends
    to the grades page of the child asked for (?eleve=, else the first child; a student: their own) in the child's
    establishment. Nothing else is read there, nothing written."""

    cible = None

    def autorise(self):
        annuaire, personne = self.lecteur.annuaire, self.lecteur.personne
        if annuaire is None or personne is None:
            return False
        visibles = [personne] if personne.categorie == "Eleve" else acces.enfants_visibles(annuaire, personne)
        ident = self.request.form.get("eleve")
        choisis = [e for e in visibles if not ident or e.id == str(ident)]
        for eleve in choisis:
            structures = [s for s in eleve.rattachements if s in annuaire.structures]
            if structures:
                etablissement = id_etablissement(annuaire.structures[structures[0]].uai)
                self.cible = f"{self.context.portal_url()}/{etablissement}/@@mes-notes?eleve={eleve.id}"
                return True
        return False

    def index(self):
        return self.request.response.redirect(self.cible)
