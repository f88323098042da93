"""REST: @incidents (GET, POST), @incidents/<id> (POST: status) on an establishment; @suivi-journal on the site."""

from plone import api
from plone.restapi.services import Service

from cartable.annuaire.lecteur import Lecteur
from cartable.viescolaire import incidents
from cartable.viescolaire.journal_suivi import lire_journal
from cartable.viescolaire.services.appel import _AvecCle, _Base
from cartable.viescolaire.stockage import lire_vie_scolaire


class IncidentsGet(_Base):
    """@incidents?eleve=&type=&du=&au=: what the reader may see (families: their child's punitions and sanctions)."""

    def repondre(self, lecteur, annuaire, structure):
        return incidents.lister(lire_vie_scolaire(self.context), annuaire, structure, lecteur, self.request.form)


class IncidentsPost(_AvecCle):
    """POST @incidents {"type", "eleves", "quand", "lieu", "description", "nature", "incident"} (staff; sanctions: direction),
    or @incidents/<id> {"statut"} (audited)."""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        if self.cle():
            return incidents.changer(lire_vie_scolaire(self.context), annuaire, structure, lecteur, self.cle(), donnees)
        reponse = incidents.creer(self.context, annuaire, structure, lecteur, donnees)
        self.request.response.setStatus(201)
        return reponse


class JournalSuiviGet(Service):
    """@suivi-journal?eleve=: the cross-establishment reads of the follow-up (regional administrator)."""

    def reply(self):
        lecteur = Lecteur(api.portal.get())
        if not lecteur.admin:
            self.request.response.setStatus(401 if lecteur.anonyme else 403)
            return {"error": {"type": "Unauthorized", "message": "Réservé à l'administration régionale."}}
        return {"items": lire_journal(self.context, self.request.form.get("eleve") or None)}
