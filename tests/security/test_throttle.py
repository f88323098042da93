"""One throttle for every way in and every account (issue 13, items 1 and 7).

Three kinds of account: a person of the directory (the student), a Plone user (the regional administrator,
Site Administrator) and the Zope administrator of the root's user folder (plone.app.testing's ``admin``).
Four ways in: the login form (POST ``login``), Basic auth, ``POST @login``, ``__ac_name``/``__ac_password``
in the query string. After 5 wrong passwords the right one is refused, with a French message and
``Retry-After``; once the window has passed (the limiter reads Cartable's clock), the right one works again.
"""

import io
from datetime import timedelta
from types import SimpleNamespace

import pytest
import requests
from plone.app.testing import SITE_OWNER_NAME, SITE_OWNER_PASSWORD

from cartable.annuaire import verrou
from cartable.core import horloge, limites
from tests.integration.requetes import PASSWORD, client

JSON = {"Accept": "application/json"}
COMPTES = ("personne", "administrateur_du_site", "administrateur_zope")
VOIES = ("formulaire", "basic", "@login", "query")


def identifiants(site, compte):
    return {
        "personne": (site["logins"]["eleve"], PASSWORD),
        "administrateur_du_site": (site["logins"]["admin"], PASSWORD),
        "administrateur_zope": (SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
    }[compte]


def controle(site, compte):
    """A URL that answers 200 to this account only when it is logged in (401 anonymous)."""
    return f"{site['url']}/@mon-profil" if compte == "personne" else f"{site['url']}/@controlpanels"


def essayer(site, compte, voie, mot_de_passe):
    """One attempt with ``mot_de_passe`` by ``voie``: the response, and whether the account got in."""
    login, _ = identifiants(site, compte)
    url = controle(site, compte)
    if voie == "basic":
        r = requests.get(url, headers=JSON, auth=(login, mot_de_passe), timeout=60)
        return r, r.status_code == 200
    if voie == "query":
        r = requests.get(url, headers=JSON, params={"__ac_name": login, "__ac_password": mot_de_passe}, timeout=60)
        return r, r.status_code == 200
    if voie == "@login":
        r = requests.post(f"{site['url']}/@login", headers=JSON, json={"login": login, "password": mot_de_passe}, timeout=60)
        return r, r.status_code == 200 and bool(r.json().get("token"))
    r = requests.post(f"{site['url']}/login", data={"__ac_name": login, "__ac_password": mot_de_passe,
                      "came_from": "", "buttons.login": "Se connecter"}, allow_redirects=False, timeout=60)
    return r, "__ac" in r.cookies


def bloque(reponse):
    """The refusal of a locked login: 401, Retry-After, the French sentence, nothing else."""
    assert reponse.status_code == 401, reponse.text
    assert 0 < int(reponse.headers["Retry-After"]) <= 15 * 60
    assert "Trop d'essais de mot de passe" in reponse.text and "réessayez dans" in reponse.text
    return True


@pytest.mark.parametrize("voie", VOIES)
@pytest.mark.parametrize("compte", COMPTES)
def test_five_wrong_passwords_lock_every_account_by_every_way(site, compte, voie):
    login, bon = identifiants(site, compte)
    reponse, entre = essayer(site, compte, voie, bon)
    assert entre, (reponse.status_code, reponse.text[:300])  # the way works for this account
    for n in range(5):
        reponse, entre = essayer(site, compte, voie, f"mauvais-{n}")
        assert not entre and reponse.status_code != 500
    reponse, entre = essayer(site, compte, voie, bon)
    assert not entre and bloque(reponse)
    # locked by every way in now, not only the one that was used
    assert bloque(requests.get(controle(site, compte), headers=JSON, auth=(login, bon), timeout=60))
    horloge.figer(horloge.maintenant() + timedelta(minutes=16))
    reponse, entre = essayer(site, compte, voie, bon)
    assert entre, (reponse.status_code, reponse.text[:300])


@pytest.mark.parametrize("compte", COMPTES)
def test_four_wrong_passwords_then_the_right_one_get_in(site, compte):
    """The limit is 5: the fifth try, right, gets in (the Zope administrator's password, which the site's
    user folder refuses before the root's accepts it, is not counted against itself)."""
    login, bon = identifiants(site, compte)
    for n in range(4):
        requests.get(controle(site, compte), headers=JSON, auth=(login, f"mauvais-{n}"), timeout=60)
    assert limites.PAR_LOGIN.nombre(login.lower()) == 4
    assert requests.get(controle(site, compte), headers=JSON, auth=(login, bon), timeout=60).status_code == 200
    assert limites.PAR_LOGIN.nombre(login.lower()) == 0


def test_the_zope_root_itself_is_throttled(site):
    """The root's own pages (the ZMI), with the root's user folder alone."""
    racine = site["url"].rsplit("/", 1)[0]
    for n in range(5):
        assert requests.get(f"{racine}/manage_main", auth=(SITE_OWNER_NAME, f"mauvais-{n}"), timeout=60).status_code == 401
    reponse = requests.get(f"{racine}/manage_main", auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD), timeout=60)
    assert bloque(reponse) and "manage" not in reponse.text


