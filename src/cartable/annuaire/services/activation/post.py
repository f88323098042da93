from cartable.annuaire.activation import activer_compte
from cartable.annuaire.comptes import ActivationRefusee
from cartable.core.refus import Refus
from cartable.core.services.base import ServiceCartable


class ActivationPost(ServiceCartable):
    """POST @activation {"login", "code", "new_password"}: first password of a directory account.

    Anonymous, JSON, no session to ride (``corps`` disables the CSRF check). Not
    "password": plone.restapi's JWT plugin reads {"login", "password"} bodies as
    credentials, which would count as a failed login. Failures are counted
    outside the ZODB (``cartable.core.limites``), so the doomed transaction of a
    refusal loses none of them.
    """

    def repondre(self):
        donnees = self.corps()
        try:
            login = activer_compte(
                self.context,
                donnees.get("login"),
                donnees.get("code"),
                donnees.get("new_password"),
                adresse=self.request.getClientAddr() or "",
            )
        except ActivationRefusee as exc:
            raise Refus(400, "ActivationRefusee", str(exc)) from None
        return {"login": login, "activated": True}
