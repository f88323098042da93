from plone import api

from cartable.annuaire.services.base import ServiceEtablissement
from cartable.viescolaire import edition_edt
from cartable.viescolaire.stockage import lire_vie_scolaire, vie_scolaire_pour_ecrire


class EmploiDuTempsModifierPost(ServiceEtablissement):
    """POST @emploi-du-temps-modifier {"action": …} (see cartable.regles.edition_edt.ACTIONS) (direction)."""

    def repondre(self, lecteur, annuaire, structure):
        edition_edt.exiger_direction(lecteur, structure)
        return edition_edt.modifier(
            lire_vie_scolaire(self.context), lambda: vie_scolaire_pour_ecrire(self.context), annuaire, structure, lecteur,
            self.corps(), api.portal.get().getPhysicalPath(),
        )
