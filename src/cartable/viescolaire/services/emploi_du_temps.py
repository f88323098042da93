"""REST: the direction imports and edits the timetable; everyone reads their own notifications.

- POST @emploi-du-temps-import {"fichier": base64, "nom": "edt.csv"|"edt.ics", "confirmer": false}
- POST @emploi-du-temps-modifier {"action": …} (see cartable.regles.edition_edt.ACTIONS)
- GET @emploi-du-temps-journal: the audit of the timetable (direction, CPE)
- GET/POST @notifications on the site: the logged-in person's in-app notifications
"""

from plone import api

from cartable.annuaire.lecteur import Lecteur
from cartable.core import notifications
from cartable.core.refus import NonConnecte, Refus
from cartable.core.services.base import ServiceCartable
from cartable.viescolaire import edition_edt
from cartable.annuaire.services.base import ServiceEtablissement
from cartable.viescolaire.stockage import lire_vie_scolaire, vie_scolaire_pour_ecrire


class EmploiDuTempsImportPost(ServiceEtablissement):
    def repondre(self, lecteur, annuaire, structure):
        edition_edt.exiger_direction(lecteur, structure)  # before the body is read
        status, reponse = edition_edt.importer(
            lire_vie_scolaire(self.context), lambda: vie_scolaire_pour_ecrire(self.context), annuaire, structure, lecteur,
            self.corps(), api.portal.get().getPhysicalPath(),
        )
        self.request.response.setStatus(status)
        return reponse


class EmploiDuTempsModifierPost(ServiceEtablissement):
    def repondre(self, lecteur, annuaire, structure):
        edition_edt.exiger_direction(lecteur, structure)
        return edition_edt.modifier(
            lire_vie_scolaire(self.context), lambda: vie_scolaire_pour_ecrire(self.context), annuaire, structure, lecteur,
            self.corps(), api.portal.get().getPhysicalPath(),
        )


class EmploiDuTempsJournalGet(ServiceEtablissement):
    def repondre(self, lecteur, annuaire, structure):
        lecteur.exiger_vie_scolaire(structure, "Le journal de l'emploi du temps est réservé à la vie scolaire et à la direction.")
        return {"items": edition_edt.journal(lire_vie_scolaire(self.context))}


class _Notifications(ServiceCartable):
    """On the site: the logged-in person's own notifications (by directory id, or login outside it)."""

    def arguments(self):
        lecteur = Lecteur(api.portal.get())
        if lecteur.anonyme:
            raise NonConnecte("Connectez-vous pour lire vos notifications.")
        return (lecteur.personne.id if lecteur.personne is not None else lecteur.login,)


class NotificationsGet(_Notifications):
    """The logged-in person's notifications, newest first (never writes)."""

    def repondre(self, personne):
        items = notifications.lire(self.context, personne)
        return {"items": items, "non_lues": sum(1 for n in items if not n["lue"])}


class NotificationsPost(_Notifications):
    """{"ids": [...]} or {"toutes": true}: mark read."""

    def repondre(self, personne):
        donnees = self.corps()
        ids = donnees.get("ids") if isinstance(donnees, dict) else None
        toutes = isinstance(donnees, dict) and donnees.get("toutes") is True
        if not toutes and not (isinstance(ids, list) and all(isinstance(i, str) for i in ids)):
            raise Refus(400, "BadRequest", "Corps attendu : {\"ids\": [identifiants]} ou {\"toutes\": vrai}.")
        marquees = notifications.marquer_lues(self.context, personne, None if toutes else set(ids))
        return {"marquees": marquees, "non_lues": notifications.non_lues(self.context, personne)}
