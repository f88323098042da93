"""The base of the pages that need a reader: it checks ``autorise()`` before rendering."""

from plone import api
from Products.Five.browser import BrowserView

from cartable.annuaire.lecteur import Lecteur


class PageLecteur(BrowserView):
    """Anonymous readers are challenged (login form), others without the right get Plone's refusal."""

    def __call__(self):
        self.lecteur = Lecteur(api.portal.get())
        self.lecteur.exiger(self.autorise())
        return self.index()

    def autorise(self):
        return not self.lecteur.anonyme
