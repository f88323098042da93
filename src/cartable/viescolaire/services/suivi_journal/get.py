from plone import api

from cartable.annuaire.lecteur import Lecteur
from cartable.core.refus import RequeteInvalide, interdit
from cartable.core.services.base import ServiceCartable
from cartable.viescolaire.journal_suivi import lire_journal


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
