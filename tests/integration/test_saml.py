"""Cartable as a SAML 2.0 service provider (issue 18), over HTTP with real components: two identity providers
built on pysaml2's own IdP (tests/saml_idp.py), ÉduConnect-like and agent-like, started here on other ports,
with keys generated here and real signatures (xmlsec1). The person is a ``requests`` session that goes to
Cartable, is sent to the identity provider, types a password there and posts the provider's answer back to
Cartable's Assertion Consumer Service, as a browser does.

The region's configuration is a JSON file (``CARTABLE_SAML_CONFIG``) written here; the identity providers
know Cartable from its ``saml/metadata``."""

import base64
import html
import json
import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import transaction

from cartable.annuaire.saml import reglages
from cartable.annuaire.stockage import lire_annuaire
from tests.saml_idp import AUTRE_SP, MOT_DE_PASSE, FournisseurIdentite, cle_et_certificat, formulaire_de_retour

_REGION = {}  # the identity providers and the configuration, built once for the module


def _idps(site, region, dossier):
    personas = region["personas"]
    inconnu = "9" * 7
    educonnect = FournisseurIdentite(dossier, "educonnect", {
        # the demo's parent of children in two establishments: one record per child's establishment
        "parent.deux": {"FrEduCtRefId": [f"{{AAF}}09|PersRelEleve|{personas['parent_deux_etablissements']}",
                                         f"{{AAF}}10|PersRelEleve|{personas['parent_deux_etablissements']}"],
                        "sn": ["Nom inventé"], "givenName": ["Prénom inventé"]},
        "eleve": {"FrEduCtRefId": [f"{{AAF}}09|Eleve|{personas['eleve']}"]},
        # unknown to the directory, though named like the demo's student: never found by name
        "inconnu": {"FrEduCtRefId": [f"{{AAF}}09|PersRelEleve|{inconnu}"],
                    "sn": [site["secret"][0]], "givenName": [site["secret"][1]]},
        # staff through ÉduConnect: not its profile
        "enseignant": {"FrEduCtRefId": [f"{{AAF}}09|PersEducNat|{personas['enseignant']}"]},
    })
    agents = FournisseurIdentite(dossier, "agents", {
        "enseignant": {"FrEduVecteur": [f"5|NOM|Prénom|{personas['enseignant']}|0000000X"]},
    })
    return educonnect, agents


@pytest.fixture
def sso(site, region, tmp_path_factory, monkeypatch):
    """The region configured with both identity providers (built once), the replay store in a file of its own."""
    if not _REGION:
        dossier = tmp_path_factory.mktemp("saml")
        educonnect, agents = _idps(site, region, dossier)
        cle, certificat = cle_et_certificat(dossier, "cartable")
        configuration = dossier / "saml.json"
        configuration.write_text(json.dumps({
            "fournisseur_de_services": {"entity_id": f"{site['url']}/saml/metadata", "cle": cle,
                                        "certificat": certificat},
            "fournisseurs_d_identite": {
                "educonnect": {"entity_id": educonnect.entity_id, "metadonnees": educonnect.metadonnees},
                "agents": {"entity_id": agents.entity_id, "metadonnees": agents.metadonnees},
            }}), encoding="utf-8")
        _REGION.update(dossier=dossier, educonnect=educonnect, agents=agents, configuration=str(configuration))
        os.environ["CARTABLE_SAML_CONFIG"] = _REGION["configuration"]
        metadonnees = requests.get(f"{site['url']}/saml/metadata", timeout=60)
        assert metadonnees.status_code == 200, metadonnees.text
        assert metadonnees.headers["Content-Type"].startswith("application/samlmetadata+xml")
        for idp in (educonnect, agents):
            idp.connaitre_sp(metadonnees.text)
    monkeypatch.setenv("CARTABLE_SAML_CONFIG", _REGION["configuration"])
    monkeypatch.setenv("CARTABLE_SAML_FILE", str(_REGION["dossier"] / "saml.sqlite3"))
    yield _REGION
    for idp in (_REGION["educonnect"], _REGION["agents"]):
        idp.prochaine = {}


def aller_au_fournisseur(navigateur, site, idp, nom, **params):
    """Cartable's saml/login/<nom>: a signed AuthnRequest to the provider, whose login page answers."""
    depart = navigateur.get(f"{site['url']}/saml/login/{nom}", params=params, allow_redirects=False, timeout=60)
    assert depart.status_code == 302, depart.text
    lieu = depart.headers["Location"]
    requete = parse_qs(urlsplit(lieu).query)
    assert lieu.startswith(f"{idp.url}/sso?") and requete["SigAlg"] and requete["Signature"]  # signed
    page = navigateur.get(lieu, timeout=60)
    assert page.status_code == 200, page.text  # the provider checked the request's signature
    return re.search(r'name="cle" value="([^"]*)"', page.text).group(1)


