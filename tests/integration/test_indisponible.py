"""Storage unavailable inside Zope's publication: the exception view answers 503 with Retry-After (core/indisponible.py).

A test-only view raises, through the real test server, what psycopg2 raises while PostgreSQL restarts
(``AdminShutdown``: « terminating connection due to administrator command »; a plain
``OperationalError``: « server closed the connection unexpectedly ») and what it raises for a query
that failed on a server that is up (``QueryCanceled``), which must stay a 500. The real restart is
tests/system/test_pannes.py.
"""

import logging

import psycopg2
import psycopg2.errors
import pytest
import requests
from Products.Five.browser import BrowserView
from zope.component import getGlobalSiteManager
from zope.interface import Interface
from zope.publisher.interfaces.browser import IDefaultBrowserLayer

from cartable.core import indisponible
from cartable.testing import ADMIN, PASSWORD  # noqa: F401

MESSAGE = "Cartable est momentanément indisponible, réessayez dans un instant."
ERREURS = {
    "arret": lambda: psycopg2.errors.lookup("57P01")("terminating connection due to administrator command"),
    "coupure": lambda: psycopg2.OperationalError("server closed the connection unexpectedly"),
    "requete-annulee": lambda: psycopg2.errors.lookup("57014")("canceling statement due to statement timeout"),
}


class Panne(BrowserView):
    """Raises the storage error named by ?erreur= (test only)."""

    __roles__ = None  # public

    def __call__(self):
        raise ERREURS[self.request.form.get("erreur", "arret")]()


@pytest.fixture
def serveur(functional, monkeypatch):
    gsm = getGlobalSiteManager()
    gsm.registerAdapter(Panne, (Interface, IDefaultBrowserLayer), Interface, "panne-stockage-test")
    monkeypatch.setattr(indisponible, "PANNE", indisponible.Panne())
    yield f"http://{functional['host']}:{functional['port']}/plone"
    gsm.unregisterAdapter(Panne, (Interface, IDefaultBrowserLayer), Interface, "panne-stockage-test")


def test_page_503_sans_plone(serveur, caplog):
    caplog.set_level(logging.INFO, logger="cartable.indisponible")
    r = requests.get(f"{serveur}/@@panne-stockage-test", headers={"Accept": "text/html"}, timeout=60)
    assert r.status_code == 503, r.text[:500]
    assert r.headers["Retry-After"] == str(indisponible.RETRY_AFTER)
    assert r.headers["Content-Type"].startswith("text/html")
    assert r.text == indisponible.page("GET")  # as written: no theme, no transform (they would read the site)
    assert r.headers["Content-Security-Policy"] == indisponible.POLITIQUE
    for absent in ("Traceback", "AdminShutdown", "administrator command", "<script", "++resource++", "++plone++", "portal-"):
        assert absent not in r.text, absent
    avertissements = [rec for rec in caplog.records if rec.name == "cartable.indisponible"]
    assert [(rec.levelname, rec.exc_info) for rec in avertissements] == [("WARNING", None)]
    assert "AdminShutdown" in avertissements[0].getMessage()
    # a second request during the same outage: a 503 again, no new line
    r = requests.post(f"{serveur}/@@panne-stockage-test?erreur=coupure", headers={"Accept": "text/html"}, timeout=60)
    assert r.status_code == 503 and "refresh" not in r.text  # a form sent is not sent again by the page
    assert len([rec for rec in caplog.records if rec.name == "cartable.indisponible"]) == 1


def test_json_503_en_francais(serveur):
    r = requests.post(f"{serveur}/@@panne-stockage-test?erreur=coupure", json={}, headers={"Accept": "application/json"},
                      auth=(ADMIN, PASSWORD), timeout=60)
    assert r.status_code == 503, r.text[:500]
    assert r.headers["Retry-After"] == str(indisponible.RETRY_AFTER)
    assert r.headers["Content-Type"].startswith("application/json")
    assert r.json() == {"error": {"type": "StockageIndisponible", "message": MESSAGE}}


def test_une_autre_erreur_du_pilote_reste_500(serveur):
    """A statement timeout is not an outage: the same answer as any other error, a 500."""
    r = requests.get(f"{serveur}/@@panne-stockage-test?erreur=requete-annulee", headers={"Accept": "application/json"},
                     timeout=60)
    assert r.status_code == 500, r.text[:500]
    assert "Retry-After" not in r.headers
    assert MESSAGE not in r.text
    r = requests.get(f"{serveur}/@@panne-stockage-test?erreur=requete-annulee", headers={"Accept": "text/html"}, timeout=60)
    assert r.status_code == 500 and MESSAGE not in r.text
