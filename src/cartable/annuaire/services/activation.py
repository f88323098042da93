from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from plone.restapi.services import Service
from zope.interface import alsoProvides

from cartable.annuaire.activation import activer_compte
from cartable.annuaire.comptes import ActivationRefusee


class ActivationPost(Service):
    """POST @activation {"login", "code", "new_password"}: first password of a directory account.

    Not "password": plone.restapi's JWT plugin reads {"login", "password"}
    bodies as credentials, which would count as a failed login.
    """

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)  # anonymous, JSON, no session to ride
        try:
            data = json_body(self.request)
        except DeserializationError:
            data = None
        if not isinstance(data, dict):
            self.request.response.setStatus(400)
            return {"error": {"type": "BadRequest", "message": "Corps JSON attendu (un objet)."}}
        try:
            login = activer_compte(
                self.context,
                data.get("login"),
                data.get("code"),
                data.get("new_password"),
                adresse=self.request.getClientAddr() or "",
            )
        except ActivationRefusee as exc:
            self.request.response.setStatus(400)
            return {"error": {"type": "ActivationRefusee", "message": str(exc)}}
        return {"login": login, "activated": True}
