"""A view that answers its own sub-paths: ``cas/login``, ``cas/p3/serviceValidate``, ``saml/acs``…

The names after the view are gathered in ``self.chemin`` (two at most; more is a 404) and the view's
``__call__`` decides; ``titre``, ``texte`` and ``lien`` are what its one-sentence page shows.
"""

from Products.Five.browser import BrowserView
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse, NotFound

PROFONDEUR = 2


@implementer(IPublishTraverse)
class VueAChemin(BrowserView):
    titre = texte = lien = None

    def __init__(self, context, request):
        super().__init__(context, request)
        self.chemin = []

    def publishTraverse(self, request, name):
        self.chemin.append(name)
        if len(self.chemin) > PROFONDEUR:
            raise NotFound(self, name, request)
        return self
