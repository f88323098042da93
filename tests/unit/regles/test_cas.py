"""The CAS server's rules (cartable.regles.cas): services, tickets, the login decision, the XML answers."""

from xml.etree import ElementTree

import pytest

from cartable.regles import cas

PRONOTE = cas.Service(motif="https://pronote.exemple.fr/lycee", nom="Pronote", attributs=("login", "uai"))
TOUT = cas.Service(motif="https://appli.exemple.fr/", nom="Appli", attributs=tuple(cas.ATTRIBUTS))


@pytest.mark.parametrize("url", [
    "https://pronote.exemple.fr/lycee",
    "https://pronote.exemple.fr/lycee/",
    "https://pronote.exemple.fr/lycee/eleve.html?x=1",
    "https://PRONOTE.exemple.fr/lycee/cas",
])
def test_a_url_under_the_pattern_matches(url):
    assert cas.correspond(url, PRONOTE.motif)


@pytest.mark.parametrize("url", [
    "https://pronote.exemple.fr/lyceeX",  # not at a / boundary
    "https://pronote.exemple.fr/",  # above the pattern
    "http://pronote.exemple.fr/lycee",  # another scheme
    "https://pronote.exemple.fr:8443/lycee",  # another port
    "https://pronote.exemple.fr.pirate.fr/lycee",  # another host
    "https://pronote.exemple.fr@pirate.fr/lycee",  # user information
    "https://pirate.fr/https://pronote.exemple.fr/lycee",
    "https://pronote.exemple.fr/lycee/../admin",
    "https://pronote.exemple.fr/lycee#frag",
    "javascript:alert(1)//pronote.exemple.fr/lycee",
    "//pronote.exemple.fr/lycee",
    "https://pronote.exemple.fr/lycee\\@pirate.fr",
    "https://pronote.exemple.fr/lycee/\nx",
    "",
    None,
    "https://pronote.exemple.fr:99999/lycee",
])
def test_anything_else_does_not(url):
    assert not cas.correspond(url, PRONOTE.motif)


def test_the_first_registered_service_the_url_falls_under():
    assert cas.service_enregistre("https://appli.exemple.fr/a", [PRONOTE, TOUT]) is TOUT
    assert cas.service_enregistre("https://autre.fr/", [PRONOTE, TOUT]) is None


def test_a_registration_is_read_and_checked():
    service = cas.lire_service({"motif": " https://Pronote.Exemple.fr/lycee ", "nom": " Pronote ",
                                "attributs": ["uai", "login"]})
    assert service == cas.Service("https://pronote.exemple.fr/lycee", "Pronote", ("login", "uai"))
    for mauvais in ({"motif": "ftp://x.fr/", "nom": "X"}, {"motif": "https://x.fr/?a=1", "nom": "X"},
                    {"motif": "https://x.fr/", "nom": ""}, {"motif": "https://x.fr/", "nom": "X", "attributs": ["mdp"]},
                    {"motif": "https://u@x.fr/", "nom": "X"}, "https://x.fr/"):
        with pytest.raises(cas.ServiceInvalide):
            cas.lire_service(mauvais)


def test_tickets_are_random_well_formed_and_distinct():
    tickets = {cas.nouveau_ticket() for _ in range(200)}
    assert len(tickets) == 200
    assert all(cas.ticket_bien_forme(t) and t.startswith("ST-") and len(t) >= 35 for t in tickets)
    assert not cas.ticket_bien_forme("ST-court") and not cas.ticket_bien_forme("PT-" + "a" * 40)


def test_a_ticket_lives_ten_seconds():
    assert cas.DUREE_TICKET == 10
    assert not cas.expire(100.0, 100.0) and not cas.expire(100.0, 109.9)
    assert cas.expire(100.0, 110.0) and cas.expire(100.0, 99.0)


def test_the_ticket_goes_into_the_service_url():
    assert cas.url_avec_ticket("https://a.fr/p?x=1&ticket=vieux", "ST-abc") == "https://a.fr/p?x=1&ticket=ST-abc"
    assert cas.url_avec_ticket("https://a.fr/p", "ST-abc") == "https://a.fr/p?ticket=ST-abc"


