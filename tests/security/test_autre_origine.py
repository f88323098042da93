"""Writes from another site (CSRF): every POST, PUT, PATCH and DELETE service of the registry, as a role the
access matrix lets write, refuses a request whose Origin is another site (403, French, nothing written) and a
body not declared JSON (415). The services come from the access matrix, which the registry keeps complete."""

import pytest

from tests.integration.requetes import JSON, client
from tests.integration.test_matrice_acces import MATRICE, OK, ROLES

ECRITURES = sorted(k for k in MATRICE if k[1] in ("POST", "PUT", "PATCH", "DELETE"))
AILLEURS = "http://site-malveillant.example"


def autorise(key):
    """A role the service runs for (the matrix's « ok » or a status of its own, e.g. 404 for an unknown item;
    anonymous for the public ones, e.g. @activation, @login)."""
    _, expected, _, _ = MATRICE[key]
    return next((r for r in reversed(ROLES) if expected[r] == OK or isinstance(expected[r], int)), "anonyme")


def corps(site, key):
    body = MATRICE[key][3]
    if isinstance(body, dict):
        return {k: v.format(**site["paths"]) if isinstance(v, str) else v for k, v in body.items()}
    return body


def test_the_scan_is_not_empty():
    assert len(ECRITURES) >= 30


@pytest.mark.parametrize("key", ECRITURES, ids=lambda k: f"{k[1]} {k[0]}")
def test_a_write_from_another_site_is_refused_and_writes_nothing(site, functional_demo, key):
    role = autorise(key)
    url = MATRICE[key][0].format(**site["paths"])
    db = functional_demo["zodbDB"]
    avant = db.lastTransaction()
    reponse = client(site, role).request(key[1], url, corps(site, key), headers={"Origin": AILLEURS})
    assert reponse.status_code == 403, (role, reponse.status_code, reponse.text[:300])
    assert reponse.json()["error"]["message"] == "Requête refusée : elle vient d'un autre site que Cartable."
    assert db.lastTransaction() == avant
    reponse = client(site, role).request(key[1], url, corps(site, key), headers={"Sec-Fetch-Site": "cross-site"})
    assert reponse.status_code == 403
    assert db.lastTransaction() == avant


@pytest.mark.parametrize("key", [k for k in ECRITURES if MATRICE[k][3]], ids=lambda k: f"{k[1]} {k[0]}")
def test_a_body_not_declared_json_is_refused(site, functional_demo, key):
    """text/plain is what a page elsewhere may send without a preflight: refused, and nothing written (the
    services whose row sends a body: those that read one)."""
    import json

    role = autorise(key)
    url = MATRICE[key][0].format(**site["paths"])
    db = functional_demo["zodbDB"]
    avant = db.lastTransaction()
    reponse = client(site, role).request(key[1], url, data=json.dumps(corps(site, key)),
                                         headers={**JSON, "Content-Type": "text/plain;charset=UTF-8"})
    assert reponse.status_code == 415, (role, reponse.status_code, reponse.text[:300])
    assert "application/json" in reponse.json()["error"]["message"]
    assert db.lastTransaction() == avant


def test_own_pages_still_write(site):
    """The same origin (what commun.js sends from Cartable's pages) is accepted."""
    reponse = client(site, "parent").post(f"{site['url']}/@notifications", {"toutes": True},
                                          headers={"Origin": site["url"].rsplit("/", 1)[0], "Sec-Fetch-Site": "same-origin"})
    assert reponse.status_code == 200, reponse.text
