"""Course spaces created and kept in sync from the directory.

One space per (class or group, subject) a teacher of the establishment
teaches, inside its ``Classe``, with its cahier de textes. Membership is not
copied (``localroles`` asks the directory), so syncing only creates the
spaces that appear; a space whose teaching disappeared is kept (its content
and history stay readable), never deleted.
"""

from plone import api

from cartable.annuaire.contenu import id_division, id_etablissement
from cartable.annuaire.registre import normaliser
from cartable.core.periodique import lancer, tache_interne
from cartable.core.tasks import cartable_task
from cartable.pedagogie.content.espace import IEspaceCours
from cartable.pedagogie.evenements import en_masse

ID_CAHIER = "cahier-de-textes"
TACHE_SYNCHRONISATION = "cartable.pedagogie.espaces.synchroniser_espaces"


def espaces_attendus(annuaire, structure) -> dict:
    """{(genre, division, matière): libellé de la matière} taught in the establishment (its rosters' teachers)."""
    attendus = {}
    for genre in ("classe", "groupe"):
        for division in annuaire.divisions_de(structure, genre):
            for enseignant in annuaire.enseignants_de(structure, division):
                personne = annuaire.personne(enseignant)
                if personne is None or not personne.actif:
                    continue
                for s, d, matiere in personne.enseignements:
                    if s == structure and d == division and matiere:
                        attendus[(genre, division, matiere)] = libelle_matiere(annuaire, matiere)
    return attendus


def libelle_matiere(annuaire, code) -> str:
    enregistrement = annuaire.matieres.get(code)
    libelle = enregistrement.valeur("ENTLibelleMatiere") if enregistrement is not None else ""
    return libelle or code


def id_espace(libelle: str, code: str) -> str:
    return normaliser(libelle).replace(" ", "-") or f"matiere-{normaliser(code).replace(' ', '-')}"


def id_espace_bis(libelle: str, code: str) -> str:
    """The id of a space whose first id was taken in its Classe."""
    return f"{id_espace(libelle, code)}-{normaliser(code).replace(' ', '-')}"


def espace_de_division(classe, matiere):
    """The space of this subject in a Classe (by its subject code, whatever its id)."""
    for objet in classe.objectValues():
        if IEspaceCours.providedBy(objet) and objet.matiere == matiere:
            return objet
    return None


def creer_cahier(espace):
    if ID_CAHIER not in espace.objectIds():
        api.content.create(container=espace, type="CahierDeTextes", id=ID_CAHIER, title="Cahier de textes",
                           safe_id=False)


def creer_espace(classe, genre, division, matiere, libelle):
    """A new space for this subject in the Classe, with its cahier de textes."""
    identifiant = id_espace(libelle, matiere)
    if identifiant in classe.objectIds():
        identifiant = id_espace_bis(libelle, matiere)
    espace = api.content.create(
        container=classe, type="EspaceCours", id=identifiant, title=f"{division} — {libelle}",
        division=division, genre=genre, matiere=matiere, matiere_libelle=libelle, safe_id=False,
    )
    creer_cahier(espace)
    return espace


def synchroniser_etablissement(site, annuaire, structure) -> dict:
    """Create the missing spaces of one establishment; {"crees": n, "existants": n}."""
    fiche = annuaire.structures.get(structure)
    etablissement = site.get(id_etablissement(fiche.uai)) if fiche is not None else None
    compte = {"crees": 0, "existants": 0}
    if etablissement is None:
        return compte
    for (genre, division, matiere), libelle in sorted(espaces_attendus(annuaire, structure).items()):
        classe = etablissement.get(id_division(genre, division))
        if classe is None:
            continue
        espace = espace_de_division(classe, matiere)
        if espace is not None:
            compte["existants"] += 1
            creer_cahier(espace)
            continue
        creer_espace(classe, genre, division, matiere, libelle)
        compte["crees"] += 1
    return compte


def synchroniser(site, annuaire, progression=None) -> dict:
    total = {"crees": 0, "existants": 0}
    structures = list(annuaire.structures.keys())
    for rang, structure in enumerate(structures, 1):
        compte = synchroniser_etablissement(site, annuaire, structure)
        total = {k: total[k] + compte[k] for k in total}
        if progression is not None:
            progression(rang, len(structures), f"Espaces de cours : {rang}/{len(structures)} établissements")
    return total


@tache_interne("Synchroniser les espaces de cours avec l'annuaire")
@cartable_task(title="Synchroniser les espaces de cours avec l'annuaire", reprise=True)
def synchroniser_espaces(site, progress):
    """Background task (after a directory import): safe to run again, it only creates what is missing.

    Queued by ``apres_import`` as an internal task (the technical user of
    cartable.core.periodique: a command-line import has no user to run it as).
    """
    from cartable.annuaire.stockage import lire_annuaire

    annuaire = lire_annuaire(site)
    if annuaire is None:
        return {"crees": 0, "existants": 0}
    with api.env.adopt_roles(["Manager"]):
        return synchroniser(site, annuaire, progress)


def apres_import(event):
    """IAnnuaireImporte: new teachings get their space, in the background, once the import commits."""
    if en_masse():
        return None  # the demo creates its spaces itself, right after
    return lancer(TACHE_SYNCHRONISATION, event.site.getPhysicalPath())