def test_several_passwords_in_one_request_count_as_several(site):
    login = site["logins"]["eleve"]
    # Basic, the query string, the body of @login: three guesses in one request
    reponse = requests.post(f"{site['url']}/@login", headers=JSON, auth=(login, "un"),
                            params={"__ac_name": login, "__ac_password": "deux"},
                            json={"login": login, "password": "trois"}, timeout=60)
    assert reponse.status_code == 401
    assert limites.PAR_LOGIN.nombre(login) == 3
    # the same wrong password twice in one request is one guess
    requests.get(f"{site['url']}/@mon-profil", headers=JSON, auth=(login, "quatre"),
                 params={"__ac_name": login, "__ac_password": "quatre"}, timeout=60)
    assert limites.PAR_LOGIN.nombre(login) == 4
    reponse = requests.get(f"{site['url']}/@mon-profil", headers=JSON, auth=(login, "cinq"),
                           params={"__ac_name": login, "__ac_password": PASSWORD}, timeout=60)
    assert limites.PAR_LOGIN.nombre(login) == 5  # a right one beside a wrong one: the wrong one counts
    assert bloque(client(site, "eleve").get("@mon-profil"))


def test_a_right_password_clears_the_count(site):
    login = site["logins"]["parent"]
    for n in range(4):
        client(site, "anonyme").post("@login", {"login": login, "password": f"mauvais-{n}"})
    assert client(site, "parent").get("@mon-profil").status_code == 200
    assert limites.PAR_LOGIN.nombre(login) == 0


def test_a_locked_invented_login_looks_like_a_locked_real_one(site):
    """Invented logins are counted and locked too: the refusal does not tell which logins exist."""
    for login in ("personne.inventee", site["logins"]["eleve"]):
        for n in range(5):
            assert client(site, "anonyme").post("@login", {"login": login, "password": f"x{n}"}).status_code == 401
    invente = client(site, "anonyme").post("@login", {"login": "personne.inventee", "password": "x"})
    reel = client(site, "anonyme").post("@login", {"login": site["logins"]["eleve"], "password": PASSWORD})
    assert bloque(invente) and bloque(reel) and invente.json() == reel.json()


def test_the_case_typed_does_not_make_another_counter(site):
    login = site["logins"]["enseignant"]
    for variante in (login, login.upper(), f" {login} ", login.title(), login):
        client(site, "anonyme").post("@login", {"login": variante, "password": "mauvais"})
    assert bloque(client(site, "enseignant").get("@mon-profil"))


def test_forty_wrong_passwords_from_one_address_lock_nobody_who_types_right(site):
    """A stranger behind a school's shared address fails 40 passwords on invented logins: the school's
    people still get in; from that address a login with 2 failures is refused (instead of 5)."""
    for n in range(40):
        assert client(site, "anonyme").post("@login", {"login": f"inconnu.{n}", "password": "x"}).status_code == 401
    assert limites.PAR_ADRESSE.bloque("127.0.0.1")
    for role in ("eleve", "parent", "enseignant", "cpe"):
        assert client(site, role).get("@mon-profil").status_code == 200, role
    assert client(site, "admin").get("@controlpanels").status_code == 200
    jeton = client(site, "anonyme").post("@login", {"login": site["logins"]["direction"], "password": PASSWORD})
    assert jeton.status_code == 200 and jeton.json()["token"]
    login = site["logins"]["enseignant_autre"]
    for n in range(verrou.ECHECS_SOUS_ADRESSE_SUSPECTE):
        client(site, "anonyme").post("@login", {"login": login, "password": f"x{n}"})
    assert bloque(client(site, "enseignant_autre").get("@mon-profil"))


