from plone import api

from cartable.annuaire.services.base import ServiceEtablissement
from cartable.regles import corps, import_edt
from cartable.viescolaire import edition_edt
from cartable.viescolaire.stockage import lire_vie_scolaire, vie_scolaire_pour_ecrire


class EmploiDuTempsImportPost(ServiceEtablissement):
    """POST @emploi-du-temps-import {"fichier": base64, "nom": "edt.csv"|"edt.ics", "confirmer": false} (direction)."""

    LIMITE_CORPS = corps.limite_pour_fichiers(import_edt.TAILLE_MAX)

    def repondre(self, lecteur, annuaire, structure):
        edition_edt.exiger_direction(lecteur, structure)  # before the body is read
        status, reponse = edition_edt.importer(
            lire_vie_scolaire(self.context), lambda: vie_scolaire_pour_ecrire(self.context), annuaire, structure, lecteur,
            self.corps(), api.portal.get().getPhysicalPath(),
        )
        self.request.response.setStatus(status)
        return reponse
