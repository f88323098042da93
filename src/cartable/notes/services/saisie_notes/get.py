from cartable.annuaire.services.base import ServiceEtablissement
from cartable.notes import saisie
from cartable.notes.stockage import lire_carnet


class SaisieGet(ServiceEtablissement):
    """@saisie-notes?division=&matiere=&periode=: the grid."""

    def repondre(self, lecteur, annuaire, structure):
        form = self.request.form
        return saisie.grille(lire_carnet(self.context), annuaire, lecteur, structure, form.get("division"), form.get("matiere"),
                             form.get("periode"))
