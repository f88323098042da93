"""POST @login: plone.restapi's, on the REST base, and checking a login that no user folder knows.

- On the REST base (``ServiceCartable``): an anonymous endpoint that parses a JSON body, so its length
  is checked before anything reads it (413 in French past 1 Mo, issue 13 item 5), as every service's.
- plone.restapi answers 401 at once for a login that no user folder knows, without checking any
  password: the throttle (``cartable.annuaire.verrou``) would then count nothing for invented logins,
  and a locked real login (« connexion bloquée ») would answer differently from a locked invented one,
  telling which logins exist. Here the site's user folder checks it like any other, through the throttle.
"""

from plone.restapi.services.auth.login import Login
from Products.CMFCore.utils import getToolByName

from cartable.core.services.base import ServiceCartable


class LoginPost(ServiceCartable, Login):
    def repondre(self):
        self.corps()  # a JSON object declared as such (415 otherwise), as every service's body
        return Login.reply(self)

    def _find_userfolder(self, userid):
        return super()._find_userfolder(userid) or getToolByName(self.context, "acl_users")
