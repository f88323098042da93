"""The fast lane (cartable.core.voie_rapide) gives Zope's answer: the roll call's GET and POST, its refusals,
and everything it must leave to Zope.

Each request goes, in this process, through the instance's WSGI stack as ``cartable-start`` builds it (the fast
lane in front of Zope's ``publish_module``) with a browser's session (the ``__ac`` cookie from the login form);
the same request with ``CARTABLE_VOIE_RAPIDE=0`` gives Zope's own answer. Refusals write nothing, so both ways
are compared on the same state; a POST is compared through idempotency: answered by one way, replayed with the
same key by the other, the two bodies are the same bytes.
"""

import re

import pytest
import transaction
from webtest import TestApp
from ZODB.POSException import ConflictError
from ZPublisher.WSGIPublisher import publish_module

from cartable.core import conflits, voie_rapide
from cartable.ops.entetes import filter_factory
from cartable.testing import PASSWORD
from cartable.viescolaire.stockage import lire_vie_scolaire

VARIABLES = ("Date", "Server", "Via")  # set by the server, not by either way


class Pile:
    """The WSGI stack of an instance, with the requests that reached Zope counted."""

    def __init__(self, site, monkeypatch):
        self.zope = []
        self.utilisateurs = []  # REMOTE_USER after each request (what the access log writes)
        self.monkeypatch = monkeypatch

        def zope(environ, start_response):
            self.zope.append((environ["REQUEST_METHOD"], environ["PATH_INFO"]))
            return publish_module(environ, start_response)

        hote = site["url"].split("/")[2]
        pile = filter_factory({})(voie_rapide.filtre(zope))  # the instance's: X-Powered-By out, the 503 guard
        self.app = TestApp(pile, lint=False, extra_environ={"HTTP_HOST": hote})
        self.racine = "/" + site["url"].split("/", 3)[3]
        self.etab = "/" + site["paths"]["etab"].split("/", 3)[3]
        self.registre = f"{self.etab}/@appel/{site['paths']['cours']}"

    def connecter(self, login):
        self.app.reset()
        formulaire = self.app.get(f"{self.racine}/login").text
        champs = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', formulaire))
        self.app.post(f"{self.racine}/login", {**champs, "__ac_name": login, "__ac_password": PASSWORD,
                                                "buttons.login": "Se connecter"})
        assert self.app.cookies.get("__ac"), login
        return self

    def envoyer(self, methode, chemin=None, corps=None, entetes=None, rapide=True, brut=None):
        """(status, headers without the server's own, body bytes, answered by Zope?)"""
        self.monkeypatch.setenv("CARTABLE_VOIE_RAPIDE", "1" if rapide else "0")
        avant = len(self.zope)
        entetes = {"Accept": "application/json", **(entetes or {})}
        chemin = chemin or self.registre
        if methode == "GET":
            reponse = self.app.get(chemin, headers=entetes, expect_errors=True)
        else:
            if brut is None:
                reponse = self.app.post_json(chemin, corps, headers=entetes, expect_errors=True)
            else:
                reponse = self.app.post(chemin, brut, headers=entetes, expect_errors=True)
        transaction.abort()  # the test's own view of the database: fresh
        self.utilisateurs.append(reponse.request.environ.get("REMOTE_USER"))
        en_tetes = sorted((k, v) for k, v in reponse.headerlist if k not in VARIABLES)
        return reponse.status_int, en_tetes, reponse.body, len(self.zope) > avant

    def les_deux(self, methode, chemin=None, corps=None, entetes=None, brut=None):
        """The same request both ways (a request that writes nothing): the fast one must not have gone to Zope."""
        zope = self.envoyer(methode, chemin, corps, entetes, rapide=False, brut=brut)
        rapide = self.envoyer(methode, chemin, corps, entetes, rapide=True, brut=brut)
        return zope, rapide


@pytest.fixture
def pile(site, monkeypatch):
    return Pile(site, monkeypatch)


