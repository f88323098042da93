from importlib.metadata import version

from plone.restapi.services import Service

from cartable.core import conflits, tasks


def storage_kind(context):
    """'sqlite' or 'postgresql' from the RelStorage adapter actually in use."""
    storage = context._p_jar.db().storage
    adapter = getattr(storage, "_adapter", None)
    module = type(adapter).__module__ if adapter is not None else type(storage).__module__
    for kind in ("sqlite", "postgresql", "mysql", "oracle"):
        if kind in module:
            return kind
    return type(storage).__name__.lower()


class StatusGet(Service):
    """GET @cartable-status: version, storage, queue and its depth."""

    def reply(self):
        status = {
            "version": version("cartable"),
            "storage": storage_kind(self.context),
            "queue": tasks.queue_kind(),
            "queue_depth": None,
            "conflicts": conflits.lire(),  # since this process started
        }
        try:
            status["queue_depth"] = tasks.get_huey().pending_count()
        except Exception as exc:  # the queue being down is what this reports
            status["queue_error"] = f"{type(exc).__name__}: {exc}"
        return status
