from cartable.annuaire.services.base import ServiceEtablissement
from cartable.notes import conseil
from cartable.notes.stockage import lire_carnet
from cartable.viescolaire.stockage import lire_vie_scolaire


class ConseilGet(ServiceEtablissement):
    """@conseil?division=&periode=: the council screen's data (direction, professeur principal)."""

    def repondre(self, lecteur, annuaire, structure):
        form = self.request.form
        return conseil.ecran(lire_carnet(self.context), annuaire, lire_vie_scolaire(self.context), lecteur, structure,
                             form.get("division"), form.get("periode"))
