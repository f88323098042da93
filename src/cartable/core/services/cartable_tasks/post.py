from AccessControl import getSecurityManager
from plone import api
from zope.component import queryUtility
from zope.security.interfaces import IPermission

from cartable.core import tasks
from cartable.core.refus import NonConnecte, Refus, RequeteInvalide
from cartable.core.services.base import ServiceCartable


class TasksPost(ServiceCartable):
    """POST @cartable-tasks {"name": dotted task name, "params": {...}} → 202 with the job."""

    def repondre(self):
        if api.user.is_anonymous():
            raise NonConnecte("Connectez-vous pour lancer une tâche.")
        data = self.corps()
        name = data.get("name")
        params = data.get("params") or {}
        if not isinstance(params, dict):
            raise RequeteInvalide("« params » doit être un objet JSON.")
        try:
            spec = tasks.task_function(name).__cartable_task__
        except tasks.UnknownTask:
            raise Refus(400, "UnknownTask", f"Tâche inconnue : {name!r}.") from None
        if not spec.public:
            raise Refus(403, "Unauthorized", "Cette tâche est lancée par l'application, pas par son nom.")
        security = getSecurityManager()
        if not security.checkPermission(_permission_title(spec.permission), self.context):
            raise Refus(403, "Unauthorized", "Vous n'avez pas le droit de lancer cette tâche.")
        job_id = tasks.enqueue(
            name,
            self.context.getPhysicalPath(),
            security.getUser().getId(),
            params,
            idempotency_key=self.request.getHeader("Idempotency-Key"),
        )
        self.request.response.setStatus(202)
        return {
            "@id": f"{self.context.absolute_url()}/@cartable-tasks/{job_id}",
            "id": job_id,
            "name": name,
            "state": "queued",
        }


def _permission_title(permission_id):
    """Zope checks permissions by title; the registry maps ids to titles."""
    permission = queryUtility(IPermission, permission_id)
    return permission.title if permission is not None else permission_id


