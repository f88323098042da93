"""The directory's part of Mon bureau: who the person is, their children, the region for its administrator.

Blocks read the directory's records (BTrees), never the content objects.
"""

from zope.interface import implementer

from cartable.annuaire.contenu import id_etablissement
from cartable.core import adresses, conflits, tasks
from cartable.core.bureau import IBlocBureau, IEntreesMenu
from cartable.regles import acces
from cartable.regles.bureau import bloc, lien, ligne

CATEGORIES = (("Eleve", "élèves"), ("PersRelEleve", "responsables"), ("PersEducNat", "personnels"))


def url_etablissement(site, annuaire, structure):
    fiche = annuaire.structures.get(structure)
    return f"{adresses.url_site(site)}/{id_etablissement(fiche.uai)}" if fiche is not None and fiche.uai else None


def nom_etablissement(annuaire, structure):
    fiche = annuaire.structures.get(structure)
    return (fiche.nom or fiche.uai) if fiche is not None else structure


def etablissements_du_personnel(personne):
    """The establishments where a member of staff has a function or is attached, in a stable order."""
    if personne is None or personne.categorie != "PersEducNat":
        return []
    vus = [s for s, _, _ in personne.fonctions] + list(personne.rattachements)
    return list(dict.fromkeys(vus))


@implementer(IBlocBureau)
class MesEnfants:
    """A responsable's children, each with their class and establishment: the page's first card."""

    ordre = 5

    def blocs(self, site, lecteur):
        personne = lecteur.personne
        if personne is None or personne.categorie != "PersRelEleve":
            return []
        lignes = []
        for enfant in acces.enfants_visibles(lecteur.annuaire, personne):
            classes = ", ".join(c for _, c in enfant.classes)
            etablissements = ", ".join(nom_etablissement(lecteur.annuaire, s) for s in enfant.rattachements)
            lignes.append(ligne(enfant.nom_complet, " — ".join(x for x in (classes, etablissements) if x),
                                f"{adresses.url_site(site)}/@@eleve/{enfant.id}"))
        return [bloc("Mes enfants", lignes,
                     "Aucun enfant n'est rattaché à votre compte : adressez-vous au secrétariat de l'établissement.",
                     liens=[lien("Mon profil", f"{adresses.url_site(site)}/@@mon-profil")])]


@implementer(IBlocBureau)
class Region:
    """The regional administrator: the establishments, the directory import, the state of the service."""

    ordre = 1

    def blocs(self, site, lecteur):
        if not lecteur.admin:
            return []
        annuaire = lecteur.annuaire
        # a region has hundreds of establishments (len of that tree is cheap) and 10⁶ people: their
        # count comes from the Length counters the import keeps, never from a walk
        nombre = len(annuaire.structures) if annuaire is not None else 0
        effectifs = {c: n() for c, n in annuaire.effectifs.items()} if annuaire is not None else {}
        detail = ", ".join(f"{effectifs.get(c, 0)} {mot}" for c, mot in CATEGORIES)
        lignes = [ligne(f"{nombre} établissement{'s' if nombre > 1 else ''} dans l'annuaire", f"Comptes actifs : {detail}",
                        etat="info")]
        try:
            profondeur = tasks.get_huey().pending_count()
            file = f"{profondeur} tâche{'s' if profondeur > 1 else ''} en attente"
            etat = "alerte" if profondeur > 100 else "info"
        except Exception:  # the queue being down is what the administrator must see
            file, etat = "La file des tâches ne répond pas", "alerte"
        lignes.append(ligne(file, etat=etat))
        nombre_conflits = conflits.lire()["retried"]
        lignes.append(ligne(f"{nombre_conflits} conflit{'s' if nombre_conflits > 1 else ''} d'écriture rejoué"
                            f"{'s' if nombre_conflits > 1 else ''} depuis le démarrage",
                            etat="alerte" if nombre_conflits > 50 else "info"))
        return [bloc("La région", lignes, "",
                     liens=[lien("Importer l'annuaire", f"{adresses.url_site(site)}/@@import-annuaire"),
                            lien("Configuration du site", f"{adresses.url_site(site)}/@@overview-controlpanel")])]


@implementer(IEntreesMenu)
class Menu:
    def entrees(self, site, lecteur):
        if lecteur.anonyme:
            return []
        racine = adresses.url_site(site)
        entrees = [{"texte": "Mon bureau", "lien": racine, "ordre": 0}]
        if lecteur.personne is not None:
            entrees.append({"texte": "Mon profil", "lien": f"{racine}/@@mon-profil", "ordre": 90})
        for structure in etablissements_du_personnel(lecteur.personne):
            url = url_etablissement(site, lecteur.annuaire, structure)
            if url and acces.voit_etablissement(lecteur.annuaire, lecteur.personne, structure):
                entrees.append({"texte": f"Annuaire — {nom_etablissement(lecteur.annuaire, structure)}",
                                "lien": f"{url}/@@annuaire", "ordre": 80})
        if lecteur.admin:
            entrees.append({"texte": "Importer l'annuaire", "lien": f"{racine}/@@import-annuaire", "ordre": 85})
        return entrees
