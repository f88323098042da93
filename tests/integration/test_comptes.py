"""Directory accounts: activation, the Plone login form, REST @login, throttling, lookups."""

import pytest
import requests
import transaction
from plone import api

from cartable.annuaire import import_aaf
from cartable.annuaire.stockage import lire_annuaire
from tests.unit.annuaire.test_importation import full_set

JSON = {"Accept": "application/json"}


@pytest.fixture
def site(functional, tmp_path):
    portal = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        rapport = import_aaf.importer_dossier(portal, full_set(tmp_path / "aaf"))
    assert rapport.rejets == []
    transaction.commit()
    url = f"http://{functional['host']}:{functional['port']}/plone"
    return portal, url


def code_of(portal, login):
    transaction.begin()
    return lire_annuaire(portal).par_login(login).code_activation


def rest_login(url, login, password):
    return requests.post(f"{url}/@login", json={"login": login, "password": password}, headers=JSON, timeout=30)


def activate(url, login, code, password="un-bon-mot-de-passe"):
    return requests.post(
        f"{url}/@activation", json={"login": login, "code": code, "new_password": password}, headers=JSON, timeout=30
    )


def test_account_needs_activation_then_logs_in(site):
    portal, url = site
    assert rest_login(url, "lea.durand", "anything-at-all").status_code == 401
    code = code_of(portal, "lea.durand")
    assert len(code) == 10
    wrong = activate(url, "lea.durand", "ABCDEFGHJK")
    assert wrong.status_code == 400
    assert wrong.json()["error"]["message"].startswith("Identifiant ou code d'activation incorrect")
    short = activate(url, "lea.durand", code, password="court")
    assert short.json()["error"]["message"] == "Le mot de passe doit faire au moins 8 caractères."
    done = activate(url, "lea.durand", code.lower())  # typed in lower case from the letter
    assert done.status_code == 200 and done.json() == {"login": "lea.durand", "activated": True}
    assert code_of(portal, "lea.durand") is None  # forgotten once used
    assert activate(url, "lea.durand", code).status_code == 400  # a code works once
    token = rest_login(url, "lea.durand", "un-bon-mot-de-passe")
    assert token.status_code == 200 and token.json()["token"]
    assert rest_login(url, "Lea.Durand ", "un-bon-mot-de-passe").status_code == 200  # as a phone types it
    me = requests.get(f"{url}/@users/lea.durand", headers={**JSON, "Authorization": f"Bearer {token.json()['token']}"}, timeout=30)
    assert me.status_code == 200
    assert me.json()["fullname"] == "Léa Durand"


def test_plone_login_form(site):
    portal, url = site
    assert activate(url, "hugo.durand", code_of(portal, "hugo.durand")).status_code == 200
    session = requests.Session()
    form = session.get(f"{url}/login", timeout=30)
    assert 'id="__ac_name"' in form.text
    response = session.post(
        f"{url}/login",
        data={"__ac_name": "hugo.durand", "__ac_password": "un-bon-mot-de-passe", "buttons.login": "Se connecter"},
        timeout=30,
    )
    assert "__ac" in session.cookies
    home = session.get(url, timeout=30)
    assert "Hugo Durand" in home.text
    assert response.status_code == 200


def test_throttling_per_login(site):
    portal, url = site
    activate(url, "zoe.petit", code_of(portal, "zoe.petit"))
    activate(url, "lea.durand", code_of(portal, "lea.durand"))
    for login in ("zoe.petit", "Zoe.Petit", "ZOE.PETIT", "zoe.petit ", "zoe.petit"):  # case does not reset the count
        assert rest_login(url, login, "mauvais-mot-de-passe").status_code == 401
    # locked now, even with the right password; other logins are not affected
    assert rest_login(url, "zoe.petit", "un-bon-mot-de-passe").status_code == 401
    assert rest_login(url, "lea.durand", "un-bon-mot-de-passe").status_code == 200


def test_throttling_per_address(site, monkeypatch):
    from cartable.core import limites

    portal, url = site
    activate(url, "lea.durand", code_of(portal, "lea.durand"))
    monkeypatch.setattr(limites.PAR_ADRESSE, "echecs", 3)
    for login in ("x.un", "lea.durand", "lea.durand", "hugo.durand"):
        rest_login(url, login, "mauvais-mot-de-passe")
    assert rest_login(url, "lea.durand", "un-bon-mot-de-passe").status_code == 401


def test_activation_is_throttled(site):
    portal, url = site
    for _ in range(5):
        activate(url, "hugo.durand", "ABCDEFGHJK")
    refused = activate(url, "hugo.durand", code_of(portal, "hugo.durand"))
    assert refused.status_code == 400
    assert refused.json()["error"]["message"] == "Trop d'essais : réessayez dans un quart d'heure."


def test_user_lookups_never_list_everybody(site):
    portal, _ = site
    plugin = portal.acl_users.annuaire_cartable
    assert [u["id"] for u in plugin.enumerateUsers(id="lea.durand", exact_match=True)] == ["lea.durand"]
    assert plugin.enumerateUsers(id="lea.dur", exact_match=True) == ()
    # searches answer the region's administrators only (issue 13: nobody else lists people)
    assert plugin.enumerateUsers(login="lea.dur") == ()
    assert plugin.enumerateUsers(fullname="durand") == ()
    with api.env.adopt_roles(["Site Administrator"]):
        assert [u["id"] for u in plugin.enumerateUsers(login="lea.dur")] == ["lea.durand"]
        assert {u["id"] for u in plugin.enumerateUsers(fullname="durand")} == {"lea.durand", "hugo.durand", "paul.durand"}
        assert plugin.enumerateUsers() == ()
    user = api.user.get(username="paul.durand")
    assert user.getProperty("fullname") == "Paul Durand"
    assert "Member" in user.getRoles()


def test_activation_page(site):
    portal, url = site
    session = requests.Session()
    page = session.get(f"{url}/@@activation", timeout=30)
    assert page.status_code == 200
    assert "Activer mon compte" in page.text
    import re

    token = re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)
    data = {"login": "zoe.petit", "code": "MAUVAISCOD", "mot_de_passe": "un-bon-mot-de-passe", "confirmation": "un-bon-mot-de-passe", "activer": "1", "_authenticator": token}
    refused = session.post(f"{url}/@@activation", data=data, timeout=30)
    assert refused.status_code == 400
    assert "Identifiant ou code d&#x27;activation incorrect" in refused.text or "Identifiant ou code d'activation incorrect" in refused.text
    data["code"] = code_of(portal, "zoe.petit")
    accepted = session.post(f"{url}/@@activation", data=data, timeout=30, allow_redirects=False)
    assert accepted.status_code == 302
    assert accepted.headers["Location"].endswith("/login?__ac_name=zoe.petit")
    assert rest_login(url, "zoe.petit", "un-bon-mot-de-passe").status_code == 200
