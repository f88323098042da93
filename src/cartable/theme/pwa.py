"""Installable on a phone: the web app manifest and the service worker, at the site root.

``manifest.webmanifest``: the region's name (registry ``cartable.region_nom``), Cartable's icons (PNG 192 and
512, committed in static/, and the SVG logo), start and scope at the site root. ``sw.js``: static/sw.js with
the site's path and a version (the hash of the script and the shell's files: a new deployment refreshes the
caches). Served from the site root; its scope is the site's path without a trailing slash (the root page,
Mon bureau, is ``/cartable`` itself), which ``Service-Worker-Allowed`` allows.
Both are the same for everybody (no personal data), never written to on GET. The ``cartable.pwa`` viewlet
links the manifest and registers the worker on every page of main_template (Diazo copies head links and
scripts); the standalone pages (Mon bureau, the establishment's home) carry the same two lines.
"""

import hashlib
import json
from pathlib import Path
from urllib.parse import urlsplit

from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from Products.Five.browser import BrowserView

from cartable.theme import cadre

STATIQUE = Path(__file__).parent / "static"
RESSOURCE = "++resource++cartable.theme"
# the shell: what every page needs, cached at install, served from the cache first
COQUILLE = (f"{RESSOURCE}/cartable.css", f"{RESSOURCE}/cartable.js", f"{RESSOURCE}/cartable-logo.svg",
            f"{RESSOURCE}/pwa.js", f"{RESSOURCE}/icone-192.png", "++resource++cartable.commun/commun.js",
            "++resource++cartable.annuaire.bureau/bureau.css")
FICHIERS_VERSIONNES = ("sw.js", "pwa.js", "cartable.css", "cartable.js", "cartable-logo.svg")


def version():
    """Changes when the worker or the shell's files change (a deployment): the caches are renewed."""
    empreinte = hashlib.sha256()
    for nom in FICHIERS_VERSIONNES:
        empreinte.update((STATIQUE / nom).read_bytes())
    return empreinte.hexdigest()[:12]


def manifeste(site):
    """The web app manifest as a dict."""
    racine = site.absolute_url()
    nom = cadre.region_nom(site)
    return {
        "name": nom,
        "short_name": "Cartable",
        "description": "L'espace numérique de travail des collèges et lycées de la région.",
        "lang": "fr",
        "dir": "ltr",
        "start_url": f"{racine}/",
        "scope": racine,
        "id": f"{racine}/",
        "display": "standalone",
        "orientation": "any",
        "background_color": "#ffffff",
        "theme_color": "#1a5c8c",
        "icons": [
            {"src": f"{racine}/{RESSOURCE}/icone-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": f"{racine}/{RESSOURCE}/icone-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": f"{racine}/{RESSOURCE}/cartable-logo.svg", "sizes": "any", "type": "image/svg+xml"},
        ],
    }


class Manifeste(BrowserView):
    """@@manifest.webmanifest on the site root."""

    def __call__(self):
        reponse = self.request.response
        reponse.setHeader("Content-Type", "application/manifest+json; charset=utf-8")
        reponse.setHeader("Cache-Control", "public, max-age=3600")
        return json.dumps(manifeste(self.context), ensure_ascii=False, indent=1)


def script_du_worker(site):
    """static/sw.js with the site's path, the shell and the version filled in."""
    chemin = urlsplit(site.absolute_url()).path.rstrip("/")
    texte = (STATIQUE / "sw.js").read_text(encoding="utf-8")
    return (texte.replace("__VERSION__", version())
            .replace('"__RACINE__"', json.dumps(chemin))
            .replace('"__COQUILLE__"', json.dumps([f"{chemin}/{f}" for f in COQUILLE])))


class ServiceWorker(BrowserView):
    """@@sw.js on the site root: served from the root, so its scope is the whole site."""

    def __call__(self):
        site = api.portal.get()
        reponse = self.request.response
        reponse.setHeader("Content-Type", "text/javascript; charset=utf-8")
        # the scope is the site's path without its trailing slash: Mon bureau is the site root itself
        # (/cartable), outside /cartable/, the default scope of /cartable/sw.js
        reponse.setHeader("Service-Worker-Allowed", urlsplit(site.absolute_url()).path.rstrip("/") or "/")
        reponse.setHeader("Cache-Control", "no-cache")  # browsers check a new worker at each visit
        return script_du_worker(site)


class LiensPWA(ViewletBase):
    """plone.htmlhead.links: the manifest and the worker's registration, on every main_template page."""

    def render(self):
        racine = api.portal.get().absolute_url()
        return (f'<link rel="manifest" href="{racine}/manifest.webmanifest" />\n'
                f'<meta name="theme-color" content="#1a5c8c" />\n'
                f'<script defer="defer" src="{racine}/{RESSOURCE}/pwa.js" data-sw="{racine}/sw.js"></script>')
