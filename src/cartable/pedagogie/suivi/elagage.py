"""The pedagogy's idempotency stores, for the daily pruning of ``cartable.core.elagage``.

The cahiers de textes (one per course space), the students' ticks (one per
site) and the free spaces (one per establishment). A Rendu's and a Devoir's
stores hold only the replays of one hand-in or one marking table: they stay.
"""

from Acquisition import aq_base
from plone import api
from zope.annotation.interfaces import IAnnotations

from cartable.annuaire.contenu import etablissements
from cartable.pedagogie.agenda.stockage import lire_faits
from cartable.pedagogie.espaces import ID_CAHIER
from cartable.pedagogie.suivi.espaces_libres import CLE_REPONSES


def magasins(site):
    faits = lire_faits(site)
    yield getattr(faits, "reponses", None)
    for etablissement in etablissements(site):
        yield IAnnotations(etablissement).get(CLE_REPONSES)
    for marque in api.portal.get_tool("portal_catalog").unrestrictedSearchResults(portal_type="EspaceCours"):
        cahier = marque._unrestrictedGetObject().get(ID_CAHIER)
        yield getattr(aq_base(cahier), "reponses", None) if cahier is not None else None
