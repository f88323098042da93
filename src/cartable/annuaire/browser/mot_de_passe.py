"""« Mot de passe oublié » (issue 13): one French page instead of Plone's mail-password form and reset link.

Plone's form told an existing login from an unknown one (« L'identifiant saisi n'a pas été trouvé » or an
e-mail sent) and, with no mail server, answered 500 for an existing one. Cartable's accounts get a new
password through a new activation code from the school (cartable.annuaire.activation): the same page
answers whatever was typed, and nothing is sent or written.
"""

from plone import api
from Products.Five.browser import BrowserView
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


@implementer(IPublishTraverse)
class MotDePasseOublie(BrowserView):
    def publishTraverse(self, request, name):
        return self  # passwordreset/<a token>: the same page, the token is not read

    def __call__(self):
        self.url_site = api.portal.get().absolute_url()
        return self.index()
