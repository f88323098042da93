from cartable.core import notifications
from cartable.core.refus import RequeteInvalide
from cartable.core.services.commun import ServiceNotifications
from cartable.regles import envoi_notifications as envoi


class PreferencesPost(ServiceNotifications):
    """POST @preferences-notifications {genre: "immediat" | "resume" | "jamais", …}: the person's own choices."""

    def repondre(self, personne):
        try:
            choix = envoi.valider_preferences(self.corps())
        except envoi.PreferenceInvalide as refus:
            raise RequeteInvalide(str(refus)) from None
        notifications.ecrire_preferences(self.context, personne,
                                         {**notifications.lire_preferences(self.context, personne), **choix})
        return {"genres": envoi.preferences_completes(notifications.lire_preferences(self.context, personne))}
