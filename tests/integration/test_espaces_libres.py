"""Free spaces (club, CDI, projet): made by the direction with chosen members; ids checked against the directory."""

import requests
import transaction

from cartable.annuaire.stockage import lire_annuaire
from tests.integration.requetes import client
from tests.integration.test_pedagogie_workflows import monde, qui_peut  # noqa: F401  (fixture)

JSON = {"Accept": "application/json"}


def poster(site, role, corps, cle=None, logins=None):
    return client({**site, "logins": logins or site["logins"]}, role).post(f"{site['paths']['etab']}/@espaces-libres", corps, cle=cle)


def test_direction_makes_a_free_space_whose_members_it_chooses(monde, site, functional_demo):
    ids = {r: lire_annuaire(functional_demo["portal"]).par_login(l).id for r, l in monde["logins"].items() if r != "admin"}
    corps = {"titre": "Club d'échecs", "editeurs": [ids["enseignant_autre"]], "membres": [ids["eleve_autre"]]}
    reponse = poster(site, "direction", corps, cle="club-1")
    assert reponse.status_code == 201, reponse.text
    fiche = reponse.json()
    assert fiche["titre"] == "Club d'échecs" and fiche["editeurs"] == [ids["enseignant_autre"]]
    # the same submission again (answer lost): the first answer, no second space
    again = poster(site, "direction", corps, cle="club-1")
    assert again.status_code == 201 and again.json() == fiche
    liste = client(site, "admin").get(f"{site['paths']['etab']}/@espaces-libres").json()
    assert [e["id"] for e in liste["items"]] == [fiche["id"]]

    transaction.begin()
    espace = functional_demo["portal"].unrestrictedTraverse(fiche["@id"][len(site["url"]) + 1:])
    assert "cahier-de-textes" in espace.objectIds()
    # its chosen members read it, its editors (and the direction) edit it; the 3A teacher and student are strangers
    assert qui_peut(monde, "View", espace) == {"enseignant_autre", "eleve_autre", "direction", "cpe", "admin"}
    assert qui_peut(monde, "Modify portal content", espace) == {"enseignant_autre", "direction", "admin"}

    # members change: the 3A student comes in, the 3B one leaves
    maj = poster(site, "admin", {"espace": fiche["id"], "membres": [ids["eleve"]]})
    assert maj.status_code == 200 and maj.json()["membres"] == [ids["eleve"]]
    transaction.begin()
    assert {"eleve", "eleve_autre"} & qui_peut(monde, "View", espace) == {"eleve"}


def test_unknown_or_wrong_ids_are_listed_and_nothing_is_made(monde, site, functional_demo):
    annuaire = lire_annuaire(functional_demo["portal"])
    eleve = annuaire.par_login(site["logins"]["eleve"]).id
    enseignant = annuaire.par_login(site["logins"]["enseignant"]).id
    cpe_lycee = annuaire.par_login(site["logins"]["cpe_autre"]).id
    avant = set(functional_demo["portal"].unrestrictedTraverse(site["paths"]["etab"][len(site["url"]) + 1:]).objectIds())
    reponse = poster(site, "direction", {"titre": "CDI", "editeurs": [enseignant, "inconnu-42", eleve],
                                         "membres": [enseignant, cpe_lycee]})
    assert reponse.status_code == 400
    message = reponse.json()["error"]["message"]
    assert message.startswith("Espace non créé")
    assert "identifiants inconnus de l'annuaire : inconnu-42" in message
    assert f"animateurs qui ne sont pas des personnels de l'établissement : {eleve}" in message
    assert f"membres qui ne sont pas des élèves de l'établissement : {enseignant}, {cpe_lycee}" in message
    assert poster(site, "direction", {"titre": " ", "editeurs": [], "membres": []}).status_code == 400
    assert poster(site, "direction", {"titre": "X", "editeurs": "abc", "membres": []}).status_code == 400
    transaction.begin()
    apres = set(functional_demo["portal"].unrestrictedTraverse(site["paths"]["etab"][len(site["url"]) + 1:]).objectIds())
    assert apres == avant


def test_only_the_direction_and_the_region_manage_free_spaces(monde, site):
    corps = {"titre": "Projet", "editeurs": [], "membres": []}
    for role in ("enseignant", "cpe", "eleve", "parent", "cpe_autre"):
        assert poster(site, role, corps).status_code in (401, 403), role
    assert requests.post(f"{site['paths']['etab']}/@espaces-libres", json=corps, headers=JSON,
                         timeout=60).status_code in (401, 403)
