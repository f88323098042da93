"""The establishment's part of Mon bureau: its latest news for everybody in it, « À publier » for its editors,
the menu entries of its editors and direction (cartable.core.bureau).

One catalog query per establishment of the person (a few items each, sort_limit), brains only: no content
object woken per item, no write; the published news, the same for everyone there, are kept in RAM until the
catalog changes (actualites.lignes_publiees).
"""

from zope.interface import implementer

from cartable.annuaire.bureau.blocs import etablissements_du_personnel, nom_etablissement, url_etablissement
from cartable.annuaire.contenu import id_etablissement
from cartable.core import adresses
from cartable.core.bureau import IBlocBureau, IEntreesMenu
from cartable.etablissement import actualites, editeurs
from cartable.regles import acces
from cartable.regles import editeurs as regles
from cartable.regles.bureau import bloc, lien, ligne

PLUS = 3  # establishments shown at most (a person has one or two)


def structures_de(annuaire, personne):
    """The establishments a person belongs to: staff, a student's, a parent's children's."""
    if personne is None:
        return []
    if personne.categorie == "PersEducNat":
        return etablissements_du_personnel(personne)
    if personne.categorie == "Eleve":
        return list(dict.fromkeys(list(personne.rattachements) + [s for s, _ in personne.classes]))
    if personne.categorie == "PersRelEleve":
        vus = []
        for enfant in acces.enfants_visibles(annuaire, personne):
            vus += list(enfant.rattachements) + [s for s, _ in enfant.classes]
        return list(dict.fromkeys(vus))
    return []


def etablissement_objet(site, annuaire, structure):
    fiche = annuaire.structures.get(structure)
    return site.get(id_etablissement(fiche.uai)) if fiche is not None and fiche.uai else None


@implementer(IBlocBureau)
class Actualites:
    """« Actualités de l'établissement »: its latest published news, one block per establishment."""

    ordre = 70

    def blocs(self, site, lecteur):
        annuaire = lecteur.annuaire
        if lecteur.personne is None or annuaire is None:
            return []
        resultat = []
        for structure in structures_de(annuaire, lecteur.personne)[:PLUS]:
            etablissement = etablissement_objet(site, annuaire, structure)
            if etablissement is None:
                continue
            lignes = [ligne(n["titre"], n["date"], n["lien"]) for n in actualites.lignes_publiees(etablissement)]
            resultat.append(bloc("Actualités de l'établissement", lignes, "Aucune actualité publiée pour l'instant.",
                                 sous_titre=nom_etablissement(annuaire, structure),
                                 liens=[lien("Page d'accueil de l'établissement", f"{adresses.url(site, etablissement)}/@@accueil")]))
        return resultat


@implementer(IBlocBureau)
class APublier:
    """« À publier »: what teachers and editors proposed, for the editors and the direction."""

    ordre = 71

    def blocs(self, site, lecteur):
        annuaire, personne = lecteur.annuaire, lecteur.personne
        if personne is None or annuaire is None or personne.categorie != "PersEducNat":
            return []
        resultat = []
        for structure in etablissements_du_personnel(personne)[:PLUS]:
            etablissement = etablissement_objet(site, annuaire, structure)
            if etablissement is None or not regles.est_editeur(personne, structure, editeurs.lire(etablissement)):
                continue
            lignes = [ligne(n["titre"], f"Proposé le {n['date']}" if n["date"] else None, n["lien"], "a_faire", "À publier")
                      for n in map(lambda b: actualites.ligne(b, "modified"), actualites.a_publier(etablissement, limite=5))]
            url = adresses.url(site, etablissement)
            resultat.append(bloc("À publier", lignes, "Rien n'attend de publication.",
                                 sous_titre=nom_etablissement(annuaire, structure),
                                 liens=[lien("Écrire une actualité", f"{url}/++add++News Item"),
                                        lien("Espaces libres", f"{url}/@@espaces-libres-gestion")]))
        return resultat


@implementer(IEntreesMenu)
class Menu:
    """« Éditeurs » for the direction; « Espaces libres » and the home page for editors."""

    def entrees(self, site, lecteur):
        annuaire, personne = lecteur.annuaire, lecteur.personne
        if personne is None or annuaire is None or personne.categorie != "PersEducNat":
            return []
        structures = etablissements_du_personnel(personne)
        entrees = []
        for structure in structures:
            url = url_etablissement(site, annuaire, structure)
            if url is None:
                continue
            nom = f" — {nom_etablissement(annuaire, structure)}" if len(structures) > 1 else ""
            if regles.peut_nommer(personne, structure, False):
                entrees.append({"texte": f"Éditeurs de l'établissement{nom}", "lien": f"{url}/@@editeurs", "ordre": 75})
            etablissement = etablissement_objet(site, annuaire, structure)
            if etablissement is not None and regles.est_editeur(personne, structure, editeurs.lire(etablissement)):
                entrees.append({"texte": f"Espaces libres{nom}", "lien": f"{url}/@@espaces-libres-gestion", "ordre": 76})
                entrees.append({"texte": f"Actualités{nom}", "lien": f"{url}/@@accueil", "ordre": 77})
        return entrees
