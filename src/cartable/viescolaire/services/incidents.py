"""REST: @incidents (GET, POST), @incidents/<id> (POST: status) on an establishment; @suivi-journal on the site."""

from plone import api
from plone.restapi.services import Service

from cartable.annuaire.lecteur import Lecteur
from cartable.viescolaire import idempotence, incidents
from cartable.viescolaire.journal_suivi import lire_journal
from cartable.viescolaire.services.appel import _AvecCle, _Base
from cartable.viescolaire.stockage import lire_vie_scolaire, vie_scolaire_pour_ecrire


class IncidentsGet(_Base):
    """@incidents?eleve=&type=&du=&au=: what the reader may see (families: their child's punitions and sanctions)."""

    def repondre(self, lecteur, annuaire, structure):
        return incidents.lister(lire_vie_scolaire(self.context), annuaire, structure, lecteur, self.request.form)


class IncidentsPost(_AvecCle):
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


class JournalSuiviGet(Service):
    """@suivi-journal?eleve=: the cross-establishment reads of the follow-up (regional administrator)."""

    def reply(self):
        lecteur = Lecteur(api.portal.get())
        if not lecteur.admin:
            self.request.response.setStatus(401 if lecteur.anonyme else 403)
            return {"error": {"type": "Unauthorized", "message": "Réservé à l'administration régionale."}}
        eleve = self.request.form.get("eleve") or None
        if eleve is not None and not isinstance(eleve, str):
            self.request.response.setStatus(400)
            return {"error": {"type": "BadRequest", "message": "Un seul élève attendu (eleve=identifiant)."}}
        return {"items": lire_journal(self.context, eleve)}
