"""Bodies before parsing (issue 13, item 5): a body past a service's limit is refused with a 413 before it
is read or parsed (by every service of the REST base, whether it reads a body or not), and writes nothing.

Every POST and PATCH service of the access matrix (kept equal to the registry by
``test_every_endpoint_has_a_row``) gets a body one byte past its limit, anonymously and as a role the matrix
allows. ``json_body``, the one parser of the REST base, is counted: a service that read the body before
checking its length fails here. The services that carry files declare a larger limit; to keep the bodies
small, their limit is brought down to the JSON one for the sweep, and one of them is also tested at its
real limit.
"""

import base64
import re

import pytest
from zope.component import getGlobalSiteManager

from cartable.core.services import base
from cartable.regles import corps, import_edt, transfert_notes
from tests.integration.requetes import client
from tests.integration.test_matrice_acces import MATRICE, OK, ROLES

ECRITURES = sorted(k for k in MATRICE if k[1] in ("POST", "PATCH"))
SERVICE = re.compile(r"^(POST|PATCH)_application_json_(@.+)$")


def classes_des_services():
    """(name, method) → the service's class, read from the component registry."""
    trouvees = {}
    for inscription in getGlobalSiteManager().registeredAdapters():
        nom = SERVICE.match(inscription.name or "")
        classes = [k for k in getattr(inscription.factory, "__mro__", ()) if k.__module__.startswith("cartable.")]
        if nom and classes:
            trouvees[(nom.group(2), nom.group(1))] = classes[0]
    return trouvees


@pytest.fixture
def lectures(monkeypatch):
    """Count the calls of the REST base's JSON parser (the test server runs in this process)."""
    appels = []
    vrai = base.json_body

    def compter(request):
        appels.append(request.get("PATH_INFO", ""))
        return vrai(request)

    monkeypatch.setattr(base, "json_body", compter)
    return appels


def corps_de(octets: int) -> bytes:
    """A valid JSON object of exactly ``octets`` bytes."""
    return b'{"x": "' + b"a" * (octets - 9) + b'"}'


def autorise(key):
    _, expected, _, _ = MATRICE[key]
    permis = [role for role in ROLES if role != "anonyme" and (expected[role] == OK or isinstance(expected[role], int))]
    return next((role for role in permis if expected[role] == OK), permis[0])  # an int: answered (e.g. 400 for all)


def test_every_writing_service_is_found_in_the_registry(site):
    classes = classes_des_services()
    assert len(ECRITURES) >= 20 and set(ECRITURES) <= set(classes), set(ECRITURES) - set(classes)


def test_file_services_read_what_their_rules_accept(site):
    classes = classes_des_services()
    assert classes[("@emploi-du-temps-import", "POST")].LIMITE_CORPS >= corps.en_base64(import_edt.TAILLE_MAX)
    assert classes[("@notes-import", "POST")].LIMITE_CORPS >= corps.en_base64(transfert_notes.TAILLE_MAX)
    grands = {k for k, classe in classes.items() if classe.LIMITE_CORPS > corps.LIMITE_JSON}
    assert {("@emploi-du-temps-import", "POST"), ("@notes-import", "POST"), ("@declarations", "POST"),
            ("@cahier-de-textes", "POST")} <= grands


def test_the_server_ceiling_holds_a_devoir_file_at_its_largest():
    from cartable.pedagogie.content.devoir import IDevoir

    champ = IDevoir["taille_max_mo"]
    assert champ.max * corps.MO == corps.FICHIER_RENDU_MAX  # the server's ceiling holds one file at the largest


@pytest.mark.parametrize("key", ECRITURES, ids=lambda k: f"{k[1]} {k[0]}")
def test_an_oversized_body_is_refused_before_it_is_parsed(site, functional_demo, lectures, monkeypatch, key):
    classe = classes_des_services()[key]
    monkeypatch.setattr(classe, "limite_corps", lambda self: corps.LIMITE_JSON)  # the sweep's bodies stay small
    path = MATRICE[key][0]
    url = path.format(**site["paths"])
    problems = []
    for role in ("anonyme", autorise(key)):
        avant = functional_demo["zodbDB"].lastTransaction()
        reponse = client(site, role).request(key[1], url, headers={"Content-Type": "application/json"},
                                             data=corps_de(corps.LIMITE_JSON + 1))
        if reponse.status_code == 413:
            erreur = reponse.json()["error"]
            if erreur["type"] != "PayloadTooLarge" or "la limite de ce service est de 1 Mo" not in erreur["message"]:
                problems.append(f"{role}: 413 without the French message: {erreur}")
        elif not (role == "anonyme" and reponse.status_code in (401, 403)):
            problems.append(f"{role}: {reponse.status_code} for an oversized body")
        if functional_demo["zodbDB"].lastTransaction() != avant:
            problems.append(f"{role}: the database moved")
    assert lectures == [], f"the body was parsed: {lectures}"
    assert problems == [], "\n".join(problems)


def test_a_body_at_the_limit_is_still_read(site, lectures, monkeypatch):
    """The counter can fail: the same sweep one byte under the limit reaches the parser."""
    classe = classes_des_services()[("@mes-classes", "POST")]
    monkeypatch.setattr(classe, "limite_corps", lambda self: 4096)
    url = MATRICE[("@mes-classes", "POST")][0].format(**site["paths"])
    reponse = client(site, "cpe").post(url, headers={"Content-Type": "application/json"}, data=corps_de(4096))
    assert reponse.status_code != 413 and len(lectures) == 1


def test_a_timetable_file_at_its_real_limit(site, lectures):
    """@emploi-du-temps-import reads a file as large as its rule accepts, and refuses past its own limit."""
    url = MATRICE[("@emploi-du-temps-import", "POST")][0].format(**site["paths"])
    direction = client(site, "direction")
    fichier = base64.b64encode(b"jour;debut;fin\n" + b"x" * (import_edt.TAILLE_MAX - 20)).decode()
    reponse = direction.post(url, {"fichier": fichier, "nom": "edt.csv", "confirmer": False})
    assert reponse.status_code == 400 and len(lectures) == 1  # read, then refused by the rule (not a timetable)
    limite = corps.limite_pour_fichiers(import_edt.TAILLE_MAX)
    reponse = direction.post(url, headers={"Content-Type": "application/json"}, data=corps_de(limite + 1))
    assert reponse.status_code == 413 and len(lectures) == 1
    assert "3,7 Mo" in reponse.json()["error"]["message"]


def test_a_chunked_body_without_length_is_measured_too(site, lectures):
    """Sent in chunks (no Content-Length from the client): refused all the same, never read."""
    url = MATRICE[("@activation", "POST")][0].format(**site["paths"])

    def morceaux():
        for _ in range(20):
            yield b"a" * 65536

    reponse = client(site, "anonyme").post(url, headers={"Content-Type": "application/json"}, data=morceaux())
    assert reponse.status_code in (400, 413) and lectures == []
