"""A SAML 2.0 identity provider for the tests, built on pysaml2's own IdP (``saml2.server.Server``), with real
keys (generated here) and real signatures (Debian's xmlsec1): ÉduConnect-like and agent-like users.

    idp = FournisseurIdentite(dossier, "educonnect", utilisateurs={"claire": {"FrEduCtRefId": [...]}})
    idp.metadonnees            # its metadata file, for Cartable's configuration
    idp.connaitre_sp(xml)      # Cartable's metadata (fetched from saml/metadata)
    idp.url                    # http://127.0.0.1:<port>

Endpoints (HTTP, one thread per request):

- ``GET /sso?SAMLRequest=…&RelayState=…&SigAlg=…&Signature=…`` (HTTP-Redirect): the request's signature is
  checked with the SP's certificate from its metadata (an unsigned or tampered request gets 400); then the
  login page: a form ``identifiant`` + ``mot_de_passe`` (every user's password is ``MOT_DE_PASSE``);
- ``POST /sso/connexion``: the user logged in, the answer: an HTML form that posts ``SAMLResponse`` (signed
  assertion and response) and ``RelayState`` to the SP's Assertion Consumer Service, as an IdP does;
- ``GET /slo?SAMLRequest=…`` (single logout, HTTP-Redirect): the IdP's session of that name id ends, and the
  browser goes back to the SP's logout service with a signed LogoutResponse;
- ``GET /sessions``: the users holding a session at this IdP;
- ``GET /slo/initier?utilisateur=…[&signer=non]``: the IdP starts the logout of that user's last session (a
  LogoutRequest to the SP); the SP's answer comes back to ``/slo?SAMLResponse=…``.

Knobs for the security tests: ``prochaine`` (the next answer only) with ``audience`` (``AUTRE_SP``, another service
provider the IdP knows), ``duree`` (the assertion's lifetime, e.g. ``{"minutes": -5}``: already expired).
"""

import datetime
import html
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.assertion import Policy
from saml2.config import IdPConfig, SPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_TRANSIENT, NameID
from saml2.server import Server
from saml2.sigver import get_xmlsec_binary
from saml2.xmldsig import SIG_RSA_SHA256

MOT_DE_PASSE = "idp-secret"
AUTRE_SP = "https://autre.exemple.fr/sp"


def cle_et_certificat(dossier: Path, nom: str):
    """An RSA key and a self-signed certificate (2048 bits, one year from the machine's real day), as PEM files."""
    dossier.mkdir(parents=True, exist_ok=True)
    cle = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    sujet = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, nom)])
    maintenant = datetime.datetime.now(datetime.timezone.utc)
    certificat = (x509.CertificateBuilder().subject_name(sujet).issuer_name(sujet).public_key(cle.public_key())
                  .serial_number(x509.random_serial_number())
                  .not_valid_before(maintenant - datetime.timedelta(days=1))
                  .not_valid_after(maintenant + datetime.timedelta(days=365))
                  .sign(cle, hashes.SHA256()))
    chemin_cle, chemin_certificat = dossier / f"{nom}.key", dossier / f"{nom}.crt"
    chemin_cle.write_bytes(cle.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                             serialization.NoEncryption()))
    chemin_certificat.write_bytes(certificat.public_bytes(serialization.Encoding.PEM))
    return str(chemin_cle), str(chemin_certificat)


def _formulaire(action, champs, titre):
    entrees = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}"/>'
                      for k, v in champs.items())
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{titre}</title></head>'
            f'<body onload="document.forms[0].submit()"><form method="post" action="{html.escape(action)}">'
            f'{entrees}<button type="submit" id="continuer">Continuer</button></form></body></html>')