def eleves(reponse):
    import json

    return [e["id"] for e in json.loads(reponse[2])["eleves"]]


def test_the_register_read_both_ways_is_the_same_answer(pile, site):
    pile.connecter(site["logins"]["enseignant"])
    zope, rapide = pile.les_deux("GET")
    assert pile.utilisateurs[-2:] == [site["logins"]["enseignant"]] * 2  # the access log names them both ways
    assert zope[3] and not rapide[3]  # Zope answered the first, the fast lane the second
    assert zope[:3] == rapide[:3] and zope[0] == 200
    assert dict(rapide[1])["Content-Security-Policy"] and dict(rapide[1])["X-Frame-Options"] == "SAMEORIGIN"
    pile.connecter(site["logins"]["cpe"])  # the vie scolaire reads every register
    zope, rapide = pile.les_deux("GET")
    assert zope[:3] == rapide[:3] and zope[0] == 200 and not rapide[3]


def test_a_roll_call_answered_by_one_way_is_replayed_by_the_other(pile, site, functional_demo):
    pile.connecter(site["logins"]["enseignant"])
    premier, second = eleves(pile.envoyer("GET"))[:2]
    corps = {"marques": {premier: {"type": "absence"}, second: {"type": "retard", "minutes": 7}}}
    rapide = pile.envoyer("POST", corps=corps, entetes={"Idempotency-Key": "k-1"})
    assert rapide[0] == 200 and not rapide[3]
    rejoue = pile.envoyer("POST", corps=corps, entetes={"Idempotency-Key": "k-1"}, rapide=False)
    assert rejoue[3] and rejoue[:3] == rapide[:3]  # Zope finds the fast lane's answer under the key
    fait = pile.envoyer("POST", corps={"marques": {}, "fait": True}, entetes={"Idempotency-Key": "k-2"}, rapide=False)
    assert fait[0] == 200 and fait[3]
    rejoue = pile.envoyer("POST", corps={"marques": {}, "fait": True}, entetes={"Idempotency-Key": "k-2"})
    assert not rejoue[3] and rejoue[:3] == fait[:3]  # and the other way round
    appel = lire_vie_scolaire(functional_demo["portal"][pile.etab.rsplit("/", 1)[1]]).appels[site["paths"]["cours"]]
    assert dict(appel.marques) == {premier: {"type": "absence"}, second: {"type": "retard", "minutes": 7}}
    assert len(appel.journal) == 2 and appel.etat == "fait"  # each mark stored once, by either way
    assert appel.fait_par == site["logins"]["enseignant"]
    zope, rapide = pile.les_deux("GET")  # and the register reads the same both ways after them
    assert zope[:3] == rapide[:3]


@pytest.mark.parametrize("cas", [
    "marque inconnue", "pas un objet", "json invalide", "pas du json", "autre site", "cours inconnu",
    "eleve d'une autre classe", "trop gros",
])
def test_refusals_are_the_same_and_write_nothing(pile, site, functional_demo, cas):
    pile.connecter(site["logins"]["enseignant"])
    eleve = eleves(pile.envoyer("GET"))[0]
    requete = {
        "marque inconnue": dict(corps={"marques": {eleve: {"type": "evade"}}}),
        "pas un objet": dict(corps=[1, 2]),
        "json invalide": dict(brut=b"{marques", entetes={"Content-Type": "application/json"}),
        "pas du json": dict(brut=b"marques=1", entetes={"Content-Type": "application/x-www-form-urlencoded"}),
        "autre site": dict(corps={"marques": {}}, entetes={"Origin": "https://ailleurs.example"}),
        "cours inconnu": dict(corps={"marques": {}}, chemin=f"{pile.etab}/@appel/2026-11-23@3a-9-0800"),
        "eleve d'une autre classe": dict(corps={"marques": {"0000000": {"type": "absence"}}}),
        "trop gros": dict(brut=b"{" + b" " * (2 * 1024 * 1024) + b"}", entetes={"Content-Type": "application/json"}),
    }[cas]
    zope, rapide = pile.les_deux("POST", **requete)
    assert zope[0] in (400, 403, 404, 413, 415) and zope[:3] == rapide[:3], (zope, rapide)
    assert zope[3]
    assert rapide[3] == (cas == "trop gros")  # past the limit, Zope judges the length itself
    vs = lire_vie_scolaire(functional_demo["portal"][pile.etab.rsplit("/", 1)[1]])
    assert site["paths"]["cours"] not in vs.appels  # nothing written either way


