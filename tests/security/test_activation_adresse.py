"""Activation cannot lock a school out (issue 13, item 4).

Everybody behind a school's shared address is one address for Cartable. A stranger failing activations with
invented logins from there must not refuse the real people's logins: activation failures count per login
and against an address limit of their own, never against the login throttle.
"""

from cartable.annuaire import activation
from tests.integration.requetes import PASSWORD, client

INVENTES = [f"inconnu.{n}" for n in range(40)]


def activer(site, login, code="ABCDEFGHJK"):
    return client(site, "anonyme").post("@activation", {"login": login, "code": code, "new_password": "un-bon-mot-de-passe"})


def test_forty_invented_activations_do_not_lock_a_real_person_out(site):
    for login in INVENTES:
        reponse = activer(site, login)
        assert reponse.status_code == 400, reponse.text
        assert reponse.json()["error"]["message"].startswith("Identifiant ou code d'activation incorrect")
    # the same address, a real person: by Basic auth and by @login
    assert client(site, "eleve").get("@mon-profil").status_code == 200
    assert client(site, "enseignant").get("@mon-profil").status_code == 200
    jeton = client(site, "anonyme").post("@login", {"login": site["logins"]["parent"], "password": PASSWORD})
    assert jeton.status_code == 200 and jeton.json()["token"]


def test_the_activation_address_limit_blocks_activations_only(site, monkeypatch):
    """Past its own limit, the address gets no more activation tries, in French; logins still pass."""
    monkeypatch.setattr(activation.ACTIVATION_PAR_ADRESSE, "echecs", 40)
    for login in INVENTES:
        activer(site, login)
    bloquee = activer(site, "encore.un")
    assert bloquee.status_code == 400
    assert bloquee.json()["error"]["message"] == "Trop d'essais : réessayez dans un quart d'heure."
    assert client(site, "cpe").get("@mon-profil").status_code == 200


def test_five_failures_on_one_real_login_still_lock_that_login(site):
    reel = site["logins"]["eleve"]
    for _ in range(5):
        assert activer(site, reel).status_code == 400
    bloque = activer(site, reel)
    assert bloque.json()["error"]["message"] == "Trop d'essais : réessayez dans un quart d'heure."
    assert activer(site, "un.autre").json()["error"]["message"].startswith("Identifiant ou code d'activation incorrect")


def test_password_failures_still_lock_the_login(site):
    """The login throttle itself is unchanged: 5 wrong passwords lock the login, even with the right one."""
    reel = site["logins"]["eleve"]
    anonyme = client(site, "anonyme")
    for _ in range(5):
        assert anonyme.post("@login", {"login": reel, "password": "mauvais"}).status_code == 401
    assert anonyme.post("@login", {"login": reel, "password": PASSWORD}).status_code == 401
    assert client(site, "parent").get("@mon-profil").status_code == 200
