"""1001 → 1002: each (period, class) gets the ``Horodatage`` of its last appreciation, general appreciation or
decision, read once from the fiches, so that the direction's bulletins block reads one key per class instead
of every fiche of the period (cartable.notes.bureau.derniere_modification). Idempotent: a carnet that has
its horodatages is left as it is."""

import logging

from BTrees.OOBTree import OOBTree
from plone import api

from cartable.notes.registre import Horodatage
from cartable.notes.stockage import lire_carnet

logger = logging.getLogger("cartable.notes")


def horodatages(carnet) -> int:
    """Build one carnet's horodatages; how many (period, class) got one."""
    if carnet.modifications is not None:
        return 0
    modifications = OOBTree()
    for arbre in (carnet.appreciations, carnet.appreciations_generales, carnet.decisions):
        for cle, fiche in arbre.items():
            division, le = fiche.get("division"), fiche.get("le")
            if division and le:
                horodatage = modifications.get((cle[0], division))
                if horodatage is None:
                    horodatage = modifications[(cle[0], division)] = Horodatage()
                horodatage.noter(le)
    carnet.modifications = modifications
    return len(modifications)


def horodatages_par_classe(setup_tool):
    catalogue = api.portal.get_tool("portal_catalog")
    for marque in catalogue.unrestrictedSearchResults(portal_type="Etablissement"):
        carnet = lire_carnet(marque._unrestrictedGetObject())
        if carnet is not None:
            logger.info("horodatages par classe : %s (%d)", marque.getPath(), horodatages(carnet))
