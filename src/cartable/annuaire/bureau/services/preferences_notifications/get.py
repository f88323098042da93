from cartable.core import notifications
from cartable.core.services.commun import ServiceNotifications
from cartable.regles import envoi_notifications as envoi


class PreferencesGet(ServiceNotifications):
    """GET @preferences-notifications: each kind of notification with the person's e-mail mode."""

    def repondre(self, personne):
        return {"genres": envoi.preferences_completes(notifications.lire_preferences(self.context, personne)),
                "modes": envoi.MODES}