def reponse_du_fournisseur(navigateur, site, idp, nom, utilisateur, **params):
    """The provider's answer for ``utilisateur``: (ACS address, {SAMLResponse, RelayState})."""
    cle = aller_au_fournisseur(navigateur, site, idp, nom, **params)
    retour = navigateur.post(f"{idp.url}/sso/connexion", timeout=60,
                             data={"cle": cle, "identifiant": utilisateur, "mot_de_passe": MOT_DE_PASSE})
    assert retour.status_code == 200, retour.text
    return formulaire_de_retour(retour.text)


def poster(navigateur, action, champs):
    return navigateur.post(action, data=champs, allow_redirects=False, timeout=60)


def page_du_bureau(navigateur, site):
    bureau = navigateur.get(site["url"], timeout=60)
    assert bureau.status_code == 200
    return html.unescape(bureau.text)


def est_anonyme(navigateur, site):
    """Nobody logged in for this browser: no Plone session cookie, and Mon bureau is the public home."""
    return "__ac" not in navigateur.cookies and "Se déconnecter" not in page_du_bureau(navigateur, site)


def test_a_parent_with_children_in_two_establishments_logs_in_through_educonnect_as_one_person(
        site, region, sso, functional_demo):
    annuaire = lire_annuaire(functional_demo["portal"])
    parent = annuaire.personne(region["personas"]["parent_deux_etablissements"])
    enfants = [annuaire.personne(i) for i in annuaire.enfants_de(parent.id)]
    etablissements = {annuaire.structures[s].nom for e in enfants for s in e.rattachements}
    assert len(enfants) >= 2 and len(etablissements) >= 2
    navigateur = requests.Session()
    action, champs = reponse_du_fournisseur(navigateur, site, sso["educonnect"], "educonnect", "parent.deux")
    assert action == f"{site['url']}/saml/acs"
    arrivee = poster(navigateur, action, champs)
    assert arrivee.status_code == 302 and arrivee.headers["Location"] == site["url"], arrivee.text[:2000]
    assert "__ac" in navigateur.cookies  # Plone's session, as after the password form
    assert reglages.client(site["url"]).users.subjects() == []  # pysaml2's memory of sessions does not grow
    texte = page_du_bureau(navigateur, site)  # Mon bureau, with both children, each in their establishment
    assert "Se déconnecter" in texte and parent.nom_complet in texte
    for enfant in enfants:
        assert enfant.nom_complet in texte
    for nom in etablissements:
        assert nom in texte


def test_the_teacher_logs_in_through_the_agents_provider(site, sso):
    navigateur = requests.Session()
    action, champs = reponse_du_fournisseur(navigateur, site, sso["agents"], "agents", "enseignant")
    arrivee = poster(navigateur, action, champs)
    assert arrivee.status_code == 302 and arrivee.headers["Location"] == site["url"]
    assert "Se déconnecter" in page_du_bureau(navigateur, site)


def test_an_unknown_person_gets_the_french_page_and_no_account(site, sso, functional_demo):
    annuaire = lire_annuaire(functional_demo["portal"])
    avant = (len(annuaire.personnes), len(annuaire.logins))
    navigateur = requests.Session()
    action, champs = reponse_du_fournisseur(navigateur, site, sso["educonnect"], "educonnect", "inconnu")
    refus = poster(navigateur, action, champs)
    assert refus.status_code == 403 and "Location" not in refus.headers
    texte = html.unescape(refus.text)
    assert "Compte inconnu de Cartable" in texte and "Aucun compte n'a été créé" in texte
    assert est_anonyme(navigateur, site)
    assert (len(annuaire.personnes), len(annuaire.logins)) == avant


def altere(champs, ancien, nouveau):
    xml = base64.b64decode(champs["SAMLResponse"])
    assert ancien.encode() in xml
    return {**champs, "SAMLResponse": base64.b64encode(xml.replace(ancien.encode(), nouveau.encode())).decode()}


def test_a_tampered_signature_is_refused_with_nothing_logged_in(site, region, sso):
    navigateur = requests.Session()
    action, champs = reponse_du_fournisseur(navigateur, site, sso["educonnect"], "educonnect", "eleve")
    # the signed student's identifier replaced by the parent's: the digest no longer matches
    falsifie = altere(champs, f"|{region['personas']['eleve']}<",
                      f"|{region['personas']['parent_deux_etablissements']}<")
    refus = poster(navigateur, action, falsifie)
    assert refus.status_code == 403 and "n'a pas pu être vérifiée" in html.unescape(refus.text)
    assert est_anonyme(navigateur, site)


