"""plone.protect's keyrings rotated by the nightly tour (annuaire/trousseaux.py), ahead of plone.protect's own
rotation at a login: each ring that would be due within the advance, the site's and the Zope root's."""

from datetime import datetime, timedelta, timezone

from plone.keyring.interfaces import IKeyManager
from plone.protect.utils import getRootKeyManager
from zope.component import getUtility

from cartable.annuaire.trousseaux import AVANCE, ROTATION, tourner_les_trousseaux
from cartable.core.periodique import taches_enregistrees

NUIT = datetime(2026, 11, 17, 2, 15, tzinfo=timezone.utc)  # 03:15 in Paris
JOUR = timedelta(days=1).total_seconds()


def cles(manager):
    return {nom: anneau.current for nom, anneau in manager.items()}


def test_the_tour_rotates_the_rings_a_login_would_rotate(portal):
    assert taches_enregistrees()[ROTATION.nom] is ROTATION
    site = getUtility(IKeyManager)
    racine = getRootKeyManager(portal.getPhysicalRoot())
    instant = NUIT.timestamp()
    # the site's: _forms (daily) due within the advance, _anon rotated an hour ago, _system (weekly) 6 days ago
    site["_forms"].last_rotation = instant - JOUR + AVANCE / 2
    site["_anon"].last_rotation = instant - 3600
    site["_system"].last_rotation = instant - 6 * JOUR
    for anneau in racine.values():
        anneau.last_rotation = 0  # never rotated, as on a new site
    avant_site, avant_racine = cles(site), cles(racine)
    assert tourner_les_trousseaux(portal, None, NUIT) == {"site": ["_forms"], "racine": ["_system", "_forms", "_anon"]}
    apres_site, apres_racine = cles(site), cles(racine)
    assert [nom for nom in avant_site if apres_site[nom] != avant_site[nom]] == ["_forms"]
    assert all(apres_racine[nom] != avant_racine[nom] for nom in avant_racine)


def test_the_rings_and_periods_are_plone_protect_s():
    """Cartable's copy of plone.protect's rotation schedule (a private name there) is the same: a new
    plone.protect that changes it fails here, not silently at 8:00."""
    from plone.protect.subscribers import _ring_rotation_schedules

    from cartable.annuaire.trousseaux import ROTATIONS

    assert tuple(ROTATIONS) == tuple(_ring_rotation_schedules)
