"""Logins last a working day, signed with a secret stored in the ZODB (shared by every instance)."""

import time

from plone.keyring.interfaces import IKeyManager
from plone.session import tktauth
from zope.component import getUtility

from cartable.policy.session import DUREE_SESSION
from cartable.policy.upgrades.v1001 import session_journee

HEURE = 3600


def ticket_age(plugin, secondes, userid="admin.region"):
    """A ticket as plone.session issues it at login, ``secondes`` ago."""
    emis = int(time.time()) - secondes
    return tktauth.createTicket(plugin._getSigningSecret(userid), userid, timestamp=emis)


def test_duree_reglee_par_le_profil(portal):
    plugin = portal.acl_users.session
    assert plugin.getProperty("timeout") == DUREE_SESSION == 10 * HEURE
    assert plugin.getProperty("refresh_interval") > 0  # the refresh view stays on


def test_ticket_valide_toute_la_journee(portal):
    plugin = portal.acl_users.session
    for heures in (0, 3, 9.9):  # 3 h: past plone.session's default of 2 h
        assert plugin._validateTicket(ticket_age(plugin, int(heures * HEURE))) is not None, heures
    assert plugin._validateTicket(ticket_age(plugin, 10 * HEURE + 60)) is None


def test_ticket_rafraichi_repart_pour_dix_heures(portal):
    plugin = portal.acl_users.session
    vieux = ticket_age(plugin, 9 * HEURE)
    _, userid, tokens, user_data, emis = plugin._validateTicket(vieux)
    neuf = tktauth.createTicket(plugin._getSigningSecret(userid), userid, tokens, user_data)
    dans_deux_heures = time.time() + 2 * HEURE
    assert plugin._validateTicket(vieux, now=dans_deux_heures) is None
    assert plugin._validateTicket(neuf, now=dans_deux_heures) is not None


def test_secret_dans_la_zodb(portal):
    """No per-process secret: tickets are checked against the site's persistent keyring."""
    plugin = portal.acl_users.session
    assert plugin._shared_secret is None
    assert plugin.getProperty("per_user_keyring") is False
    manager = getUtility(IKeyManager)
    assert portal.getSiteManager().queryUtility(IKeyManager) is manager  # the site's local utility
    assert manager["_system"]._p_jar is not None  # its keyring is a persistent object of the site's database
    assert plugin._getSigningSecret("admin.region") == manager.secret()


def test_etape_de_mise_a_jour(portal, setup_tool):
    plugin = portal.acl_users.session
    plugin.manage_changeProperties(timeout=2 * HEURE, refresh_interval=-1)
    session_journee(setup_tool)
    assert plugin.getProperty("timeout") == 10 * HEURE
    assert plugin.getProperty("refresh_interval") > 0