def test_a_replayed_assertion_is_refused(site, sso):
    premier = requests.Session()
    action, champs = reponse_du_fournisseur(premier, site, sso["educonnect"], "educonnect", "eleve")
    assert poster(premier, action, champs).status_code == 302
    rejoue = requests.Session()  # another browser posts the same answer again
    refus = poster(rejoue, action, champs)
    assert refus.status_code == 403 and "déjà servi" in html.unescape(refus.text)
    assert est_anonyme(rejoue, site)


def test_an_answer_posted_from_another_browser_is_refused_and_spent(site, sso):
    victime, attaquant = requests.Session(), requests.Session()
    # the attacker's own answer, posted from the victim's browser (login CSRF): the victim's browser never asked
    action, champs = reponse_du_fournisseur(attaquant, site, sso["educonnect"], "educonnect", "eleve")
    refus = poster(victime, action, champs)
    assert refus.status_code == 403 and "n'a pas été commencée dans ce navigateur" in html.unescape(refus.text)
    assert est_anonyme(victime, site)
    assert poster(attaquant, action, champs).status_code == 403  # spent by the refused attempt
    assert est_anonyme(attaquant, site)


def test_an_assertion_for_another_service_provider_is_refused(site, sso):
    navigateur = requests.Session()
    sso["educonnect"].prochaine = {"audience": AUTRE_SP}
    action, champs = reponse_du_fournisseur(navigateur, site, sso["educonnect"], "educonnect", "eleve")
    assert AUTRE_SP.encode() in base64.b64decode(champs["SAMLResponse"])
    refus = poster(navigateur, action, champs)
    assert refus.status_code == 403 and "n'a pas pu être vérifiée" in html.unescape(refus.text)
    assert est_anonyme(navigateur, site)


def test_an_expired_assertion_is_refused(site, sso):
    navigateur = requests.Session()
    sso["educonnect"].prochaine = {"duree": {"minutes": -5}}  # ended 5 minutes ago: beyond the 60 s of skew
    action, champs = reponse_du_fournisseur(navigateur, site, sso["educonnect"], "educonnect", "eleve")
    refus = poster(navigateur, action, champs)
    assert refus.status_code == 403 and "n'a pas pu être vérifiée" in html.unescape(refus.text)
    assert est_anonyme(navigateur, site)


def test_a_deactivated_account_is_refused_in_french(site, region, sso, functional_demo):
    transaction.begin()
    annuaire = lire_annuaire(functional_demo["portal"])
    eleve = annuaire.personne(region["personas"]["eleve"])
    avant = annuaire.entrees(eleve)
    eleve.actif = False
    annuaire.reindexer(eleve, avant)
    transaction.commit()
    navigateur = requests.Session()
    refus = poster(navigateur, *reponse_du_fournisseur(navigateur, site, sso["educonnect"], "educonnect", "eleve"))
    assert refus.status_code == 403 and "Compte désactivé" in html.unescape(refus.text)
    assert est_anonyme(navigateur, site)


def test_staff_cannot_log_in_through_educonnect(site, sso):
    navigateur = requests.Session()
    refus = poster(navigateur, *reponse_du_fournisseur(navigateur, site, sso["educonnect"], "educonnect",
                                                       "enseignant"))
    assert refus.status_code == 403 and "choisissez le service qui correspond" in html.unescape(refus.text)
    assert est_anonyme(navigateur, site)


def test_the_login_page_offers_the_providers_and_the_password(site, sso, monkeypatch):
    page = html.unescape(requests.get(f"{site['url']}/login", params={"came_from": f"{site['url']}/3a"},
                                      timeout=60).text)
    libelles = re.findall(r'<a class="btn btn-primary" href="([^"]*)" id="connexion-(\w+)">([^<]*)</a>', page)
    assert [(i, texte) for _, i, texte in libelles] == [
        ("educonnect", "Élève ou parent (ÉduConnect)"), ("agents", "Personnel de l'Éducation nationale"),
        ("autre", "Autre compte")]
    assert libelles[0][0].startswith(f"{site['url']}/saml/login/educonnect?came_from=")
    assert "__ac_password" in page  # the local password form stays
    monkeypatch.setenv("CARTABLE_SAML_CONFIG", str(sso["dossier"] / "absent.json"))
    sans = requests.get(f"{site['url']}/login", timeout=60).text
    assert "connexion-educonnect" not in sans and "__ac_password" in sans


