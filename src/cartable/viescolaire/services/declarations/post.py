from cartable.annuaire.services.base import ServiceEtablissementAvecCle
from cartable.regles import corps
from cartable.viescolaire import declarations
from cartable.viescolaire.stockage import lire_vie_scolaire, vie_scolaire_pour_ecrire


class DeclarationsPost(ServiceEtablissementAvecCle):
    """POST @declarations (a parent declares) or @declarations/<id> {"decision", "raison"} (any CPE treats it)."""

    LIMITE_CORPS = corps.limite_pour_fichiers(declarations.TAILLE_MAX_PIECE)  # one piece (a certificate)

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        if self.cle():
            return declarations.traiter(lire_vie_scolaire(self.context), structure, lecteur, self.cle(), donnees)
        reponse = declarations.declarer(vie_scolaire_pour_ecrire(self.context), annuaire, structure, lecteur, donnees)
        self.request.response.setStatus(201)
        return reponse
