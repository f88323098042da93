from cartable.annuaire.browser.annuaire import LIBELLES_FONCTIONS
from cartable.annuaire.services.base import ServiceEtablissement
from cartable.regles import acces

MAX_RECHERCHE = 20


class RechercheGet(ServiceEtablissement):
    """GET @annuaire-recherche?q=[&type=eleve] on an establishment: its staff (or students) whose name starts so."""

    def repondre(self, lecteur, annuaire, structure):
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
