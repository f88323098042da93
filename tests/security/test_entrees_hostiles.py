"""Hostile input through every service and page of the registry: never a 500 (issue 13).

The endpoints come from the access matrix, which ``test_every_endpoint_has_a_row`` keeps equal to the
component registry. As a role each one serves:

- every write service with a JSON object body: each field in turn replaced by a value of the wrong kind
  (null, list, object, number, boolean, a 200,000-character string, control and invalid characters, an
  impossible date), and the whole body replaced by an array and by a bare string;
- every GET service and page: each query parameter in turn replaced by hostile values, then Zope's form
  markers (``:int``, ``:list``, ``:record``) on it.

Any 500 fails the test with the request that caused it; the totals are printed (docs/securite.md).
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

from tests.integration.requetes import client
from tests.integration.test_matrice_acces import MATRICE, OK, ROLES

VALEURS = [None, [], {}, 12345, -1, 1e308, True, "x" * 200_000, "\x00\xff\ufffd", "9999-12-31", "0000-00-00T99:99",
           "../../etc/passwd", "<script>alert(1)</script>"]
PARAMETRES = ["9999-12-31", "0000-00-00", "\x00", "%ff", "x" * 5000, "-1", "[]", "' OR 1=1 --"]
MARQUEURS = [":int", ":list", ":record", ":date", ":float"]
COMPTE = {"requetes": 0, "erreurs_500": 0}


def role_de(key):
    _, expected, _, _ = MATRICE[key]
    return next((r for r in reversed(ROLES) if expected[r] == OK or isinstance(expected[r], int)), "anonyme")


def corps_de(site, key):
    body = MATRICE[key][3]
    return {k: v.format(**site["paths"]) if isinstance(v, str) else v for k, v in body.items()}


def envoyer(site, role, methode, url, **options):
    COMPTE["requetes"] += 1
    reponse = client(site, role, timeout=120).request(methode, url, allow_redirects=False, **options)
    if reponse.status_code >= 500:
        COMPTE["erreurs_500"] += 1
    return reponse


ECRITURES = sorted(k for k in MATRICE if k[1] in ("POST", "PUT", "PATCH") and isinstance(MATRICE[k][3], dict) and MATRICE[k][3])
LECTURES = sorted(k for k in MATRICE if k[1] in ("GET", "page") and "?" in MATRICE[k][0])


@pytest.mark.parametrize("key", ECRITURES, ids=lambda k: f"{k[1]} {k[0]}")
def test_hostile_bodies_never_give_a_500(site, key):
    role = role_de(key)
    url = MATRICE[key][0].format(**site["paths"])
    corps = corps_de(site, key)
    problemes = []
    essais = [(champ, valeur) for champ in corps for valeur in VALEURS]
    for champ, valeur in essais:
        reponse = envoyer(site, role, key[1], url, json={**corps, champ: valeur})
        if reponse.status_code >= 500:
            problemes.append(f"{champ}={str(valeur)[:40]!r}: {reponse.status_code} {reponse.text[:200]}")
        elif reponse.status_code >= 400 and "json" in reponse.headers.get("Content-Type", ""):
            message = (reponse.json().get("error") or {}).get("message", "")
            if not message:
                problemes.append(f"{champ}={str(valeur)[:40]!r}: {reponse.status_code} without a message")
    for entier in ([corps], "texte"):
        reponse = envoyer(site, role, key[1], url, json=entier)
        if reponse.status_code >= 500:
            problemes.append(f"body {str(entier)[:40]!r}: {reponse.status_code}")
    assert problemes == [], f"{role}:\n" + "\n".join(problemes)


@pytest.mark.parametrize("key", LECTURES, ids=lambda k: f"{k[1]} {k[0]}")
def test_hostile_parameters_never_give_a_500(site, key):
    role = role_de(key)
    url = MATRICE[key][0].format(**site["paths"])
    parties = urlsplit(url)
    params = parse_qsl(parties.query, keep_blank_values=True)
    problemes = []
    entetes = {"Accept": "text/html"} if key[1] == "page" else None
    for rang, (nom, _) in enumerate(params):
        variantes = [(nom, v) for v in PARAMETRES] + [(nom + m, "abc") for m in MARQUEURS]
        for nouveau_nom, valeur in variantes:
            autres = [p for i, p in enumerate(params) if i != rang]
            cible = urlunsplit(parties._replace(query=urlencode(autres + [(nouveau_nom, valeur)])))
            reponse = envoyer(site, role, "GET", cible, headers=entetes)
            if reponse.status_code >= 500:
                problemes.append(f"{nouveau_nom}={valeur[:30]!r}: {reponse.status_code} {reponse.text[:200]}")
    assert problemes == [], f"{role}:\n" + "\n".join(problemes)


def test_zz_totals(site):
    """The figures of the suite (printed with -s; docs/securite.md quotes a run); after the others (the site
    fixture keeps it among the demo tests, which run after the bare-site ones)."""
    print(f"\nhostile inputs: {COMPTE['requetes']} requests, {COMPTE['erreurs_500']} answered 500, "
          f"{len(ECRITURES)} write services, {len(LECTURES)} services and pages with parameters")
    assert COMPTE["requetes"] == 0 or COMPTE["requetes"] > 500
