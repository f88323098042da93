from plone import api

from cartable.core import idempotence
from cartable.pedagogie.devoirs import archive
from cartable.pedagogie.devoirs.services.commun import ServiceDevoir


class RendusZipPost(ServiceDevoir):
    """POST @rendus-zip: queue the zip's build; 202 {"job", "suivi"}."""

    def repondre(self, acces):
        acces.exiger_lecture_des_rendus()
        job = archive.lancer(self.context, acces.lecteur.login, idempotence.cle_de(self.request))
        self.request.response.setStatus(202)
        return {"job": job, "suivi": f"{api.portal.get().absolute_url()}/@cartable-tasks/{job}"}
