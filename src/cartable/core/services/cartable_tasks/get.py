from AccessControl import getSecurityManager
from plone import api

from cartable.core import tasks
from cartable.core.services.base import ServiceAvecChemin
from cartable.core.services.commun import error


class TasksGet(ServiceAvecChemin):
    """GET @cartable-tasks/<id>: state, done/total, message, result of one job.

    Only the user who asked for it and site managers may read a job:
    401 for anonymous, 403 for anybody else (ids are random: 404 when unknown).
    """

    def reply(self):
        self.job_id = self.param()
        if not self.job_id:
            return error(self.request, 400, "BadRequest", "Identifiant de tâche manquant : @cartable-tasks/<id>.")
        if api.user.is_anonymous():
            return error(self.request, 401, "Unauthorized", "Connectez-vous pour suivre une tâche.")
        record = tasks.read_job(self.job_id)
        if record is None:
            return error(self.request, 404, "NotFound", "Tâche introuvable.")
        security = getSecurityManager()
        if record.get("owner") != security.getUser().getId() and not security.checkPermission("Manage portal", self.context):
            return error(self.request, 403, "Forbidden", "Cette tâche a été lancée par quelqu'un d'autre.")
        return dict(record, **{"@id": f"{self.context.absolute_url()}/@cartable-tasks/{self.job_id}"})
