from cartable.core import notifications
from cartable.core.services.commun import ServiceNotifications


class NotificationsGet(ServiceNotifications):
    """GET @notifications: the logged-in person's notifications, newest first (never writes)."""

    def repondre(self, personne):
        items = notifications.lire(self.context, personne)
        return {"items": items, "non_lues": sum(1 for n in items if not n["lue"])}
