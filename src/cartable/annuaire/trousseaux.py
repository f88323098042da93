"""plone.protect's keyrings rotated at night, in the periodic tour, so that no login rotates them (issue 19).

plone.protect rotates its keyrings (``_forms`` and ``_anon`` daily, ``_system`` weekly; the site's and the
Zope root's) in its ``IUserLoggedInEvent`` subscriber: the first login after the period writes them, and
on the first login of a site ever it creates the root's key manager (a write of the Zope root). Logins
arriving together then all write the same objects and conflict (retried once: the retry finds them
rotated); that first login of the day drifts into the 8:00 peak. Here the tour rotates each ring a little
before plone.protect would (``AVANCE``), at night: at the peak every ring is younger than its period and
a login writes nothing. Without the worker, plone.protect still rotates them at a login, as before.
"""

from plone.keyring.interfaces import IKeyManager
from plone.protect.utils import getRoot, getRootKeyManager
from zope.component import queryUtility

from cartable.core.periodique import Quotidien, TachePeriodique

HEURE_ROTATION = "cartable.annuaire.heure_rotation_trousseaux"  # a registry record, if a site wants another hour
AVANCE = 3 * 3600  # seconds before plone.protect's own due time (the next night's tour is a day later, ± a few minutes)
# (ring, period in seconds) as plone.protect rotates them at a login (its private _ring_rotation_schedules;
# tests/integration/test_trousseaux.py checks they are the same)
ROTATIONS = (("_system", 7 * 24 * 3600), ("_forms", 24 * 3600), ("_anon", 24 * 3600))


def anneaux_dus(manager, instant: float) -> list:
    """Names of the rings of ``manager`` that plone.protect would rotate within ``AVANCE`` of ``instant``."""
    dus = []
    for nom, periode in ROTATIONS:
        anneau = manager.get(nom) if manager is not None else None
        if anneau is not None and anneau.last_rotation + periode - AVANCE < instant:
            dus.append(nom)
    return dus


def tourner_les_trousseaux(site, progress, maintenant):
    """The site's rings and the Zope root's that are due (the root's key manager created if missing)."""
    instant = maintenant.timestamp()
    bilan = {}
    racine = getRoot(site)
    for ou, manager in (("site", queryUtility(IKeyManager, context=site)), ("racine", getRootKeyManager(racine))):
        bilan[ou] = anneaux_dus(manager, instant)
        for nom in bilan[ou]:
            manager[nom].rotate()
    return bilan


ROTATION = TachePeriodique("cartable.annuaire.rotation_trousseaux", "Rotation des trousseaux de clés (plone.protect)",
                           tourner_les_trousseaux, Quotidien(HEURE_ROTATION, "03:15"))
