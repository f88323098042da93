"""403/404/500 in Cartable's words, with the way back to « Mon bureau ».

- ``index.html`` on exceptions (Plone 6's exception view, Products.CMFPlone.browser.exceptions.ExceptionView):
  same behaviour (status, redirects of moved content, JSON for a non-HTML client), French page without
  Plone's catalog-searched suggestions; a REST request keeps plone.rest's JSON error.
  A page not found while traversing is raised before Zope authenticates the request: the page
  authenticates it the way ZPublisher would have (the user folder's ``validate``, on the last object
  reached), so that a logged-in person sees their header and « Retour à Mon bureau », not « Se connecter ».
- ``insufficient-privileges``: where Plone's challenge sends a logged-in person refused a page.
"""

from AccessControl import Unauthorized
from plone import api
from plone.rest.errors import ErrorHandling
from plone.rest.interfaces import IAPIRequest
from Products.CMFPlone.browser.exceptions import ExceptionView
from Products.CMFPlone.browser.login.login import InsufficientPrivilegesView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

TEXTES = {
    "NotFound": ("Page introuvable",
                 "Cette page n'existe pas, ou plus. Vérifiez l'adresse, ou repartez de votre bureau."),
    "Unauthorized": ("Accès refusé", "Vous n'avez pas accès à cette page."),
    "Forbidden": ("Accès refusé", "Vous n'avez pas accès à cette page."),
}
ERREUR = ("Une erreur est survenue",
          "La page n'a pas pu s'afficher. Réessayez dans un instant ; si l'erreur persiste, signalez-la "
          "au référent numérique de votre établissement.")


def textes(type_erreur):
    """(title, sentence) of an error page, in French."""
    return TEXTES.get(type_erreur, ERREUR)


class PageErreur(ExceptionView):
    basic_template = ViewPageTemplateFile("templates/erreur_simple.pt")

    def __call__(self):
        if IAPIRequest.providedBy(self.request):  # a REST client gets plone.rest's JSON error, as without us
            vue = ErrorHandling(self.context, self.request)
            vue.__parent__ = self.__parent__
            return vue()
        if not isinstance(self.context, Unauthorized):
            self.authentifier()
        return super().__call__()

    def authentifier(self):
        if not api.user.is_anonymous() or self.__parent__ is None:
            return
        if self.request.get("PUBLISHED") is None:
            self.request.set("PUBLISHED", self.__parent__)
        try:
            api.portal.get().acl_users.validate(self.request)  # sets the security manager of who it finds
        except Exception:  # an error page never fails for this: it stays anonymous
            pass

    def textes(self, type_erreur):
        return textes(type_erreur)

    def connecte(self):
        return not api.user.is_anonymous()

    def url_site(self):
        return api.portal.get().absolute_url()


class AccesRefuse(InsufficientPrivilegesView):
    def connecte(self):
        return not api.user.is_anonymous()
