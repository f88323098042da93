from plone.restapi.services import Service
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

from AccessControl import getSecurityManager
from cartable.core import tasks
from cartable.core.services.tasks.post import error


@implementer(IPublishTraverse)
class TasksGet(Service):
    """GET @cartable-tasks/<id>: state, done/total, message, result of one job.

    Only the user who asked for it and site managers may read a job.
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
        record = tasks.read_job(self.job_id)
        security = getSecurityManager()
        allowed = record is not None and (
            record.get("owner") == security.getUser().getId()
            or security.checkPermission("Manage portal", self.context)
        )
        if not allowed:  # same answer for unknown and foreign jobs: ids do not leak
            return error(self.request, 404, "NotFound", "Tâche introuvable.")
        return dict(record, **{"@id": f"{self.context.absolute_url()}/@cartable-tasks/{self.job_id}"})
