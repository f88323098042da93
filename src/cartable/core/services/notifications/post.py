from cartable.core import notifications
from cartable.core.refus import Refus
from cartable.core.services.commun import ServiceNotifications


class NotificationsPost(ServiceNotifications):
    """POST @notifications {"ids": [...]} or {"toutes": true}: mark read."""

    def repondre(self, personne):
        donnees = self.corps()
        ids = donnees.get("ids") if isinstance(donnees, dict) else None
        toutes = isinstance(donnees, dict) and donnees.get("toutes") is True
        if not toutes and not (isinstance(ids, list) and all(isinstance(i, str) for i in ids)):
            raise Refus(400, "BadRequest", "Corps attendu : {\"ids\": [identifiants]} ou {\"toutes\": vrai}.")
        marquees = notifications.marquer_lues(self.context, personne, None if toutes else set(ids))
        return {"marquees": marquees, "non_lues": notifications.non_lues(self.context, personne)}
