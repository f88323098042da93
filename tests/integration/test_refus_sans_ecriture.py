"""A refused request writes nothing: every POST, PATCH and DELETE service of the registry, refused, leaves the
database's last transaction where it was (the REST base dooms the transaction on any ``Refus``).

The services are those of the access matrix, which ``test_every_endpoint_has_a_row`` keeps equal to the
registry. Two refusals each:

- every role the matrix refuses, with the matrix's body (the access refusal, after whatever the service
  read or created on its way);
- every role the matrix allows, with a body that is not a JSON object: a 4xx in French, never a 500, and
  nothing written (a service that reads no body may accept it: then it is not a refusal).
"""

import pytest
import transaction
from zope.annotation.interfaces import IAnnotations

from cartable.viescolaire import stockage
from tests.integration.requetes import client
from tests.integration.test_matrice_acces import MATRICE, OK, ROLES, call

ECRITURES = sorted(k for k in MATRICE if k[1] in ("POST", "PATCH", "PUT", "DELETE"))


def serie(functional_demo):
    return functional_demo["zodbDB"].lastTransaction()


def test_the_matrix_has_writing_services():
    assert len(ECRITURES) >= 20, ECRITURES  # the scan below is not empty by accident


@pytest.mark.parametrize("key", ECRITURES, ids=lambda k: f"{k[1]} {k[0]}")
def test_a_refused_request_writes_nothing(site, functional_demo, key):
    path, expected, success, _ = MATRICE[key]
    problems, refusals = [], 0
    for role in ROLES:
        if expected[role] == OK:
            continue
        avant = serie(functional_demo)
        response = call(site, role, key)
        if response.status_code < 400:
            continue  # a role the matrix lets through with another status (e.g. 404 by design)
        refusals += 1
        if serie(functional_demo) != avant:
            problems.append(f"{role}: refused with {response.status_code} but the database moved")
    for role in ROLES:
        if expected[role] != OK or role == "anonyme":
            continue
        avant = serie(functional_demo)
        url = path.format(**site["paths"])
        response = client(site, role).request(key[1], url, ["pas", "un", "objet"])
        if response.status_code >= 500:
            problems.append(f"{role}: a body that is not an object gave {response.status_code}")
        elif response.status_code >= 400:
            refusals += 1
            if serie(functional_demo) != avant:
                problems.append(f"{role}: bad body refused with {response.status_code} but the database moved")
            if key[1] != "DELETE" and "error" not in response.json():
                problems.append(f"{role}: refusal without an error body")
    assert problems == [], "\n".join(problems)
    assert refusals, f"{key}: no refusal was tried"


def test_a_refusal_after_a_first_write_commits_nothing(site, functional_demo):
    """@dispenses creates the establishment's vie-scolaire storage before it checks the reader and the body
    (``vie_scolaire_pour_ecrire``): on an establishment without one yet, each refusal has written it, and
    none of them may commit it."""
    etablissement = functional_demo["portal"][site["paths"]["etab"].rsplit("/", 1)[1]]
    del IAnnotations(etablissement)[stockage.CLE]
    transaction.commit()
    corps = {"eleve": site["paths"]["eleve"], "matiere": "100100", "du": "2026-11-01", "au": "2026-11-30", "motif": "Entorse"}
    for role, donnees in (("parent", corps), ("cpe", dict(corps, eleve="inconnu")), ("cpe", dict(corps, du="pas-une-date"))):
        avant = serie(functional_demo)
        response = client(site, role).post(f"{site['paths']['etab']}/@dispenses", donnees)
        assert 400 <= response.status_code < 500, (role, response.status_code, response.text)
        assert response.json()["error"]["message"]
        assert serie(functional_demo) == avant, f"{role}: refused with {response.status_code}, yet the storage was committed"
    transaction.begin()
    assert stockage.lire_vie_scolaire(etablissement) is None