def decision(**kw):
    base = dict(service_url="https://pronote.exemple.fr/lycee/", services=[PRONOTE], connecte=True,
                personne_active=True, renew=False, gateway=False, renouvele=False)
    return cas.decision_login(**{**base, **kw})


def test_login_decisions():
    assert decision() == cas.TICKET_EMIS
    assert decision(service_url="https://pirate.fr/") == cas.REFUS_SERVICE
    assert decision(service_url="https://pirate.fr/", connecte=False) == cas.REFUS_SERVICE
    assert decision(connecte=False) == cas.DEMANDER_CONNEXION
    assert decision(connecte=False, gateway=True) == cas.SANS_TICKET
    assert decision(gateway=True) == cas.TICKET_EMIS  # gateway never asks, but a session is reused
    assert decision(renew=True) == cas.RENOUVELER  # a session is not enough
    assert decision(renew=True, gateway=True, connecte=False) == cas.RENOUVELER  # renew takes precedence
    assert decision(renew=True, renouvele=True) == cas.TICKET_EMIS
    assert decision(personne_active=False) == cas.REFUS_PERSONNE
    assert decision(service_url="") == cas.DEJA_CONNECTE
    assert decision(service_url="", connecte=False) == cas.DEMANDER_CONNEXION


def enregistrement(**kw):
    return {"service": "https://pronote.exemple.fr/lycee/", "login": "lea", "cree": 1000.0, "renouvele": False, **kw}


def test_validation_refusals_and_their_codes():
    ticket = cas.nouveau_ticket()
    ok = dict(service_url="https://pronote.exemple.fr/lycee/", ticket=ticket, enregistrement=enregistrement(),
              maintenant=1005.0)
    assert cas.verifier_validation(**ok) is None
    assert cas.verifier_validation(**{**ok, "service_url": ""})[0] == cas.INVALID_REQUEST
    assert cas.verifier_validation(**{**ok, "ticket": None})[0] == cas.INVALID_REQUEST
    assert cas.verifier_validation(**{**ok, "ticket": "XX-1"})[0] == cas.INVALID_TICKET_SPEC
    assert cas.verifier_validation(**{**ok, "enregistrement": None})[0] == cas.INVALID_TICKET
    assert cas.verifier_validation(**{**ok, "maintenant": 1010.0})[0] == cas.INVALID_TICKET
    assert cas.verifier_validation(**{**ok, "service_url": "https://pronote.exemple.fr/lycee/autre"})[0] \
        == cas.INVALID_SERVICE
    assert cas.verifier_validation(**{**ok, "renew": True})[0] == cas.INVALID_TICKET
    assert cas.verifier_validation(**{**ok, "renew": True, "enregistrement": enregistrement(renouvele=True)}) is None


def test_only_the_registered_attributes_are_released():
    tous = {"login": "lea", "aaf_id": "123", "profil": "Eleve", "uai": ["0750001A"], "classes": ["0750001A$3B"]}
    assert cas.attributs_publies(tous, PRONOTE) == {"login": ["lea"], "uai": ["0750001A"]}
    assert cas.attributs_publies({**tous, "classes": []}, TOUT) == {
        "login": ["lea"], "aaf_id": ["123"], "profil": ["Eleve"], "uai": ["0750001A"]}


def test_xml_answers():
    q = lambda nom: f"{{{cas.NS}}}{nom}"  # noqa: E731
    v2 = ElementTree.fromstring(cas.reponse_succes("lea.martin"))
    assert v2.tag == q("serviceResponse")
    assert v2.find(f"{q('authenticationSuccess')}/{q('user')}").text == "lea.martin"
    assert v2.find(f".//{q('attributes')}") is None
    v3 = ElementTree.fromstring(cas.reponse_succes("lea<&>", {"uai": ["A", "B"], "login": ["lea<&>"]}))
    assert v3.find(f".//{q('user')}").text == "lea<&>"  # escaped, not injected
    assert [e.text for e in v3.findall(f".//{q('attributes')}/{q('uai')}")] == ["A", "B"]
    echec = ElementTree.fromstring(cas.reponse_echec(cas.INVALID_TICKET, "Ticket ST-x inconnu."))
    refus = echec.find(q("authenticationFailure"))
    assert refus.get("code") == "INVALID_TICKET" and refus.text == "Ticket ST-x inconnu."
