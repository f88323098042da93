"""The base of the pages that need a reader: it checks ``autorise()`` before rendering.

A parameter the page cannot use (an unknown student for the region's administrator, whom ``exiger``
lets through; a list where an identifier was expected) is the client's mistake: the page answers 400
with a French sentence and a way back, never a 500 — in one place for every page on this base (the
REST base does the same for services: cartable.core.services.base).
"""

import logging
from html import escape

import transaction
from plone import api
from Products.Five.browser import BrowserView
from zope.location.interfaces import LocationError

from cartable.annuaire.lecteur import Lecteur
from cartable.core.services.base import VALEURS_INATTENDUES

journal = logging.getLogger("cartable.pages")
INATTENDUES = (*VALEURS_INATTENDUES, LocationError)
PAGE_INVALIDE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" /><title>Requête invalide</title></head>
<body><main><h1>Requête invalide</h1><p>Cette page ne peut pas s'afficher avec les paramètres reçus (un élève, une
date ou une période inconnus).</p><p><a href="{accueil}">Retour à Mon bureau</a></p></main></body></html>"""


class PageLecteur(BrowserView):
    """Anonymous readers are challenged (login form), others without the right get Plone's refusal."""

    def __call__(self):
        self.lecteur = Lecteur(api.portal.get())
        try:
            self.lecteur.exiger(self.autorise())
            return self.index()
        except INATTENDUES:
            journal.warning("%s : paramètres inattendus", self.request.get("ACTUAL_URL"), exc_info=True)
            transaction.doom()
            self.request.response.setStatus(400)
            self.request.response.setHeader("Content-Type", "text/html; charset=utf-8")
            return PAGE_INVALIDE.format(accueil=escape(api.portal.get().absolute_url()))

    def autorise(self):
        return not self.lecteur.anonyme
