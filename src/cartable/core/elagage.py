"""The daily pruning of the idempotency stores (``cartable.core.idempotence``), in the periodic tour.

Core does not know where the features keep their stores: each feature
registers a named ``IMagasinsDeReponses`` utility, a callable ``(site)`` that
yields its stores; the tour prunes every one of them.
"""

from zope.component import getUtilitiesFor
from zope.interface import Interface

from cartable.core import idempotence
from cartable.core.periodique import Quotidien, TachePeriodique

HEURE_ELAGAGE = "cartable.core.heure_elagage"  # a registry record, if a site wants another hour


class IMagasinsDeReponses(Interface):
    """A callable (site) → the idempotency stores (OOBTree or None) of one feature."""


def elaguer_les_magasins(site, progress, maintenant):
    bilan = {}
    for nom, trouver in sorted(getUtilitiesFor(IMagasinsDeReponses)):
        bilan[nom] = sum(idempotence.elaguer(magasin) for magasin in trouver(site))
    return bilan


ELAGAGE = TachePeriodique("cartable.core.elagage_idempotence", "Élagage des réponses rejouables",
                          elaguer_les_magasins, Quotidien(HEURE_ELAGAGE, "03:30"))