@pytest.mark.parametrize("role", ["parent", "eleve", "enseignant_autre", "cpe_autre"])
def test_people_who_may_not_see_the_register_get_the_same_refusal(pile, site, role):
    pile.connecter(site["logins"][role])
    zope, rapide = pile.les_deux("GET")
    assert zope[0] in (401, 403) and zope[0] == rapide[0], (role, zope, rapide)
    if not rapide[3]:  # answered by the fast lane: the service's own refusal, word for word
        assert zope[:3] == rapide[:3]


def test_what_the_fast_lane_leaves_to_zope(pile, site, functional_demo):
    """Basic auth, no cookie, a forged or unknown ticket, another Accept, a query string, a page: Zope's."""
    import base64

    anonyme = pile.envoyer("GET")
    assert anonyme[3] and anonyme[0] == 401
    basic = "Basic " + base64.b64encode(f"{site['logins']['enseignant']}:{PASSWORD}".encode()).decode()
    assert pile.envoyer("GET", entetes={"Authorization": basic})[3]
    pile.connecter(site["logins"]["enseignant"])
    assert pile.envoyer("GET", entetes={"Accept": "application/json, text/plain"})[3]
    assert pile.envoyer("GET", chemin=pile.registre + "?x=1")[3]
    assert pile.envoyer("GET", chemin=f"{pile.etab}/@appels")[3]  # not a fast route
    jeton = pile.app.cookies["__ac"]
    pile.app.set_cookie("__ac", jeton[:-8] + "AAAAAAA=")  # a ticket whose signature does not match
    faux = pile.envoyer("GET")
    assert faux[3] and faux[0] == 401
    # a person deactivated after logging in: their ticket is still well signed, PAS no longer knows them
    pile.app.set_cookie("__ac", jeton)
    from cartable.annuaire.stockage import lire_annuaire

    annuaire = lire_annuaire(functional_demo["portal"])
    annuaire.personne(annuaire.par_login(site["logins"]["enseignant"]).id).actif = False
    transaction.commit()
    desactive = pile.envoyer("GET")
    assert desactive[3] and desactive[0] == 401


def test_anything_unexpected_goes_to_zope_with_nothing_written(pile, site, functional_demo, monkeypatch):
    pile.connecter(site["logins"]["enseignant"])
    eleve = eleves(pile.envoyer("GET"))[0]
    from cartable.viescolaire.services.appel import rapide

    def ecrit_puis_echoue(self, *arguments):
        vrai(self, *arguments)  # writes the mark, then fails before the commit
        raise RuntimeError("imprévu")

    vrai = rapide.AppelRapide.repondre
    monkeypatch.setattr(rapide.AppelRapide, "repondre", ecrit_puis_echoue)
    reponse = pile.envoyer("POST", corps={"marques": {eleve: {"type": "absence"}}}, entetes={"Idempotency-Key": "u"})
    assert reponse[0] == 200 and reponse[3]  # Zope answered, from scratch
    appel = lire_vie_scolaire(functional_demo["portal"][pile.etab.rsplit("/", 1)[1]]).appels[site["paths"]["cours"]]
    assert len(appel.journal) == 1 and list(appel.reponses) == ["u"]  # the fast lane's write was never committed


