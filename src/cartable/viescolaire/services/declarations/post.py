from cartable.annuaire.services.base import ServiceEtablissementAvecCle
from cartable.regles import corps
from cartable.viescolaire import declarations, idempotence
from cartable.viescolaire.stockage import lire_vie_scolaire, vie_scolaire_pour_ecrire


class DeclarationsPost(ServiceEtablissementAvecCle):
    """POST @declarations (a parent declares: days, a half-day or hours) or @declarations/<id> {"decision", "raison"}
    (any CPE treats it). An Idempotency-Key makes a replay answer the first result."""

    LIMITE_CORPS = corps.limite_pour_fichiers(declarations.TAILLE_MAX_PIECE)  # one piece (a certificate)

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        cle = idempotence.cle_de(self.request)
        service = f"declarations/{self.cle() or ''}"
        connue = idempotence.reponse_connue(lire_vie_scolaire(self.context), lecteur.login, cle, service)
        if connue is not None:
            self.request.response.setStatus(connue[0])
            return connue[1]
        if self.cle():
            vs = lire_vie_scolaire(self.context)
            reponse, statut = declarations.traiter(vs, structure, lecteur, self.cle(), donnees), 200
        else:
            vs = vie_scolaire_pour_ecrire(self.context)
            reponse, statut = declarations.declarer(vs, annuaire, structure, lecteur, donnees), 201
        idempotence.retenir(vs, lecteur.login, cle, service, statut, reponse)
        self.request.response.setStatus(statut)
        return reponse
