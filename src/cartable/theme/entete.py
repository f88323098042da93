"""The header of every page (viewlet ``cartable.entete`` in plone.portalheader).

Logo and region's name → Mon bureau (the site root); the establishment's name inside one; the person's menu
(cartable.core.bureau.menu; an entry's ``nombre`` shown beside it: the messagerie's unread count); the bell with
the unread count → @@notifications; the person's full name and « Se déconnecter ». Renders with no catalog query and no write.
"""

from plone import api
from plone.app.layout.viewlets.common import ViewletBase

from cartable.annuaire.bureau.autonome import gabarit
from cartable.annuaire.lecteur import Lecteur
from cartable.core import adresses, bureau
from cartable.theme import cadre


class EnTete(ViewletBase):
    # plain Chameleon (compiled python expressions, not Zope's restricted ones): every page renders it
    modele = gabarit("templates/entete.pt", __file__)

    def render(self):
        return self.modele(view=self)

    def update(self):
        # not ViewletBase.update: the two Plone state views it looks up (a third of this header's cost on
        # every page) give nothing this header shows
        site = api.portal.get()
        self.url_site = self.site_url = self.navigation_root_url = adresses.url_site(site)
        self.lecteur = Lecteur.courant(site)
        self.region = cadre.region_nom(site)
        etab = cadre.etablissement(self.context)
        self.etablissement = etab.Title() if etab is not None else None
        self.connecte = not self.lecteur.anonyme
        self.personne = cadre.nom_affiche(self.lecteur)
        self.non_lues = cadre.non_lues(site, self.lecteur) if self.connecte else 0
        self.libelle_cloche = cadre.libelle_cloche(self.non_lues)
        ici = self.request.get("ACTUAL_URL", "").rstrip("/")
        self.entrees = []
        for entree in (bureau.menu(site, self.lecteur) if self.connecte else []):
            lien = entree["lien"].rstrip("/")
            self.entrees.append({"texte": entree["texte"], "lien": entree["lien"], "nombre": entree.get("nombre") or 0,
                                 "courant": "page" if lien == ici else None})
