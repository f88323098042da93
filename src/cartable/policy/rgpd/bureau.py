"""Mon bureau's menu: « Mes données » for everyone logged in; « Journal des accès » for the direction; « Durées de
conservation » for the region's administrator (never writes)."""

from zope.interface import implementer

from cartable.annuaire.contenu import id_etablissement
from cartable.core import adresses
from cartable.core.bureau import IEntreesMenu
from cartable.regles import acces


@implementer(IEntreesMenu)
class Menu:
    def entrees(self, site, lecteur):
        if lecteur.anonyme:
            return []
        racine = adresses.url_site(site)
        entrees = [{"texte": "Mes données", "lien": f"{racine}/@@mes-donnees", "ordre": 95}]
        if lecteur.admin:
            entrees.append({"texte": "Durées de conservation", "lien": f"{racine}/@@durees-de-conservation", "ordre": 97})
        personne, annuaire = lecteur.personne, lecteur.annuaire
        if personne is None or annuaire is None:
            return entrees
        structures = [s for s in personne.rattachements if acces.est_direction(personne, s)]
        for structure in structures:
            fiche = annuaire.structures.get(structure)
            contenu = site.get(id_etablissement(fiche.uai)) if fiche is not None and fiche.uai else None
            if contenu is not None:
                texte = "Journal des accès" + (f" — {fiche.nom or fiche.uai}" if len(structures) > 1 else "")
                entrees.append({"texte": texte, "lien": f"{contenu.absolute_url()}/@@journal-acces", "ordre": 96})
        return entrees