def test_forty_activation_failures_from_one_address_lock_nobody(site):
    """Activation failures have limiters of their own (cartable.annuaire.activation): never this one."""
    for n in range(40):
        reponse = client(site, "anonyme").post("@activation", {"login": f"inconnu.{n}", "code": "ABCDEFGHJK",
                                                                "new_password": "un-bon-mot-de-passe"})
        assert reponse.status_code == 400
    assert not limites.PAR_ADRESSE.bloque("127.0.0.1")
    assert client(site, "eleve").get("@mon-profil").status_code == 200
    assert client(site, "admin").get("@controlpanels").status_code == 200


def test_nothing_but_the_sentence_leaks(site):
    login = site["logins"]["eleve"]
    for n in range(5):
        client(site, "anonyme").post("@login", {"login": login, "password": f"x{n}"})
    reponse = client(site, "anonyme").post("@login", {"login": login, "password": PASSWORD})
    assert bloque(reponse)
    assert reponse.json() == {"error": {"type": "Unauthorized", "message": verrou.message_bloque(int(reponse.headers["Retry-After"]))}}


def test_the_zope_administrators_password_is_generated_printed_once_and_hashed(monkeypatch):
    """No CARTABLE_ADMIN_PASSWORD: a password is generated, printed at creation only, stored hashed."""
    from AccessControl.userfolder import UserFolder
    from AuthEncoding import AuthEncoding

    from cartable.policy.site import ensure_zope_admin

    monkeypatch.delenv("CARTABLE_ADMIN_PASSWORD", raising=False)
    app = SimpleNamespace(acl_users=UserFolder())
    sortie = io.StringIO()
    mot_de_passe = ensure_zope_admin(app, sortie)
    assert mot_de_passe and mot_de_passe != "admin" and len(mot_de_passe) >= 16
    assert mot_de_passe in sortie.getvalue()
    stocke = app.acl_users.getUser("admin")._getPassword()
    stocke = stocke.decode() if isinstance(stocke, bytes) else stocke
    assert AuthEncoding.is_encrypted(stocke) and mot_de_passe not in stocke
    assert AuthEncoding.pw_validate(stocke, mot_de_passe) and not AuthEncoding.pw_validate(stocke, "admin")
    encore = io.StringIO()
    assert ensure_zope_admin(app, encore) is None and encore.getvalue() == ""  # the next start: nothing shown
    # chosen: used, never printed
    monkeypatch.setenv("CARTABLE_ADMIN_PASSWORD", "choisi-par-l-exploitant")
    autre, sortie = SimpleNamespace(acl_users=UserFolder()), io.StringIO()
    assert ensure_zope_admin(autre, sortie) is None and "choisi-par-l-exploitant" not in sortie.getvalue()
    assert AuthEncoding.pw_validate(autre.acl_users.getUser("admin")._getPassword(), "choisi-par-l-exploitant")


def test_a_session_from_the_login_form_counts_no_failure(site):
    """After the form, the ``__ac`` ticket (plone.session) carries no password: nothing is counted, however
    many pages follow."""
    login = site["logins"]["eleve"]
    session = requests.Session()
    reponse = session.post(f"{site['url']}/login", data={"__ac_name": login, "__ac_password": PASSWORD, "came_from": "",
                                                         "buttons.login": "Se connecter"}, allow_redirects=False, timeout=60)
    assert "__ac" in session.cookies
    for _ in range(8):
        assert session.get(f"{site['url']}/@mon-profil", headers=JSON, timeout=60).status_code == 200
    assert limites.PAR_LOGIN.nombre(login) == 0 and limites.PAR_ADRESSE.nombre("127.0.0.1") == 0
    assert reponse.status_code in (200, 302)
