from plone import api
from plone.restapi.services import Service
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

from AccessControl import getSecurityManager
from cartable.core import tasks
from cartable.core.services.tasks.post import error


@implementer(IPublishTraverse)
class TasksGet(Service):
    """GET @cartable-tasks/<id>: state, done/total, message, result of one job.

    Only the user who asked for it and site managers may read a job:
    401 for anonymous, 403 for anybody else (ids are random: 404 when unknown).
    """

    job_id = None

    def publishTraverse(self, request, name):
        if self.job_id is None:
            self.job_id = name
            return self
        raise KeyError(name)

    def reply(self):
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
