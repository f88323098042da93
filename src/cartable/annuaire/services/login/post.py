"""POST @login: plone.restapi's, except for a login that no user folder knows.

plone.restapi answers 401 at once for such a login, without checking any password: the throttle
(``cartable.annuaire.verrou``) would then count nothing for invented logins, and a locked real
login (« connexion bloquée ») would answer differently from a locked invented one, telling which
logins exist. Here the site's user folder checks it like any other, through the throttle.
"""

from plone.restapi.services.auth.login import Login
from Products.CMFCore.utils import getToolByName


class LoginPost(Login):
    def _find_userfolder(self, userid):
        return super()._find_userfolder(userid) or getToolByName(self.context, "acl_users")
