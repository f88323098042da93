"""Who the editors of an establishment are: directory ids kept on the establishment (an annotation).

Nothing else is stored: the local role « Éditeur d'établissement » follows this list at each check
(cartable.etablissement.localroles), so naming or removing an editor never touches @sharing.
"""

from BTrees.OOBTree import OOBTree, OOTreeSet
from zope.annotation.interfaces import IAnnotations

from cartable.annuaire.contenu import etablissements
from cartable.core.annotations import lire_annotation

CLE_EDITEURS = "cartable.etablissement.editeurs"
CLE_REPONSES = "cartable.etablissement.reponses"


def lire(etablissement) -> frozenset:
    """The directory ids of its editors (never writes)."""
    editeurs = lire_annotation(etablissement, CLE_EDITEURS)
    return frozenset(editeurs) if editeurs is not None else frozenset()


def nommer(etablissement, ident) -> bool:
    """True when ``ident`` was not an editor yet."""
    annotations = IAnnotations(etablissement)
    if CLE_EDITEURS not in annotations:
        annotations[CLE_EDITEURS] = OOTreeSet()
    return bool(annotations[CLE_EDITEURS].insert(ident))


def retirer(etablissement, ident) -> bool:
    """True when ``ident`` was an editor."""
    editeurs = IAnnotations(etablissement).get(CLE_EDITEURS)
    if editeurs is None or ident not in editeurs:
        return False
    editeurs.remove(ident)
    return True


def reponses(etablissement, creer=False):
    """The idempotency store of @editeurs on this establishment (None until the first keyed write)."""
    annotations = IAnnotations(etablissement)
    if creer and CLE_REPONSES not in annotations:
        annotations[CLE_REPONSES] = OOBTree()
    return annotations.get(CLE_REPONSES)


def magasins(site):
    """Every establishment's store, pruned by the periodic tour (cartable.core.elagage)."""
    for etablissement in etablissements(site):
        yield IAnnotations(etablissement).get(CLE_REPONSES)


def fiche(annuaire, ident):
    """{"id", "nom"}: the name the directory knows (the id only when the person is gone)."""
    personne = annuaire.personne(ident) if annuaire is not None else None
    return {"id": ident, "nom": personne.nom_complet if personne is not None else "Compte supprimé de l'annuaire"}


def candidats(annuaire, structure, deja):
    """The establishment's staff who are not editors yet, by name: [{"id", "nom", "fonctions"}]."""
    fonctions = {}
    for code, ids in annuaire.personnel_de(structure).items():
        for ident in ids:
            fonctions.setdefault(ident, set()).add(code)
    for ident in annuaire.rattaches.get(structure, ()):
        fonctions.setdefault(ident, set())
    resultat = []
    for ident, codes in fonctions.items():
        personne = annuaire.personne(ident)
        if ident in deja or personne is None or not personne.actif or personne.categorie != "PersEducNat":
            continue
        libelles = sorted({libelle for s, code, libelle in personne.fonctions if s == structure and libelle})
        resultat.append({"id": ident, "nom": personne.nom_complet, "fonctions": ", ".join(libelles).lower()})
    return sorted(resultat, key=lambda f: f["nom"])