def test_the_page_asked_for_is_kept_and_no_other_site_is_reached(site, sso):
    navigateur = requests.Session()
    page = f"{site['url']}{site['paths']['classe'][len(site['url']):]}"
    action, champs = reponse_du_fournisseur(navigateur, site, sso["agents"], "agents", "enseignant", came_from=page)
    assert poster(navigateur, action, champs).headers["Location"] == page
    ailleurs = requests.Session()
    action, champs = reponse_du_fournisseur(ailleurs, site, sso["agents"], "agents", "enseignant",
                                            came_from="https://pirate.example.org/")
    assert poster(ailleurs, action, champs).headers["Location"] == site["url"]


def test_logging_out_of_cartable_ends_the_providers_session(site, sso):
    navigateur = requests.Session()
    idp = sso["educonnect"]
    assert poster(navigateur, *reponse_du_fournisseur(navigateur, site, idp, "educonnect", "eleve")).status_code == 302
    session_idp = set(idp.sessions)
    assert "cartable_saml" in navigateur.cookies, dict(navigateur.cookies)
    sortie = navigateur.get(f"{site['url']}/logout", timeout=60)  # Plone's own « Se déconnecter »
    passages = [r.url for r in sortie.history] + [sortie.url]
    assert any(p.startswith(f"{idp.url}/slo?") for p in passages), passages  # a signed LogoutRequest, checked there
    assert sortie.url.startswith(f"{site['url']}/saml/sls") and "Vous êtes déconnecté" in html.unescape(sortie.text)
    assert idp.deconnexions and idp.deconnexions[-1] in session_idp and idp.deconnexions[-1] not in idp.sessions
    assert est_anonyme(navigateur, site)
    # the address is noted by Cartable only: a form field of that name redirects nowhere
    piege = requests.get(f"{site['url']}/logout", params={"cartable.saml.deconnexion": "https://pirate.example.org/"},
                         allow_redirects=False, timeout=60)
    assert "pirate" not in piege.headers.get("Location", "")


def test_the_provider_ends_the_cartable_session_only_when_signed(site, sso):
    idp = sso["educonnect"]
    navigateur = requests.Session()
    assert poster(navigateur, *reponse_du_fournisseur(navigateur, site, idp, "educonnect", "eleve")).status_code == 302
    # unsigned: refused, the session stays
    faux = navigateur.get(f"{idp.url}/slo/initier", params={"utilisateur": "eleve", "signer": "non"}, timeout=60)
    assert faux.status_code == 403 and "n'a pas pu être vérifiée" in html.unescape(faux.text)
    assert "Se déconnecter" in page_du_bureau(navigateur, site)
    # signed: the session ends, and the provider gets its LogoutResponse
    avant = len(idp.reponses_deconnexion)
    fin = navigateur.get(f"{idp.url}/slo/initier", params={"utilisateur": "eleve"}, timeout=60)
    assert fin.status_code == 200 and fin.url == f"{idp.url}/deconnecte", [r.url for r in fin.history]
    assert len(idp.reponses_deconnexion) == avant + 1
    assert est_anonyme(navigateur, site)


def test_an_answer_without_request_or_unreadable_is_refused(site, sso):
    assert requests.get(f"{site['url']}/saml/acs", timeout=60).status_code == 405
    assert requests.post(f"{site['url']}/saml/acs", data={}, timeout=60).status_code == 400
    assert requests.post(f"{site['url']}/saml/acs", data={"SAMLResponse": "pas du base64 !"}, timeout=60).status_code == 400
    bombe = base64.b64encode(b'<!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>').decode()
    assert requests.post(f"{site['url']}/saml/acs", data={"SAMLResponse": bombe}, timeout=60).status_code == 400
    assert requests.get(f"{site['url']}/saml/login/franceconnect", timeout=60).status_code == 404


def test_a_wrong_configuration_keeps_saml_off_without_error(site, sso, tmp_path, monkeypatch):
    mauvaise = tmp_path / "saml.json"
    configuration = json.loads(Path(sso["configuration"]).read_text(encoding="utf-8"))
    configuration["fournisseur_de_services"]["cle"] = str(tmp_path / "absente.key")
    mauvaise.write_text(json.dumps(configuration), encoding="utf-8")
    monkeypatch.setenv("CARTABLE_SAML_CONFIG", str(mauvaise))
    assert "connexion-educonnect" not in requests.get(f"{site['url']}/login", timeout=60).text
    depart = requests.get(f"{site['url']}/saml/login/educonnect", allow_redirects=False, timeout=60)
    assert depart.status_code == 404 and "n'est pas proposé" in html.unescape(depart.text)
    assert requests.get(f"{site['url']}/saml/metadata", timeout=60).status_code == 404