class FournisseurIdentite:
    def __init__(self, dossier, nom, utilisateurs):
        self.dossier, self.nom, self.utilisateurs = Path(dossier), nom, utilisateurs
        self.prochaine = {}
        self.en_attente = {}  # key of the login form → the parsed request
        self.sessions = {}  # name id → user (the IdP's sessions, ended by single logout)
        self.deconnexions = []  # name ids logged out through /slo
        self.demandes = []  # the AuthnRequests received (their ids)
        self.noms = {}  # user → the name id of their last session
        self.reponses_deconnexion = []  # LogoutResponses received after a logout this IdP started
        fournisseur = self

        class Gestion(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def repondre(self, statut, corps, entetes=()):
                donnees = corps.encode("utf-8")
                self.send_response(statut)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(donnees)))
                for cle, valeur in entetes:
                    self.send_header(cle, valeur)
                self.end_headers()
                self.wfile.write(donnees)

            def do_GET(self):
                partie = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(partie.query).items()}
                try:
                    if partie.path == "/sso":
                        return self.repondre(200, fournisseur.page_connexion(params))
                    if partie.path == "/slo":
                        return self.repondre(303, "", [("Location", fournisseur.deconnecter(params))])
                    if partie.path == "/slo/initier":
                        return self.repondre(303, "", [("Location", fournisseur.initier_deconnexion(params))])
                    if partie.path == "/sessions":  # who holds a session at this IdP (the robot suite reads it)
                        noms = sorted(set(fournisseur.sessions.values()))
                        return self.repondre(200, f"<p id=\"sessions\">{html.escape(' '.join(noms)) or 'aucune'}</p>")
                    if partie.path == "/deconnecte":
                        return self.repondre(200, "<p>Vous êtes déconnecté du fournisseur d'identité.</p>")
                except Exception as erreur:  # a bad request: 400 with the reason
                    return self.repondre(400, f"<p>Requête refusée : {html.escape(str(erreur))}</p>")
                return self.repondre(404, "<p>Introuvable</p>")

            def do_POST(self):
                longueur = int(self.headers.get("Content-Length") or 0)
                params = {k: v[0] for k, v in parse_qs(self.rfile.read(longueur).decode()).items()}
                if urlsplit(self.path).path != "/sso/connexion":
                    return self.repondre(404, "<p>Introuvable</p>")
                try:
                    return self.repondre(200, fournisseur.connexion(params))
                except PermissionError as erreur:
                    return self.repondre(403, f"<p>{html.escape(str(erreur))}</p>")
                except Exception as erreur:  # the test sees it (500 with the reason), the server goes on
                    return self.repondre(500, f"<p>{html.escape(repr(erreur))}</p>")

        self.serveur = ThreadingHTTPServer(("127.0.0.1", 0), Gestion)
        self.url = f"http://127.0.0.1:{self.serveur.server_port}"
        self.entity_id = f"{self.url}/metadata"
        self.cle, self.certificat = cle_et_certificat(self.dossier, f"idp-{nom}")
        self.config = self._config([])
        self.metadonnees = str(self.dossier / f"idp-{nom}.xml")
        Path(self.metadonnees).write_text(str(entity_descriptor(self.config)), encoding="utf-8")
        self.server = None
        self.sp_entity_id = None
        threading.Thread(target=self.serveur.serve_forever, daemon=True).start()

    def _config(self, metadonnees_sp):
        config = IdPConfig()
        config.load({
            "entityid": self.entity_id,
            "xmlsec_binary": get_xmlsec_binary(),
            "key_file": self.cle,
            "cert_file": self.certificat,
            "metadata": {"local": metadonnees_sp},
            "service": {"idp": {
                "endpoints": {
                    "single_sign_on_service": [(f"{self.url}/sso", BINDING_HTTP_REDIRECT)],
                    "single_logout_service": [(f"{self.url}/slo", BINDING_HTTP_REDIRECT)],
                },
                "policy": {"default": {"lifetime": {"minutes": 5}, "name_form": "urn:oasis:names:tc:SAML:2.0:attrname-format:basic"}},
                "want_authn_requests_signed": True,
                "name_id_format": [NAMEID_FORMAT_TRANSIENT, NAMEID_FORMAT_PERSISTENT],
            }},
        })
        return config

    def connaitre_sp(self, xml_sp):
        """Cartable's metadata, as the IdP's administrator registers it; beside it, another service provider
        (``AUTRE_SP``), whose assertions the wrong-audience test takes to Cartable."""
        chemin = self.dossier / f"sp-pour-{self.nom}.xml"
        chemin.write_text(xml_sp, encoding="utf-8")
        autre = SPConfig()
        autre.load({"entityid": AUTRE_SP, "xmlsec_binary": get_xmlsec_binary(), "key_file": self.cle,
                    "cert_file": self.certificat, "service": {"sp": {"endpoints": {
                        "assertion_consumer_service": [("https://autre.exemple.fr/acs", BINDING_HTTP_POST)]}}}})
        chemin_autre = self.dossier / f"autre-sp-{self.nom}.xml"
        chemin_autre.write_text(str(entity_descriptor(autre)), encoding="utf-8")
        self.config = self._config([str(chemin), str(chemin_autre)])
        self.server = Server(config=self.config)
        self.sp_entity_id = next(e for e in self.server.metadata.keys() if e != AUTRE_SP)

    # -- single sign-on --------------------------------------------------------------------------------

    def page_connexion(self, params):
        requete = self.server.parse_authn_request(params["SAMLRequest"], BINDING_HTTP_REDIRECT,
                                                  relay_state=params.get("RelayState"),
                                                  sigalg=params.get("SigAlg"), signature=params.get("Signature"))
        cle = secrets.token_urlsafe(16)
        self.en_attente[cle] = (requete.message, params.get("RelayState", ""))
        self.demandes.append(requete.message.id)
        return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>IdP {self.nom}</title></head>'
                f'<body><h1>Fournisseur d\'identité de test ({self.nom})</h1>'
                f'<form method="post" action="{self.url}/sso/connexion"><input type="hidden" name="cle" value="{cle}"/>'
                f'<label>Identifiant <input name="identifiant" id="identifiant"/></label>'
                f'<label>Mot de passe <input type="password" name="mot_de_passe" id="mot_de_passe"/></label>'
                f'<button type="submit" id="se-connecter">Se connecter</button></form></body></html>')

    def connexion(self, params):
        utilisateur = params.get("identifiant", "")
        if utilisateur not in self.utilisateurs or params.get("mot_de_passe") != MOT_DE_PASSE:
            raise PermissionError("Identifiant ou mot de passe incorrect.")
        message, relay = self.en_attente.pop(params.get("cle", ""))
        prochaine, self.prochaine = self.prochaine, {}
        name_id = NameID(format=NAMEID_FORMAT_TRANSIENT, text=secrets.token_hex(16), name_qualifier=self.entity_id,
                         sp_name_qualifier=self.sp_entity_id)
        politique = Policy({"default": {"lifetime": prochaine.get("duree", {"minutes": 5}),
                                        "name_form": "urn:oasis:names:tc:SAML:2.0:attrname-format:basic"}})
        reponse = self.server.create_authn_response(
            dict(self.utilisateurs[utilisateur]), in_response_to=message.id,
            destination=message.assertion_consumer_service_url,
            sp_entity_id=prochaine.get("audience", self.sp_entity_id), name_id=name_id, release_policy=politique,
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"},
            sign_assertion=True, sign_response=True)
        self.sessions[name_id.text] = utilisateur
        self.noms[utilisateur] = name_id
        import base64

        return _formulaire(message.assertion_consumer_service_url,
                           {"SAMLResponse": base64.b64encode(str(reponse).encode()).decode(), "RelayState": relay},
                           "Retour vers le service")

    # -- single logout ---------------------------------------------------------------------------------

    def deconnecter(self, params):
        if "SAMLResponse" in params:  # the SP's answer to a logout this IdP started
            self.reponses_deconnexion.append(params["SAMLResponse"])
            return f"{self.url}/deconnecte"
        requete = self.server.parse_logout_request(params["SAMLRequest"], BINDING_HTTP_REDIRECT,
                                                   relay_state=params.get("RelayState"),
                                                   sigalg=params.get("SigAlg"), signature=params.get("Signature"))
        name_id = requete.message.name_id.text
        self.sessions.pop(name_id, None)
        self.deconnexions.append(name_id)
        reponse = self.server.create_logout_response(requete.message, [BINDING_HTTP_REDIRECT], sign=False)
        destination = self.server.metadata.single_logout_service(self.sp_entity_id, BINDING_HTTP_REDIRECT,
                                                                 "spsso")[0]["location"]
        info = self.server.apply_binding(BINDING_HTTP_REDIRECT, str(reponse), destination,
                                         params.get("RelayState", ""), response=True, sign=True)
        return dict(info["headers"])["Location"]

    def initier_deconnexion(self, params):
        """IdP-initiated single logout of ``utilisateur``'s last session: a LogoutRequest to the SP's logout
        service, signed (``signer=non``: unsigned, for the refusal test)."""
        name_id = self.noms[params["utilisateur"]]
        self.sessions.pop(name_id.text, None)
        destination = self.server.metadata.single_logout_service(self.sp_entity_id, BINDING_HTTP_REDIRECT,
                                                                 "spsso")[0]["location"]
        _id, requete = self.server.create_logout_request(destination, self.entity_id, name_id=name_id, sign=False)
        signer = params.get("signer") != "non"
        info = self.server.apply_binding(BINDING_HTTP_REDIRECT, str(requete), destination, "", sign=signer,
                                         sigalg=SIG_RSA_SHA256 if signer else None)
        return dict(info["headers"])["Location"]

    def fermer(self):
        self.serveur.shutdown()
        self.serveur.server_close()


