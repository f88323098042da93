"""1000 → 1001: appreciations, general appreciations and council decisions become one fiche per student
(``cartable.notes.registre.Fiche`` in a ``Fiches`` tree), each with its own journal, moved there from the
carnet's; the grid's answers get their per-person trees. Idempotent: a carnet already moved is left as it is,
and journal lines are moved once."""

import logging

from BTrees.OOBTree import OOBTree
from plone import api

from cartable.notes.registre import Fiche, Fiches
from cartable.notes.stockage import lire_carnet

logger = logging.getLogger("cartable.notes")

ARBRES = {"appreciation": "appreciations", "appreciation_generale": "appreciations_generales", "decision": "decisions"}


def fiches(carnet) -> dict:
    """Move one carnet; the count of fiches and journal lines moved."""
    compte = {"fiches": 0, "journal": 0}
    for attribut in ARBRES.values():
        arbre = getattr(carnet, attribut)
        if not isinstance(arbre, Fiches):
            nouvel = Fiches()
            for cle, valeur in arbre.items():
                nouvel[cle] = valeur if isinstance(valeur, Fiche) else Fiche(valeur)
                compte["fiches"] += 1
            setattr(carnet, attribut, nouvel)
    for genre, attribut in ARBRES.items():
        arbre = getattr(carnet, attribut)
        lignes = []
        for cle_journal, ligne in carnet.journal.items(min=(genre,)):  # (genre, clé, le, ns): one range per genre
            if cle_journal[0] != genre:
                break
            lignes.append((cle_journal, ligne))
        for (_, cle, le, ns), ligne in lignes:
            fiche = arbre.get(cle)
            if fiche is None:  # erased (an appreciation was deleted then): its journal is kept all the same
                fiche = arbre[cle] = Fiche()
            if fiche.journal is None:
                fiche.journal = OOBTree()
            fiche.journal[(le, ns)] = ligne
            del carnet.journal[(genre, cle, le, ns)]
            compte["journal"] += 1
    if getattr(carnet, "reponses_par_login", None) is None:
        carnet.reponses_par_login = OOBTree()
    return compte


def fiches_par_eleve(setup_tool):
    catalogue = api.portal.get_tool("portal_catalog")
    for marque in catalogue.unrestrictedSearchResults(portal_type="Etablissement"):
        carnet = lire_carnet(marque._unrestrictedGetObject())
        if carnet is not None:
            compte = fiches(carnet)
            logger.info("fiches par élève : %s (%d fiches, %d lignes de journal)", marque.getPath(), compte["fiches"],
                        compte["journal"])