def test_a_conflict_is_retried_and_counted(pile, site, functional_demo, monkeypatch):
    pile.connecter(site["logins"]["enseignant"])
    eleve = eleves(pile.envoyer("GET"))[0]
    from cartable.viescolaire.services.appel import rapide

    vrai, essais = rapide.AppelRapide.repondre, []

    def conflit_une_fois(self, *arguments):
        essais.append(1)
        reponse = vrai(self, *arguments)
        if len(essais) == 1:
            raise ConflictError("une autre écriture du même registre")
        return reponse

    monkeypatch.setattr(rapide.AppelRapide, "repondre", conflit_une_fois)
    avant = conflits.lire()
    reponse = pile.envoyer("POST", corps={"marques": {eleve: {"type": "absence"}}}, entetes={"Idempotency-Key": "c"})
    assert reponse[0] == 200 and not reponse[3] and len(essais) == 2
    assert conflits.lire()["retried"] == avant["retried"] + 1
    appel = lire_vie_scolaire(functional_demo["portal"][pile.etab.rsplit("/", 1)[1]]).appels[site["paths"]["cours"]]
    assert len(appel.journal) == 1  # the first attempt's write was aborted


# -- the family's reads at 8:00: @mon-profil on the site, @emploi-du-temps with its query string --


@pytest.mark.parametrize("role", ["parent", "eleve", "enseignant", "cpe"])
def test_my_profile_read_both_ways_is_the_same_answer(pile, site, role):
    pile.connecter(site["logins"][role])
    zope, rapide = pile.les_deux("GET", chemin=f"{pile.racine}/@mon-profil")
    assert zope[3] and not rapide[3]
    assert zope[:3] == rapide[:3] and zope[0] == 200, (zope, rapide)
    if role == "parent":
        assert site["paths"]["eleve"] in rapide[2].decode()  # their child, with the page's links


@pytest.mark.parametrize("requete", [
    "eleve={eleve}", "eleve={eleve}&du=2026-11-23&au=2026-11-29", "du=2026-11-23&eleve={eleve}",
    "eleve={eleve}&du=23/11/2026", "eleve={eleve}&du=2026-11-01&au=2027-03-01", "eleve=%2B{eleve}", "eleve=",
])
def test_a_childs_timetable_read_by_the_parent_both_ways_is_the_same_answer(pile, site, requete):
    pile.connecter(site["logins"]["parent"])
    chemin = f"{pile.etab}/@emploi-du-temps?" + requete.format(eleve=site["paths"]["eleve"])
    zope, rapide = pile.les_deux("GET", chemin=chemin)
    assert zope[3] and not rapide[3]
    assert zope[:3] == rapide[:3], (zope, rapide)
    assert zope[0] in (200, 400, 403, 404)


@pytest.mark.parametrize("role", ["parent_autre", "enseignant", "cpe", "eleve"])
def test_a_timetable_others_may_or_may_not_read_is_the_same_both_ways(pile, site, role):
    pile.connecter(site["logins"][role])
    zope, rapide = pile.les_deux("GET", chemin=f"{pile.etab}/@emploi-du-temps?eleve={site['paths']['eleve']}")
    assert zope[:3] == rapide[:3], (role, zope, rapide)
    if role == "parent_autre":
        assert zope[0] in (401, 403)  # another family's child


def test_what_the_fast_lane_leaves_to_zope_on_the_reads(pile, site):
    pile.connecter(site["logins"]["parent"])
    eleve = site["paths"]["eleve"]
    for chemin in (f"{pile.etab}/@emploi-du-temps?eleve={eleve}&eleve={eleve}",  # a repeated name: Zope's list
                   f"{pile.etab}/@emploi-du-temps?eleve:list={eleve}",  # a converter
                   f"{pile.etab}/@emploi-du-temps?eleve={eleve}&autre=1",  # a name the route does not read
                   f"{pile.etab}/@emploi-du-temps/{eleve}",  # a parameter it does not take
                   f"{pile.racine}/@mon-profil?x=1"):
        reponse = pile.envoyer("GET", chemin=chemin)
        assert reponse[3] and reponse[0] != 500, (chemin, reponse[0])
    assert pile.envoyer("POST", chemin=f"{pile.racine}/@mon-profil", corps={})[3]  # it only reads
