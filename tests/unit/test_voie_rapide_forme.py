"""The shape of the requests the fast lane takes (cartable.core.voie_rapide.reconnaitre): everything else is Zope's,
decided before any database read. The answers themselves are compared with Zope's in
tests/integration/test_voie_rapide.py."""

import binascii

import pytest
from zope.component import getGlobalSiteManager

from cartable.core import voie_rapide


class RouteEssai(voie_rapide.Route):
    def repondre(self, methode, site, contexte, parametre, demande):
        return {}


def enregistree(route, nom):
    """The route registered under ``nom`` for the test, then taken away."""
    registre = getGlobalSiteManager()
    registre.registerUtility(route, voie_rapide.IRouteRapide, name=nom)
    yield route
    registre.unregisterUtility(route, voie_rapide.IRouteRapide, name=nom)


@pytest.fixture(autouse=True)
def route():
    yield from enregistree(RouteEssai(), "@essai")


TICKET = b"0123456789abcdef0123456789abcdef65a0b0c0karine.nguyen2!"
COOKIE = "__ac=" + binascii.b2a_base64(TICKET).decode().strip().replace("+", "%2B").replace("=", "%3D")


def environ(**changes):
    base = {"REQUEST_METHOD": "GET", "PATH_INFO": "/cartable/0139101x/@essai/2026-12-03@4b-3-1000", "QUERY_STRING": "",
            "HTTP_ACCEPT": "application/json", "HTTP_COOKIE": COOKIE}
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def test_the_roll_calls_request_is_taken_with_its_ticket_decoded_as_zope_decodes_it(route):
    demande = voie_rapide.reconnaitre(environ())
    assert demande is not None and demande.route is route
    assert (demande.site, demande.contexte, demande.nom, demande.parametre) == ("cartable", "0139101x", "@essai", "2026-12-03@4b-3-1000")
    assert demande.ticket == TICKET
    quoted = voie_rapide.reconnaitre(environ(HTTP_COOKIE=f'other=1; __ac="{binascii.b2a_base64(TICKET).decode().strip()}"'))
    assert quoted is not None and quoted.ticket == TICKET
    assert voie_rapide.reconnaitre(environ(REQUEST_METHOD="POST", CONTENT_LENGTH="12")) is not None


@pytest.mark.parametrize("changes", [
    {"REQUEST_METHOD": "PUT"}, {"REQUEST_METHOD": "DELETE"}, {"REQUEST_METHOD": "HEAD"},
    {"QUERY_STRING": "x=1"},
    {"HTTP_AUTHORIZATION": "Basic YTpi"},
    {"HTTP_ACCEPT": None}, {"HTTP_ACCEPT": "*/*"}, {"HTTP_ACCEPT": "application/json, text/html"},
    {"HTTP_COOKIE": None}, {"HTTP_COOKIE": "__ac_name=x"}, {"HTTP_COOKIE": "__ac="}, {"HTTP_COOKIE": "__ac=%%%"},
    {"CONTENT_LENGTH": "5"},  # a GET with a body
    {"PATH_INFO": "/cartable/0139101x/@autre/cle"},  # no such route
    {"PATH_INFO": "/cartable/0139101x/@essai"}, {"PATH_INFO": "/cartable/0139101x/@essai/a/b"},
    {"PATH_INFO": "/cartable/0139101x/@essai/"}, {"PATH_INFO": "//0139101x/@essai/cle"},
    {"PATH_INFO": "/cartable/0139101x/@@essai/cle"}, {"PATH_INFO": "/cartable/++resource++x/@essai/cle"},
    {"PATH_INFO": "/VirtualHostBase/http/@essai/cle"}, {"PATH_INFO": "/cartable/../@essai/cle"},
    {"PATH_INFO": "/cartable/_private/@essai/cle"}, {"PATH_INFO": "/cartable/0139101x/@essai/x@@view"},
])
def test_everything_else_is_left_to_zope(changes):
    assert voie_rapide.reconnaitre(environ(**changes)) is None


def test_off_switch(monkeypatch):
    for valeur, attendu in (("0", False), ("non", False), ("off", False), ("1", True), ("", True)):
        monkeypatch.setenv("CARTABLE_VOIE_RAPIDE", valeur)
        assert voie_rapide.active() is attendu


