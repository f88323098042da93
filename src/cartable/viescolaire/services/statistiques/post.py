from plone import api

from cartable.core import tasks
from cartable.core.refus import Refus
from cartable.viescolaire import statistiques
from cartable.viescolaire.services.commun import ServiceStatistiques


class StatistiquesPost(ServiceStatistiques):
    """POST @statistiques {"du", "au", "classes"?, "mes_classes"?}: computed in the background → 202."""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        if not isinstance(donnees, dict):
            raise Refus(400, "BadRequest", "Corps JSON attendu (un objet).")
        form = {k: ("1" if v is True else v) for k, v in donnees.items()}
        _, du, au, classes = self.parametres(lecteur, annuaire, structure, form)
        site = api.portal.get()
        ident = tasks.enqueue(statistiques.NOM_TACHE, site.getPhysicalPath(), lecteur.login,
                              {"etablissement": self.context.getId(), "du": du.isoformat(), "au": au.isoformat(), "classes": classes},
                              idempotency_key=self.request.getHeader("Idempotency-Key"))
        self.request.response.setStatus(202)
        url = self.context.absolute_url()
        return {"tache": ident, "@id": f"{url}/@statistiques?tache={ident}", "suivi": f"{site.absolute_url()}/@cartable-tasks/{ident}"}
