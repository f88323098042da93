"""REST: @incidents (GET, POST), @incidents/<id> (POST: status) on an establishment; @suivi-journal on the site."""

from plone import api

from cartable.annuaire.lecteur import Lecteur
from cartable.annuaire.services.base import ServiceEtablissement, ServiceEtablissementAvecCle
from cartable.core.refus import RequeteInvalide, interdit
from cartable.core.services.base import ServiceCartable
from cartable.viescolaire import idempotence, incidents
from cartable.viescolaire.journal_suivi import lire_journal
from cartable.viescolaire.stockage import lire_vie_scolaire, vie_scolaire_pour_ecrire


class IncidentsGet(ServiceEtablissement):
    """@incidents?eleve=&type=&du=&au=: what the reader may see (families: their child's punitions and sanctions)."""

    def repondre(self, lecteur, annuaire, structure):
        return incidents.lister(lire_vie_scolaire(self.context), annuaire, structure, lecteur, self.request.form)


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


class JournalSuiviGet(ServiceCartable):
    """@suivi-journal?eleve=: the cross-establishment reads of the follow-up (regional administrator)."""

    def repondre(self):
        lecteur = Lecteur(api.portal.get())
        if not lecteur.admin:
            raise interdit(lecteur, "Réservé à l'administration régionale.")
        eleve = self.request.form.get("eleve") or None
        if eleve is not None and not isinstance(eleve, str):
            raise RequeteInvalide("Un seul élève attendu (eleve=identifiant).")
        return {"items": lire_journal(self.context, eleve)}
