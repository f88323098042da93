"""The SAML service provider's store (cartable.annuaire.saml.magasin), on its SQLite file and on Redis: a request
answered once, an assertion used once, records forgotten at their end — of simultaneous uses, one wins."""

import threading
from datetime import timedelta

import pytest

from cartable.annuaire.saml import magasin
from cartable.core import horloge
from tests.unit.annuaire.test_cas_tickets import redis_propre  # noqa: F401  (a redis-server of the test's own)


@pytest.fixture
def fichier(tmp_path, monkeypatch):
    monkeypatch.delenv("CARTABLE_REDIS_URL", raising=False)
    monkeypatch.setenv("CARTABLE_SAML_FILE", str(tmp_path / "saml.sqlite3"))
    return tmp_path / "saml.sqlite3"


def a_la_fois(action, nombre=8):
    resultats, depart = [], threading.Barrier(nombre)

    def faire():
        depart.wait()
        resultats.append(action())

    fils = [threading.Thread(target=faire) for _ in range(nombre)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    return resultats


def test_a_request_is_answered_once(fichier):
    magasin.demande_emise("id-1", {"fournisseur": "educonnect", "destination": "https://a.fr/"}, 600)
    assert magasin.demande_reprise("id-1") == {"fournisseur": "educonnect", "destination": "https://a.fr/"}
    assert magasin.demande_reprise("id-1") is None
    assert magasin.demande_reprise("id-inconnu") is None and magasin.demande_reprise(None) is None
    assert fichier.exists()


def test_an_assertion_is_used_once_even_at_the_same_instant(fichier):
    assert magasin.premiere_fois("id-a", 300)
    assert not magasin.premiere_fois("id-a", 300)
    assert sum(a_la_fois(lambda: magasin.premiere_fois("id-b", 300))) == 1


def test_a_request_past_its_end_is_not_answered(fichier):
    magasin.demande_emise("id-2", {"fournisseur": "agents"}, 600)
    horloge.figer(horloge.maintenant() + timedelta(seconds=601))
    assert magasin.demande_reprise("id-2") is None


def test_an_assertion_id_is_forgotten_after_its_end_only(fichier):
    assert magasin.premiere_fois("id-c", 120)
    horloge.figer(horloge.maintenant() + timedelta(seconds=119))
    assert not magasin.premiere_fois("id-c", 120)  # still remembered
    horloge.figer(horloge.maintenant() + timedelta(seconds=2))
    assert magasin.premiere_fois("id-c", 120)  # purged at its end (the assertion itself has expired by then)


def test_a_saml_session_is_taken_once(fichier):
    magasin.ouvrir_session("cle", {"fournisseur": "educonnect", "name_id": "x"}, 3600)
    assert sum(r is not None for r in a_la_fois(lambda: magasin.fermer_session("cle"))) == 1
    assert magasin.fermer_session("") is None


def test_the_redis_store_remembers_an_assertion_once(redis_propre):  # noqa: F811
    assert magasin.premiere_fois("id-r", 300)
    assert 0 < redis_propre.ttl(magasin.PREFIXE_CLE + "A:id-r") <= 300
    assert not magasin.premiere_fois("id-r", 300)
    assert sum(a_la_fois(lambda: magasin.premiere_fois("id-s", 300))) == 1
    magasin.demande_emise("id-3", {"fournisseur": "educonnect"}, 600)
    assert sum(r is not None for r in a_la_fois(lambda: magasin.demande_reprise("id-3"))) == 1
