from AccessControl import getSecurityManager
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from plone.restapi.services import Service
from zope.interface import alsoProvides

from cartable.core import tasks
from cartable.core.services.commun import error


class TasksPost(Service):
    """POST @cartable-tasks {"name": dotted task name, "params": {...}} → 202 with the job."""

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        security = getSecurityManager()
        if api.user.is_anonymous():
            return error(self.request, 401, "Unauthorized", "Connectez-vous pour lancer une tâche.")
        try:
            data = json_body(self.request)
        except DeserializationError:
            return error(self.request, 400, "BadRequest", "Corps JSON attendu (un objet).")
        name = data.get("name")
        params = data.get("params") or {}
        if not isinstance(params, dict):
            return error(self.request, 400, "BadRequest", "« params » doit être un objet JSON.")
        try:
            spec = tasks.task_function(name).__cartable_task__
        except tasks.UnknownTask:
            return error(self.request, 400, "UnknownTask", f"Tâche inconnue : {name!r}.")
        if not spec.public:
            return error(self.request, 403, "Unauthorized", "Cette tâche est lancée par l'application, pas par son nom.")
        if not security.checkPermission(_permission_title(spec.permission), self.context):
            return error(self.request, 403, "Unauthorized", "Vous n'avez pas le droit de lancer cette tâche.")
        userid = security.getUser().getId()
        job_id = tasks.enqueue(
            name,
            self.context.getPhysicalPath(),
            userid,
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
    from zope.component import queryUtility
    from zope.security.interfaces import IPermission

    permission = queryUtility(IPermission, permission_id)
    return permission.title if permission is not None else permission_id
