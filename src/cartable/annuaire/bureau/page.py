"""Mon bureau: the page everyone lands on (the site root's default view), and ``@bureau`` in JSON.

Logged in: the blocks every add-on contributes for this person (cartable.core.bureau),
in one template. Anonymous: the public home (the region's establishments, the way in).
Nothing here writes; blocks read indexes.

Mon bureau is the page of the 8:00 and Sunday-evening peaks: like the agenda, it is a
standalone page (``autonome.PageAutonome``: no main_template, no Diazo, no auto-CSRF parse
of its HTML, the theme's header viewlet looked up by name).
"""

from plone import api
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from cartable.annuaire.bureau import rendu
from cartable.annuaire.bureau.autonome import PageAutonome, gabarit, region_nom
from cartable.annuaire.lecteur import Lecteur
from cartable.core import bureau, horloge
from cartable.regles.dates_fr import date_fr


def salutation(lecteur):
    """« Bonjour Aaron Lecomte » (never the login when the directory or Plone knows a name)."""
    if lecteur.personne is not None:
        return lecteur.personne.nom_complet
    membre = api.user.get_current()
    return membre.getProperty("fullname", "") or "administrateur"


def etablissements_publics(annuaire):
    """The region's establishments for the public home: name and town, by name."""
    if annuaire is None:
        return []
    fiches = [{"nom": s.nom or s.uai, "commune": (s.commune or "").title()} for s in annuaire.structures.values()]
    return sorted(fiches, key=lambda f: f["nom"])


def bureau_de(site, lecteur):
    """What Mon bureau shows to this reader, as plain values (the page and @bureau)."""
    blocs, vus = bureau.blocs(site, lecteur), set()
    for bloc in blocs:  # the first block of each kind is the anchor menu entries may point at (#nom)
        bloc["ancre"] = bloc["nom"] if bloc["nom"] not in vus else None
        vus.add(bloc["nom"])
    return {
        "personne": salutation(lecteur),
        "date": date_fr(horloge.aujourd_hui()),
        "blocs": blocs,
        "menu": bureau.menu(site, lecteur),
    }


class MonBureau(PageAutonome):
    """@@mon-bureau on the site root."""

    accueil_public = ViewPageTemplateFile("templates/accueil_public.pt")
    modele = gabarit("templates/mon_bureau.pt", __file__)

    def __call__(self):
        self.lecteur = Lecteur.courant(self.context)
        if self.lecteur.anonyme:
            self.etablissements = etablissements_publics(self.lecteur.annuaire)
            return self.accueil_public()
        self.bureau = bureau_de(self.context, self.lecteur)
        self.preparer_autonome()
        return self.rendre(self.modele)

    def region(self):
        return region_nom(self.context)

    def menu_html(self):
        return rendu.menu_html(self.bureau["menu"])

    def blocs_html(self):
        return rendu.blocs_html(self.bureau["blocs"])
