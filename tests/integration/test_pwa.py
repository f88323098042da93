"""Installable on a phone (issue 14, item 6): the manifest, its icons, the service worker at the site root,
and the links that make every page installable. Through the real server."""

import io
import json
import re

import transaction
from PIL import Image
from plone import api

from cartable.theme import pwa
from tests.integration.requetes import client


def test_the_manifest_names_the_region_and_its_icons_exist(site, functional_demo):
    reponse = client(site, "anonyme").page(f"{site['url']}/manifest.webmanifest")
    assert reponse.status_code == 200
    assert reponse.headers["Content-Type"].startswith("application/manifest+json")
    manifeste = json.loads(reponse.text)
    transaction.begin()
    region = api.portal.get_registry_record("cartable.region_nom")
    assert region and manifeste["name"] == region
    assert manifeste["lang"] == "fr" and manifeste["display"] == "standalone"
    assert manifeste["start_url"] == f"{site['url']}/" and manifeste["scope"] == site["url"]
    tailles = {}
    for icone in manifeste["icons"]:
        image = client(site, "anonyme").page(icone["src"])
        assert image.status_code == 200, icone["src"]
        assert image.headers["Content-Type"].startswith(icone["type"])
        if icone["type"] == "image/png":
            tailles[icone["sizes"]] = Image.open(io.BytesIO(image.content)).size
        else:
            assert icone["src"].endswith(".svg") and b"<svg" in image.content
    assert tailles == {"192x192": (192, 192), "512x512": (512, 512)}


def test_the_region_record_renames_the_app(site, functional_demo):
    api.portal.set_registry_record("cartable.region_nom", "Cartable — Normandie")
    transaction.commit()
    assert client(site, "eleve").get(f"{site['url']}/manifest.webmanifest").json()["name"] == "Cartable — Normandie"


def test_the_service_worker_is_served_at_the_root_with_its_scope(site):
    reponse = client(site, "anonyme").page(f"{site['url']}/sw.js")
    assert reponse.status_code == 200
    assert reponse.headers["Content-Type"].startswith("text/javascript")
    assert reponse.headers["Service-Worker-Allowed"] == "/plone"  # the root page /plone is in scope
    assert reponse.headers["Cache-Control"] == "no-cache"
    texte = reponse.text
    assert "__VERSION__" not in texte and "__RACINE__" not in texte and "__COQUILLE__" not in texte
    assert re.search(r'const VERSION = "[0-9a-f]{12}";', texte)
    assert 'const RACINE = "/plone";' in texte
    # never a POST; only the agenda and the timetable kept for offline reading, with a visible notice
    assert 'if (requete.method !== "GET") return;' in texte
    assert "agenda|emploi-du-temps" in texte and "Hors ligne — version du " in texte
    # the shell it caches at install is there (an install fails as a whole on one missing file)
    coquille = json.loads(re.search(r"const COQUILLE = (\[.*?\]);", texte).group(1))
    assert len(coquille) == len(pwa.COQUILLE)
    for chemin in coquille:
        assert chemin.startswith("/plone/")
        assert client(site, "anonyme").page(f"{site['url']}{chemin[len('/plone'):]}").status_code == 200, chemin


def test_every_kind_of_page_links_the_manifest_and_registers_the_worker(site):
    pages = {
        "Mon bureau": ("eleve", site["url"]),
        "a themed page (main_template)": ("eleve", f"{site['url']}/@@notifications"),
        "the public home": ("anonyme", site["url"]),
        "an establishment's home": ("anonyme", f"{site['paths']['etab']}/@@accueil"),
    }
    manifeste = re.escape(f"{site['url']}/manifest.webmanifest")
    for nom, (role, url) in pages.items():
        texte = client(site, role).page(url).text
        liens = re.findall(r"<link[^>]*>", texte)
        assert any('rel="manifest"' in lien and re.search(f'href="{manifeste}"', lien) for lien in liens), nom
        assert "++resource++cartable.theme/pwa.js" in texte and f'data-sw="{site["url"]}/sw.js"' in texte, nom


def test_reading_the_manifest_and_the_worker_writes_nothing(site, functional_demo):
    db = functional_demo["zodbDB"]
    client(site, "anonyme").page(f"{site['url']}/sw.js")
    transaction.begin()
    avant = db.lastTransaction()
    for role in ("anonyme", "eleve", "admin"):
        client(site, role).page(f"{site['url']}/sw.js")
        client(site, role).page(f"{site['url']}/manifest.webmanifest")
    transaction.begin()
    assert db.lastTransaction() == avant
