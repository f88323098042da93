from AccessControl import getSecurityManager
from plone import api

from cartable.core import tasks
from cartable.core.refus import Interdit, Introuvable, NonConnecte, RequeteInvalide
from cartable.core.services.base import ServiceAvecChemin


class TasksGet(ServiceAvecChemin):
    """GET @cartable-tasks/<id>: state, done/total, message, result of one job.

    Only the user who asked for it and site managers may read a job:
    401 for anonymous, 403 for anybody else (ids are random: 404 when unknown).
    """

    def repondre(self):
        job_id = self.param()
        if not job_id:
            raise RequeteInvalide("Identifiant de tâche manquant : @cartable-tasks/<id>.")
        if api.user.is_anonymous():
            raise NonConnecte("Connectez-vous pour suivre une tâche.")
        record = tasks.read_job(job_id)
        if record is None:
            raise Introuvable("Tâche introuvable.")
        security = getSecurityManager()
        if record.get("owner") != security.getUser().getId() and not security.checkPermission("Manage portal", self.context):
            raise Interdit("Cette tâche a été lancée par quelqu'un d'autre.")
        return dict(record, **{"@id": f"{self.context.absolute_url()}/@cartable-tasks/{job_id}"})
