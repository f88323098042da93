"""A login writes nothing shared (issue 19, the 8:00 peak): neither the login form nor ``POST @login``.

Plone wrote ``login_time`` into ``mutable_properties`` and re-registered the member in
``portal_memberdata._members`` at every login, and plone.restapi inserted a person's first token into one
BTree of every account: BTrees shared by every login, whose conflicts answered 500 past Zope's retries at
20 logins/s. What each login commits is read from the storage (the transactions after the one before it).
"""

import time

import requests
import transaction
from BTrees.OIBTree import OIBTree
from BTrees.OOBTree import OOBTree
from plone.keyring.interfaces import IKeyManager
from plone.protect.utils import getRootKeyManager
from ZODB.utils import get_pickle_metadata, oid_repr, p64, u64
from zope.component import getUtility
from zope.component.hooks import setSite

from cartable.annuaire import jetons as module_jetons
from cartable.annuaire.pas import CONNEXION_NON_NOTEE
from cartable.annuaire.stockage import lire_annuaire
from cartable.testing import PASSWORD
from tests.integration.requetes import JSON
from tests.integration.test_connexion_page import connecter


def ecrits(db, depuis):
    """{oid: class} of every object the transactions committed after tid ``depuis`` wrote."""
    objets = {}
    for txn in db.storage.iterator(p64(u64(depuis) + 1)):
        objets.update({r.oid: ".".join(get_pickle_metadata(r.data)) for r in txn if r.data})
    return objets


def lisibles(objets):
    return sorted(f"{oid_repr(oid)} {classe}" for oid, classe in objets.items())


def rotations_faites(portal):
    """plone.protect rotates its keyrings at the first login of the day (once: a retry finds them rotated):
    marked done here, so that what remains is what every login writes."""
    setSite(portal)
    for manager in (getUtility(IKeyManager), getRootKeyManager(portal.getPhysicalRoot())):
        for anneau in manager.values():
            anneau.last_rotation = time.time()
    transaction.commit()


def test_the_login_form_writes_nothing(site, functional_demo):
    db, portal = functional_demo["zodbDB"], functional_demo["portal"]
    rotations_faites(portal)
    login = site["logins"]["enseignant"]
    for _ in range(2):  # the first login of the person, then another
        avant = db.storage.lastTransaction()
        reponse = connecter(requests.Session(), site, login, PASSWORD)
        assert reponse.status_code == 302 and reponse.headers["Location"] == site["url"]
        assert lisibles(ecrits(db, avant)) == []


def test_rest_login_writes_only_the_persons_own_objects(site, functional_demo):
    db, portal = functional_demo["zodbDB"], functional_demo["portal"]
    rotations_faites(portal)
    login = site["logins"]["parent"]
    avant = db.storage.lastTransaction()
    reponse = requests.post(f"{site['url']}/@login", json={"login": login, "password": PASSWORD}, headers=JSON, timeout=60)
    assert reponse.status_code == 200, reponse.text
    transaction.begin()
    personne = lire_annuaire(portal).par_login(login)
    jetons = getattr(personne, "jetons_rest", None)  # its first token: its own record and its own OIBTree, nothing else
    siens = {personne._p_oid: "cartable.annuaire.registre.Personne"}
    siens.update({jetons._p_oid: "BTrees.OIBTree.OIBTree"} if jetons is not None else {})
    assert lisibles(ecrits(db, avant)) == lisibles(siens)
    assert reponse.json()["token"] in jetons
    avant = db.storage.lastTransaction()
    autre = requests.post(f"{site['url']}/@login", json={"login": login, "password": PASSWORD}, headers=JSON, timeout=60)
    assert autre.status_code == 200
    assert set(ecrits(db, avant)) <= {jetons._p_oid}  # the next ones: its token set only
    # the token works and is the person's (plone.restapi's plugin reads it from the record)
    bureau = requests.get(f"{site['url']}/@bureau", headers={**JSON, "Authorization": f"Bearer {reponse.json()['token']}"}, timeout=60)
    assert bureau.status_code == 200


def test_plones_login_times_are_answered_never_stored(site, functional_demo):
    portal = functional_demo["portal"]
    login = site["logins"]["enseignant"]
    assert connecter(requests.Session(), site, login, PASSWORD).status_code == 302
    transaction.begin()
    setSite(portal)
    membre = portal.portal_membership.getMemberById(login)
    assert membre.getProperty("login_time") == membre.getProperty("last_login_time") == CONNEXION_NON_NOTEE
    assert login not in portal.acl_users.mutable_properties._storage
    assert login not in portal.portal_memberdata._members


def test_the_upgrade_moves_kept_tokens_to_their_person(integration_demo):
    """1006 → 1007: tokens kept in plone.restapi's one BTree move to the person's record (the same
    OIBTree, still valid); a user the directory does not know keeps theirs in the structure's BTree."""
    portal = integration_demo["portal"]
    annuaire = lire_annuaire(portal)
    personne = next(p for p in annuaire.personnes.values() if p.login)
    plugin = portal.acl_users.jwt_auth
    siens, admin = OIBTree({"jeton-a": 1}), OIBTree({"jeton-b": 2})
    plugin._tokens = OOBTree({personne.login: siens, "admin.region": admin})
    setup_tool = portal.portal_setup
    setup_tool.setLastVersionForProfile("cartable.annuaire:default", "1006")
    setup_tool.upgradeProfile("cartable.annuaire:default")
    assert setup_tool.getLastVersionForProfile("cartable.annuaire:default") == ("1008",)
    assert isinstance(plugin._tokens, module_jetons.JetonsParPersonne) and plugin.store_tokens
    assert personne.jetons_rest is siens and plugin._tokens.autres["admin.region"] is admin
    assert "jeton-a" in plugin._tokens[personne.login] and "jeton-b" in plugin._tokens["admin.region"]
    assert module_jetons.revoquer(portal, personne.login) == 1 and personne.login not in plugin._tokens
    assert personne.jetons_rest is None
