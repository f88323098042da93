from plone import api

from cartable.annuaire.bureau.autonome import PageAutonome, gabarit, region_nom
from cartable.annuaire.lecteur import Lecteur
from cartable.regles import acces


class AppelView(PageAutonome):
    """@@appel on an establishment: today's registers, then the roll-call screen (phone first).

    Everything goes through @appels and @appel/<clé>; marks not yet saved are
    kept in the browser (localStorage) and sent again, with their idempotency
    key, until the server has them — after a network cut or a new login.

    The page of the 8:00 peak: standalone (``autonome.PageAutonome``: plain Chameleon, no main_template, no
    Diazo, no auto-CSRF parse — it has no form; its POSTs are JSON, which plone.restapi's services check), under
    the header of every page; what it takes of Bootstrap is in appel.css.
    """

    modele = gabarit("templates/appel.pt", __file__)

    def __call__(self):
        site = api.portal.get()
        lecteur = Lecteur.courant(site)
        lecteur.exiger(acces.est_personnel(lecteur.personne, self.context.jointure))
        self.preparer_autonome()
        return self.index()

    def index(self):
        """The page itself, once the access is checked (as a Zope page's template is its ``index``)."""
        return self.rendre(self.modele)

    def cle(self):
        cle = self.request.form.get("cle", "")
        return cle if isinstance(cle, str) else ""  # cle:list=…: no course is named so

    def region(self):
        return region_nom(api.portal.get())