@pytest.mark.parametrize("entrees, attendu", [
    ({"HTTP_HOST": "localhost:8080", "wsgi.url_scheme": "http"}, "http://localhost:8080"),
    ({"HTTP_HOST": "ent.region.fr:443", "wsgi.url_scheme": "https"}, "https://ent.region.fr"),
    ({"HTTP_HOST": "ent.region.fr", "HTTPS": "on"}, "https://ent.region.fr"),
    ({"SERVER_NAME": "ent", "SERVER_PORT": "80"}, "http://ent"),
    ({"SERVER_NAME": "ent", "SERVER_PORT": "8080"}, "http://ent:8080"),
    ({"SERVER_URL": "https://ent.region.fr/", "HTTP_HOST": "x"}, "https://ent.region.fr"),
])
def test_the_server_url_is_zopes(entrees, attendu):
    assert voie_rapide._serveur(entrees) == attendu


class LectureEssai(voie_rapide.Lecture):
    """A read without a parameter that takes two names of the query string (as @emploi-du-temps)."""

    cles = frozenset({"eleve", "du"})

    def repondre(self, methode, site, contexte, parametre, demande):
        return {}


@pytest.fixture
def lecture():
    yield from enregistree(LectureEssai(), "@lire")


@pytest.mark.parametrize("chemin, contexte", [("/cartable/0139101x/@lire", "0139101x"), ("/cartable/@lire", None)])
def test_a_read_without_parameter_is_taken_on_an_object_or_on_the_site(lecture, chemin, contexte):
    demande = voie_rapide.reconnaitre(environ(PATH_INFO=chemin, QUERY_STRING="eleve=123&du=2026-12-03"))
    assert demande is not None and demande.route is lecture
    assert (demande.site, demande.contexte, demande.nom, demande.parametre) == ("cartable", contexte, "@lire", None)
    assert demande.formulaire == {"eleve": "123", "du": "2026-12-03"}
    assert voie_rapide.reconnaitre(environ(PATH_INFO=chemin)).formulaire == {}


@pytest.mark.parametrize("changes", [
    {"REQUEST_METHOD": "POST", "CONTENT_LENGTH": "2"},  # the route reads only
    {"PATH_INFO": "/cartable/0139101x/@lire/x"}, {"PATH_INFO": "/cartable/@lire/"}, {"PATH_INFO": "//@lire"},
    {"PATH_INFO": "/cartable/0139101x/@lire/"}, {"PATH_INFO": "/_cartable/@lire"}, {"PATH_INFO": "/@lire"},
    {"QUERY_STRING": "autre=1"}, {"QUERY_STRING": "eleve=1&eleve=2"}, {"QUERY_STRING": "eleve:list=1"},
    {"QUERY_STRING": "eleve:int=1"}, {"QUERY_STRING": "eleve=%FF"}, {"QUERY_STRING": "%FF=1"},
    {"QUERY_STRING": "eleve=1&:method=x"},
])
def test_a_read_leaves_to_zope_what_it_does_not_know(lecture, changes):
    assert voie_rapide.reconnaitre(environ(**{"PATH_INFO": "/cartable/0139101x/@lire", **changes})) is None


@pytest.mark.parametrize("requete", [
    "eleve=123", "eleve=", "eleve", "eleve=a+b%20c", "eleve=%C3%A9l%C3%A8ve&du=2026-12-03", "du=x%26y%3Dz",
    "eleve=1&&du=2", "eleve=%2B1", "eleve=a=b",
])
def test_the_form_is_the_one_zope_builds(requete):
    """Compared with Zope's own parsing of the same query string (HTTPRequest.processInputs)."""
    import io

    from ZPublisher.HTTPRequest import HTTPRequest
    from ZPublisher.HTTPResponse import HTTPResponse

    zope = HTTPRequest(io.BytesIO(b""), {"REQUEST_METHOD": "GET", "QUERY_STRING": requete, "SERVER_NAME": "ent",
                                         "SERVER_PORT": "80"}, HTTPResponse())
    zope.processInputs()
    assert voie_rapide._formulaire(requete, frozenset({"eleve", "du"})) == dict(zope.form)
