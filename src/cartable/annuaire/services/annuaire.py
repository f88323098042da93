"""REST side of the directory pages; the same access model and the same data."""

from plone import api
from plone.restapi.services import Service

from cartable.annuaire import acces
from cartable.annuaire.browser.annuaire import LIBELLES_FONCTIONS, eleve_visible, fiche_division, fiche_eleve, profil
from cartable.annuaire.lecteur import Lecteur
from cartable.core.services.base import ServiceAvecChemin

MAX_RECHERCHE = 20


class EleveGet(ServiceAvecChemin):
    """GET @annuaire-eleve/<id>"""

    def reply(self):
        lecteur, eleve = eleve_visible(self.context, self.param() or None)
        return fiche_eleve(lecteur.annuaire, eleve)


class ClasseGet(Service):
    """GET @annuaire-classe on a class: roster and teachers."""

    def reply(self):
        lecteur = Lecteur(api.portal.get())
        structure = self.context.__parent__.jointure
        lecteur.exiger(lecteur.annuaire is not None and acces.voit_division(lecteur.annuaire, lecteur.personne, structure, self.context.code))
        return fiche_division(lecteur.annuaire, structure, self.context.genre, self.context.code)


class RechercheGet(Service):
    """GET @annuaire-recherche?q=[&type=eleve] on an establishment: its staff (or students) whose name starts so."""

    def reply(self):
        lecteur = Lecteur(api.portal.get())
        annuaire = lecteur.annuaire
        structure = self.context.jointure
        lecteur.exiger(annuaire is not None and acces.voit_etablissement(annuaire, lecteur.personne, structure))
        items = []
        eleves = self.request.form.get("type") == "eleve"  # students of this establishment, for its staff
        # prefix matches across the region, kept if they belong here; bounded work
        for ident in annuaire.chercher_nom(self.request.form.get("q", ""), limite=10 * MAX_RECHERCHE):
            personne = annuaire.personne(ident)
            if eleves and personne.categorie == "Eleve" and structure in personne.rattachements:
                classes = [c for s, c in personne.classes if s == structure]
                items.append({"id": ident, "nom_complet": personne.nom_complet, "fonctions": classes})
                if len(items) >= MAX_RECHERCHE:
                    break
            elif not eleves and acces.est_personnel(personne, structure):
                codes = sorted(acces.fonctions(personne, structure))
                items.append({"id": ident, "nom_complet": personne.nom_complet, "fonctions": [LIBELLES_FONCTIONS.get(c, c) for c in codes]})
                if len(items) >= MAX_RECHERCHE:
                    break
        return {"items": items}


class MonProfilGet(Service):
    """GET @mon-profil: the reader and, for a responsable, their children."""

    def reply(self):
        lecteur = Lecteur(self.context)
        lecteur.exiger(not lecteur.anonyme)
        return profil(self.context, lecteur)
