"""Cartable as a CAS server (issue 18), over HTTP with real components: a second application, started here on
another port, uses python-cas (a CAS client library) to send the person to Cartable and validate the ticket it
gets back (2.0 and 3.0); the person is a ``requests`` session that logs in through Cartable's login form."""

import html
import json
import re
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import cas as python_cas
import pytest
import requests
import transaction

from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge
from cartable.regles import cas
from tests.integration.requetes import JOUR, PASSWORD, client

NS = {"cas": cas.NS}


class Application:
    """The region's other application: ``/app…`` asks for a CAS login, ``/app…?ticket=`` validates it with
    python-cas (version 2 or 3) and answers what it received, as JSON."""

    def __init__(self, cas_url, version):
        self.cas_url, self.version = cas_url, version
        application = self

        class Gestion(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                partie = urlsplit(self.path)
                service = f"{application.url}{partie.path}"
                ticket = parse_qs(partie.query).get("ticket", [None])[0]
                client_cas = python_cas.CASClient(version=application.version, service_url=service,
                                                  server_url=application.cas_url)
                if not ticket:
                    self.send_response(302)
                    self.send_header("Location", client_cas.get_login_url())
                    self.end_headers()
                    return
                user, attributs, _ = client_cas.verify_ticket(ticket)
                corps = json.dumps({"user": user, "attributs": attributs}).encode()
                self.send_response(200 if user else 403)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(corps)

        self.serveur = ThreadingHTTPServer(("127.0.0.1", 0), Gestion)
        self.url = f"http://127.0.0.1:{self.serveur.server_port}"
        threading.Thread(target=self.serveur.serve_forever, daemon=True).start()

    def fermer(self):
        self.serveur.shutdown()
        self.serveur.server_close()


@pytest.fixture
def application(site):
    """Application 3.0, registered by the region's administrator with every attribute but « classes »."""
    app = Application(f"{site['url']}/cas/", 3)
    reponse = client(site, "admin").post("@cas-services", {"motif": f"{app.url}/app", "nom": "Pronote de test",
                                                           "attributs": ["login", "aaf_id", "profil", "uai"]})
    assert reponse.status_code == 201, reponse.text
    yield app
    app.fermer()


def connecter(navigateur, reponse, login, **options):
    """On Cartable's login form (where ``reponse`` landed): the hidden fields and the credentials, as a browser."""
    assert reponse.status_code == 200 and "__ac_password" in reponse.text, reponse.url
    champs = {}
    for balise in re.findall(r"<input[^>]*>", reponse.text):
        attributs = dict(re.findall(r'([\w-]+)="([^"]*)"', balise))
        if attributs.get("type") == "hidden" and attributs.get("name"):
            champs[attributs["name"]] = html.unescape(attributs.get("value", ""))
    action = urlsplit(reponse.url)._replace(query="").geturl()
    return navigateur.post(action, data={**champs, "__ac_name": login, "__ac_password": PASSWORD,
                                         "buttons.login": "Se connecter"}, timeout=60, **options)


def valider(site, chemin, service, ticket, **params):
    reponse = requests.get(f"{site['url']}/cas/{chemin}", params={"service": service, "ticket": ticket, **params},
                           timeout=60)
    assert reponse.status_code == 200 and reponse.headers["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(reponse.content)


def ticket_pour(navigateur, site, service, **params):
    """cas/login for a logged-in session: the ticket of the redirect back to ``service``."""
    reponse = navigateur.get(f"{site['url']}/cas/login", params={"service": service, **params},
                             allow_redirects=False, timeout=60)
    assert reponse.status_code == 302, reponse.text
    lieu = reponse.headers["Location"]
    assert lieu.startswith(service + "?ticket=ST-"), lieu
    return parse_qs(urlsplit(lieu).query)["ticket"][0]


def echec(racine):
    refus = racine.find("cas:authenticationFailure", NS)
    return refus.get("code") if refus is not None else None


def test_one_login_opens_the_application_with_its_attributes_v3(site, functional_demo, application):
    navigateur = requests.Session()
    login = site["logins"]["eleve"]
    premiere = navigateur.get(f"{application.url}/app", timeout=60)  # app → Cartable → its login form
    assert "/login" in premiere.url and "came_from" in premiere.url
    arrivee = connecter(navigateur, premiere, login)  # → cas/login → app?ticket= → validated by python-cas
    assert arrivee.status_code == 200, (arrivee.url, [r.url for r in arrivee.history], arrivee.text[:3000])
    recu = arrivee.json()
    personne = lire_annuaire(functional_demo["portal"]).par_login(login)
    structures = lire_annuaire(functional_demo["portal"]).structures
    assert recu["user"] == login
    uai = [structures[s].uai for s in personne.rattachements]
    assert uai and all(re.fullmatch(r"\d{7}[A-Z]", u) for u in uai)
    attendus = {"login": login, "aaf_id": personne.id, "profil": "Eleve", "uai": uai[0] if len(uai) == 1 else uai}
    assert recu["attributs"] == attendus  # « classes » was not registered: not released

    # a second visit: the Cartable session is reused, no login form
    encore = navigateur.get(f"{application.url}/app/notes", timeout=60)
    assert encore.status_code == 200 and encore.json()["user"] == login
    passages = [urlsplit(r.url).path for r in encore.history]
    assert "/plone/cas/login" in passages and "/plone/login" not in passages


def test_the_v2_answer_carries_the_user_only_and_a_ticket_serves_once(site, application):
    navigateur = requests.Session()
    connecter(navigateur, navigateur.get(f"{site['url']}/login", timeout=60), site["logins"]["enseignant"])
    service = f"{application.url}/app/cahier"
    ticket = ticket_pour(navigateur, site, service)
    v2 = python_cas.CASClient(version=2, service_url=service, server_url=f"{site['url']}/cas/")
    user, attributs, _ = v2.verify_ticket(ticket)
    assert user == site["logins"]["enseignant"] and attributs is None
    assert v2.verify_ticket(ticket)[0] is None  # the same ticket again: refused
    assert echec(valider(site, "serviceValidate", service, ticket)) == cas.INVALID_TICKET


def test_a_ticket_for_another_service_is_refused_and_spent(site, application):
    navigateur = requests.Session()
    connecter(navigateur, navigateur.get(f"{site['url']}/login", timeout=60), site["logins"]["eleve"])
    ticket = ticket_pour(navigateur, site, f"{application.url}/app/a")
    assert echec(valider(site, "p3/serviceValidate", f"{application.url}/app/b", ticket)) == cas.INVALID_SERVICE
    # spent by the failed attempt (CAS 3.0: one validation attempt per ticket)
    assert echec(valider(site, "p3/serviceValidate", f"{application.url}/app/a", ticket)) == cas.INVALID_TICKET


def test_an_expired_ticket_is_refused(site, application):
    navigateur = requests.Session()
    connecter(navigateur, navigateur.get(f"{site['url']}/login", timeout=60), site["logins"]["eleve"])
    service = f"{application.url}/app"
    ticket = ticket_pour(navigateur, site, service)
    horloge.figer(JOUR + timedelta(seconds=cas.DUREE_TICKET))
    assert echec(valider(site, "p3/serviceValidate", service, ticket)) == cas.INVALID_TICKET
    horloge.figer(JOUR + timedelta(seconds=cas.DUREE_TICKET - 1))  # within 10 s: accepted
    recent = ticket_pour(navigateur, site, service)
    horloge.figer(JOUR + timedelta(seconds=2 * cas.DUREE_TICKET - 2))
    succes = valider(site, "p3/serviceValidate", service, recent)
    assert succes.find("cas:authenticationSuccess/cas:user", NS).text == site["logins"]["eleve"]


def test_validation_needs_both_parameters_and_a_well_formed_ticket(site, application):
    assert echec(valider(site, "serviceValidate", "", "")) == cas.INVALID_REQUEST
    assert echec(valider(site, "p3/serviceValidate", f"{application.url}/app", "ST-pas-bon")) == cas.INVALID_TICKET_SPEC
    assert echec(valider(site, "p3/serviceValidate", f"{application.url}/app", cas.nouveau_ticket())) \
        == cas.INVALID_TICKET


def test_an_unregistered_service_gets_a_french_page_and_no_redirect(site, application):
    for role in ("anonyme", "eleve"):
        reponse = client(site, role).page("cas/login", params={"service": "https://pirate.example.org/"},
                                          allow_redirects=False)
        assert reponse.status_code == 403 and "Location" not in reponse.headers
        assert "n'est pas enregistrée auprès de Cartable" in reponse.text
    # logout redirects only to a registered service
    sortie = client(site, "anonyme").page("cas/logout", params={"service": "https://pirate.example.org/"},
                                          allow_redirects=False)
    assert sortie.status_code == 200 and "Location" not in sortie.headers and "déconnecté" in sortie.text
    retour = client(site, "anonyme").page("cas/logout", params={"service": f"{application.url}/app"},
                                          allow_redirects=False)
    assert retour.status_code == 302 and retour.headers["Location"] == f"{application.url}/app"


def test_gateway_never_asks_and_logout_ends_the_session(site, application):
    service = f"{application.url}/app"
    navigateur = requests.Session()
    sans = navigateur.get(f"{site['url']}/cas/login", params={"service": service, "gateway": "true"},
                          allow_redirects=False, timeout=60)
    assert sans.status_code == 302 and sans.headers["Location"] == service  # back, no ticket, no form
    connecter(navigateur, navigateur.get(f"{site['url']}/login", timeout=60), site["logins"]["parent"])
    assert ticket_pour(navigateur, site, service, gateway="true")  # logged in: a ticket, still no form
    navigateur.get(f"{site['url']}/cas/logout", timeout=60)
    apres = navigateur.get(f"{site['url']}/cas/login", params={"service": service}, allow_redirects=False, timeout=60)
    assert apres.status_code == 302 and "/login?" in apres.headers["Location"]  # asked again


def test_renew_asks_for_the_password_again(site, application):
    service = f"{application.url}/app"
    login = site["logins"]["eleve"]
    navigateur = requests.Session()
    connecter(navigateur, navigateur.get(f"{site['url']}/login", timeout=60), login)
    simple = ticket_pour(navigateur, site, service)
    assert echec(valider(site, "p3/serviceValidate", service, simple, renew="true")) == cas.INVALID_TICKET
    formulaire = navigateur.get(f"{site['url']}/cas/login", params={"service": service, "renew": "true"}, timeout=60)
    assert "__ac_password" in formulaire.text  # the session was not enough: it was ended, the form again
    assert navigateur.get(f"{site['url']}/cas/login", params={"service": service}, allow_redirects=False,
                          timeout=60).headers["Location"].startswith(f"{site['url']}/login?")
    # the password typed: back through cas (renew=true) to the service, with a ticket that proves it
    connexion = connecter(navigateur, formulaire, login, allow_redirects=False)
    retour = navigateur.get(connexion.headers["Location"], allow_redirects=False, timeout=60)
    assert urlsplit(retour.headers["Location"]).netloc == urlsplit(service).netloc, retour.headers
    frais = parse_qs(urlsplit(retour.headers["Location"]).query)["ticket"][0]
    succes = valider(site, "p3/serviceValidate", service, frais, renew="true")
    assert succes.find("cas:authenticationSuccess/cas:user", NS).text == login
    # the proof served once: renew=true asks again, even in the same browser
    encore = navigateur.get(f"{site['url']}/cas/login", params={"service": service, "renew": "true"}, timeout=60)
    assert "__ac_password" in encore.text


def test_no_ticket_for_the_administrator_nor_a_deactivated_person(site, functional_demo, application):
    service = f"{application.url}/app"
    admin = client(site, "admin").page("cas/login", params={"service": service}, allow_redirects=False)
    assert admin.status_code == 403 and "Connexion impossible" in admin.text
    navigateur = requests.Session()
    login = site["logins"]["enseignant"]
    connecter(navigateur, navigateur.get(f"{site['url']}/login", timeout=60), login)
    ticket = ticket_pour(navigateur, site, service)
    transaction.begin()
    annuaire = lire_annuaire(functional_demo["portal"])
    personne = annuaire.par_login(login)
    avant = annuaire.entrees(personne)
    personne.actif = False
    annuaire.reindexer(personne, avant)
    transaction.commit()
    assert echec(valider(site, "p3/serviceValidate", service, ticket)) == cas.INVALID_TICKET
    encore = navigateur.get(f"{site['url']}/cas/login", params={"service": service}, allow_redirects=False, timeout=60)
    assert encore.status_code != 302 or "ticket=" not in encore.headers.get("Location", "")


def test_only_the_administrator_registers_services(site):
    corps = {"motif": "https://appli.example.org/", "nom": "Appli", "attributs": ["login"]}
    for role in ("anonyme", "eleve", "direction"):
        assert client(site, role).post("@cas-services", corps).status_code in (401, 403)
        assert client(site, role).get("@cas-services").status_code in (401, 403)
    admin = client(site, "admin")
    assert admin.post("@cas-services", {**corps, "motif": "javascript:alert(1)"}).status_code == 400
    assert admin.post("@cas-services", corps).status_code == 201
    assert admin.post("@cas-services", {**corps, "nom": "Appli 2"}).status_code == 200  # same pattern: replaced
    assert admin.get("@cas-services").json()["services"] == [{**corps, "nom": "Appli 2"}]
    assert admin.delete("@cas-services", json={"motif": corps["motif"]}).status_code == 200
    assert admin.delete("@cas-services", json={"motif": corps["motif"]}).status_code == 404
    assert admin.get("@cas-services").json()["services"] == []


def test_the_administrator_registers_a_service_from_mon_bureau(site):
    admin = client(site, "admin")
    bureau = admin.page("")
    assert f'href="{site["url"]}/@@services-cas"' in bureau.text and "Services CAS" in bureau.text
    page = admin.page("@@services-cas")
    assert page.status_code == 200 and "Aucune application enregistrée" in page.text
    jeton = re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)
    formulaire = {"_authenticator": jeton, "nom": "ENT lycée agricole", "motif": "https://agri.example.org/ent",
                  "attributs:list": ["uai", "login"]}
    entetes = {"Accept": "text/html"}
    refuse = admin.request("POST", "@@services-cas", data={**formulaire, "motif": "https://u@agri.example.org/"},
                           headers=entetes)
    assert refuse.status_code == 400 and "adresse http(s)://hôte/chemin" in html.unescape(refuse.text)
    assert admin.get("@cas-services").json()["services"] == []  # the refusal wrote nothing
    assert admin.request("POST", "@@services-cas", data={k: v for k, v in formulaire.items() if k != "_authenticator"},
                         headers=entetes).status_code == 403  # no CSRF token: refused
    enregistre = admin.request("POST", "@@services-cas", data=formulaire, headers=entetes)
    assert enregistre.status_code == 200 and "« ENT lycée agricole » enregistré" in html.unescape(enregistre.text)
    assert admin.get("@cas-services").json()["services"] == [
        {"motif": "https://agri.example.org/ent", "nom": "ENT lycée agricole", "attributs": ["login", "uai"]}]
    retire = admin.request("POST", "@@services-cas", data={"_authenticator": jeton,
                                                            "retirer": "https://agri.example.org/ent"}, headers=entetes)
    assert retire.status_code == 200 and "Service retiré" in retire.text
    assert admin.get("@cas-services").json()["services"] == []
