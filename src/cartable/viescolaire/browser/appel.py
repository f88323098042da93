from plone import api
from Products.Five.browser import BrowserView

from cartable.annuaire.lecteur import Lecteur
from cartable.regles import acces


class AppelView(BrowserView):
    """@@appel on an establishment: today's registers, then the roll-call screen (phone first).

    Everything goes through @appels and @appel/<clé>; marks not yet saved are
    kept in the browser (localStorage) and sent again, with their idempotency
    key, until the server has them — after a network cut or a new login.
    """

    def __call__(self):
        lecteur = Lecteur(api.portal.get())
        lecteur.exiger(acces.est_personnel(lecteur.personne, self.context.jointure))
        return self.index()

    def cle(self):
        return self.request.form.get("cle", "")
