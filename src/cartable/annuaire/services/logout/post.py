"""POST @logout: plone.restapi's, whose revocation of the token is actually kept.

With ``store_tokens`` (cartable.annuaire.jetons), plone.restapi's @logout deletes the token it is
given, then plone.protect's automatic CSRF check undoes that write (the service does not declare
it protected), so the token stayed valid. Here the write is declared: the token is in the
``Authorization`` header, which no page of another site can make a browser send, and the REST base
refuses another Origin anyway.
"""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services.auth.logout import Logout
from zope.interface import alsoProvides

from cartable.core.services.base import ServiceCartable


class LogoutPost(ServiceCartable, Logout):
    def repondre(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        return Logout.reply(self)
