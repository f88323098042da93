"""1003 → 1004: the students' hand-ins in the agenda index (``IndexAgenda.remises``, ``a_corriger``) and each published
Devoir's due instant on its work item (``Travail.echeance``): Mon bureau and the agenda read them instead of
opening every Devoir and Rendu. Idempotent."""

import logging

from BTrees.OOBTree import OOBTree
from plone import api

from cartable.pedagogie.agenda.index import reindexer_devoir
from cartable.pedagogie.agenda.stockage import lire_index
from cartable.pedagogie.devoirs.correction import rendus_du_devoir
from cartable.pedagogie.devoirs.remises import ecrire

logger = logging.getLogger("cartable.pedagogie")


def remises(setup_tool):
    catalogue = api.portal.get_tool("portal_catalog")
    for marque in catalogue.unrestrictedSearchResults(portal_type="Etablissement"):
        index = lire_index(marque._unrestrictedGetObject())
        if index is not None:
            index.remises, index.a_corriger = OOBTree(), OOBTree()
    workflow = api.portal.get_tool("portal_workflow")
    nombre = 0
    for marque in catalogue.unrestrictedSearchResults(portal_type="Devoir"):
        devoir = marque._unrestrictedGetObject()
        reindexer_devoir(devoir)
        for eleve in {r.eleve for r in rendus_du_devoir(devoir)} | set(devoir.prolongations_de()):
            ecrire(devoir, eleve, workflow)
            nombre += 1
    logger.info("remises des élèves indexées : %d", nombre)
