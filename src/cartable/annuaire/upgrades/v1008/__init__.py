"""1007 → 1008: the class lists (names without the records) built from the students' records."""

import logging

from Acquisition import aq_inner, aq_parent

from cartable.annuaire.stockage import lire_annuaire

logger = logging.getLogger("cartable.annuaire")


def listes_de_classe(setup_tool):
    annuaire = lire_annuaire(aq_parent(aq_inner(setup_tool)))
    if annuaire is not None:  # a site with no directory yet gets its lists from its first import
        # the records woken are only read: the cache may drop them as it goes (10⁶ people would not fit)
        logger.info("listes de classe : %d inscriptions indexées", annuaire.indexer_listes(pause=annuaire._p_jar.cacheGC))
