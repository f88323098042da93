"""A REST token (JWT from @login) dies at @logout and when the directory deactivates its person."""

import transaction

from cartable.annuaire.contenu import CrochetsContenu
from cartable.annuaire.stockage import lire_annuaire
from cartable.testing import PASSWORD
from tests.integration.requetes import client


def jeton(site, login):
    reponse = client(site, "anonyme").post(f"{site['url']}/@login", {"login": login, "password": PASSWORD})
    assert reponse.status_code == 200, reponse.text
    return reponse.json()["token"]


def avec(site, token, methode="GET", chemin="@bureau"):
    return client(site, "anonyme").request(methode, f"{site['url']}/{chemin}", headers={"Authorization": f"Bearer {token}"})


def test_logout_revokes_the_token(site):
    token = jeton(site, site["logins"]["parent"])
    assert avec(site, token).status_code == 200
    assert avec(site, token, "POST", "@logout").status_code in (200, 204)
    assert avec(site, token).status_code == 401
    autre = jeton(site, site["logins"]["parent"])  # a new login gets a new token that works
    assert avec(site, autre).status_code == 200


def test_deactivation_by_the_directory_revokes_every_token(site, functional_demo):
    login = site["logins"]["eleve"]
    tokens = [jeton(site, login), jeton(site, login)]
    assert all(avec(site, t).status_code == 200 for t in tokens)
    transaction.begin()  # see what the server committed (the tokens)
    portal = functional_demo["portal"]
    personne = lire_annuaire(portal).par_login(login)
    personne.actif = False
    CrochetsContenu(portal).desactive(personne)  # what the importer calls on a deletion (test_import_aaf)
    transaction.commit()
    assert [avec(site, t).status_code for t in tokens] == [401, 401]
