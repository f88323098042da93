"""Every answer carries the Content-Security-Policy (scripts from the site only), nosniff and a same-origin
Referrer-Policy: pages, Mon bureau (standalone), JSON, and error pages."""

from cartable.core.entetes import POLITIQUE
from tests.integration.requetes import client


def test_every_kind_of_answer_carries_the_policy(site):
    parent = client(site, "parent")
    reponses = {
        "mon bureau": parent.page(site["url"]),
        "page plone": parent.page(f"{site['url']}/@@mon-profil"),
        "json": parent.get(f"{site['url']}/@bureau"),
        "introuvable": parent.page(f"{site['url']}/pas-de-page-ici"),
        "anonyme": client(site, "anonyme").page(site["url"]),
        "refus": client(site, "eleve").page(f"{site['paths']['etab']}/@@vie-scolaire", allow_redirects=False),
    }
    for quoi, reponse in reponses.items():
        assert reponse.headers.get("Content-Security-Policy") == POLITIQUE, (quoi, reponse.status_code, dict(reponse.headers))
        assert reponse.headers.get("X-Content-Type-Options") == "nosniff", quoi
    assert reponses["introuvable"].status_code == 404
    assert "script-src 'self' 'unsafe-eval'" in POLITIQUE and "'unsafe-inline'" not in POLITIQUE.split("script-src")[1].split(";")[0]


def test_over_https_the_login_cookie_is_secure(site):
    """Behind a proxy that serves HTTPS (X-Forwarded-Proto), the login ticket's cookie is Secure; over plain HTTP
    (a development machine) it is not, or the browser would never send it back."""
    import re

    import requests

    from cartable.testing import PASSWORD

    def connexion(entetes):
        session = requests.Session()
        formulaire = session.get(f"{site['url']}/login", headers=entetes, timeout=30).text
        champs = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', formulaire))
        reponse = session.post(f"{site['url']}/login", headers=entetes, allow_redirects=False, timeout=30, data={
            **champs, "__ac_name": site["logins"]["parent"], "__ac_password": PASSWORD, "buttons.login": "Se connecter"})
        return [v for k, v in reponse.headers.items() if k.lower() == "set-cookie" and v.startswith("__ac=")]

    https = connexion({"X-Forwarded-Proto": "https"})
    http = connexion({})
    assert https and all("secure" in c.lower() for c in https), https
    assert http and not any("secure" in c.lower() for c in http), http
