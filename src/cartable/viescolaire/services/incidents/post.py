from cartable.annuaire.services.base import ServiceEtablissementAvecCle
from cartable.viescolaire import idempotence, incidents
from cartable.viescolaire.stockage import lire_vie_scolaire, vie_scolaire_pour_ecrire


class IncidentsPost(ServiceEtablissementAvecCle):
    """POST @incidents {"type", "eleves", "quand", "lieu", "description", "nature", "incident"} (staff; sanctions: direction),
    or @incidents/<id> {"statut"} (audited)."""

    def repondre(self, lecteur, annuaire, structure):
        cle = idempotence.cle_de(self.request)
        service = f"@incidents/{self.cle()}" if self.cle() else "@incidents"
        connue = idempotence.reponse_connue(lire_vie_scolaire(self.context), lecteur.login, cle, service)
        if connue is not None:  # a replay: the first answer, nothing written again
            self.request.response.setStatus(connue[0])
            return connue[1]
        donnees = self.corps()
        if self.cle():
            statut, reponse = 200, incidents.changer(lire_vie_scolaire(self.context), annuaire, structure, lecteur, self.cle(), donnees)
        else:
            statut, reponse = 201, incidents.creer(self.context, annuaire, structure, lecteur, donnees)
        idempotence.retenir(vie_scolaire_pour_ecrire(self.context), lecteur.login, cle, service, statut, reponse)
        self.request.response.setStatus(statut)
        return reponse
