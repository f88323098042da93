"""1000 → 1001: the per-student index of marks (``VieScolaire.marques_eleves``), built from the registers of
every establishment that has a vie scolaire. Idempotent: an index already there is rebuilt the same."""

import logging

from Acquisition import aq_inner, aq_parent
from plone import api

from cartable.viescolaire.stockage import lire_vie_scolaire

logger = logging.getLogger("cartable.viescolaire")


def marques_eleves(setup_tool):
    site = aq_parent(aq_inner(setup_tool))
    catalogue = api.portal.get_tool("portal_catalog")
    for marque in catalogue.unrestrictedSearchResults(portal_type="Etablissement"):
        vs = lire_vie_scolaire(marque._unrestrictedGetObject())
        if vs is not None:
            vs.indexer_marques()
            logger.info("marques par élève indexées : %s (%d élèves)", marque.getPath(), len(vs.marques_eleves))
    return site
