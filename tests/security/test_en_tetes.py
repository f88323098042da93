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