def formulaire_de_retour(page):
    """The IdP's auto-posting form: (action, fields)."""
    import re

    action = html.unescape(re.search(r'<form method="post" action="([^"]*)"', page).group(1))
    champs = {html.unescape(n): html.unescape(v)
              for n, v in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)"', page)}
    return action, champs


_EN_SERVICE = []  # the identity providers started for the robot suite (kept referenced while the session runs)


def preparer_instance(url, var):
    """The robot suite ``sso_saml``: an ÉduConnect-like provider started here, with the demo's parent of children in
    two establishments (``parent.deux``) and an identifier unknown to the directory (``inconnu``), an agent-like one
    with the demo's teacher of the 3A (``enseignant``), and the instance at ``url`` configured through
    ``<var>/saml.json`` (the suite's teardown removes it). Returns the suite's variables."""
    import json

    import requests

    var = Path(var)
    dossier = var / "saml-test"
    personas = json.loads((var / "demo-aaf" / "manifest.json").read_text(encoding="utf-8"))["personas"]
    parent = personas["parent_deux_etablissements"]
    idp = FournisseurIdentite(dossier, "educonnect", {
        "parent.deux": {"FrEduCtRefId": [f"{{AAF}}02|PersRelEleve|{parent}", f"{{AAF}}02|PersRelEleve|{parent}"]},
        "inconnu": {"FrEduCtRefId": ["{AAF}02|PersRelEleve|9999999"]},
    })
    agents = FournisseurIdentite(dossier, "agents", {
        "enseignant": {"FrEduVecteur": [f"5|NOM|Prénom|{personas['enseignant']}|0000000X"]},
    })
    _EN_SERVICE.extend([idp, agents])
    cle, certificat = cle_et_certificat(dossier, "cartable")
    configuration = var / "saml.json"
    configuration.write_text(json.dumps({
        "fournisseur_de_services": {"entity_id": f"{url}/saml/metadata", "cle": cle, "certificat": certificat},
        "fournisseurs_d_identite": {"educonnect": {"entity_id": idp.entity_id, "metadonnees": idp.metadonnees},
                                    "agents": {"entity_id": agents.entity_id, "metadonnees": agents.metadonnees}},
    }), encoding="utf-8")
    metadonnees = requests.get(f"{url}/saml/metadata", timeout=60)
    assert metadonnees.status_code == 200, metadonnees.text
    idp.connaitre_sp(metadonnees.text)
    agents.connaitre_sp(metadonnees.text)
    # the parent's children, as the parent sees them (the demo's accounts are listed in the instance's start log)
    import re

    comptes = dict(re.findall(r"^\s+(\S+)\s+cartable-demo\s+(.+?)\s*$",
                              (var.parent / "start.log").read_text(errors="replace"), re.M))
    login = next(login for login, texte in comptes.items() if "deux établissements" in texte)
    profil = requests.get(f"{url}/@mon-profil", headers={"Accept": "application/json"}, auth=(login, "cartable-demo"),
                          timeout=60).json()
    enfants = [f"{e['prenom']} {e['nom']}" for e in profil["enfants"]]
    assert len(enfants) == 2, enfants
    enseignant = next(texte.split(" — ")[0] for texte in comptes.values()
                      if texte.split(" — ")[-1] == "enseignant de la 3A")
    return {"IDP_URL": idp.url, "IDP_AGENTS_URL": agents.url, "SAML_CONFIG": str(configuration),
            "IDP_MOT_DE_PASSE": MOT_DE_PASSE, "PARENT_NOM": profil["nom_complet"], "ENFANT_1": enfants[0],
            "ENFANT_2": enfants[1], "ENSEIGNANT_NOM": enseignant}


__all__ = ["BINDING_HTTP_POST", "FournisseurIdentite", "MOT_DE_PASSE", "cle_et_certificat", "formulaire_de_retour",
           "preparer_instance"]
