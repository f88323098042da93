"""The SAML service provider's rules (cartable.regles.saml): configuration, identifiers, the person
designated, the redirect after login, the time window."""

from datetime import datetime, timedelta, timezone

import pytest

from cartable.regles import saml

SITE = "https://ent.region.fr/cartable"
MAINTENANT = datetime(2026, 11, 17, 9, 0, tzinfo=timezone.utc)


def config(**idps):
    donnees = {"fournisseur_de_services": {"entity_id": f"{SITE}/saml/metadata", "cle": "/etc/sp.key",
                                           "certificat": "/etc/sp.crt"},
               "fournisseurs_d_identite": idps}
    return saml.lire_configuration(donnees)


EDUCONNECT = {"entity_id": "https://educonnect.education.gouv.fr/idp", "metadonnees": "/etc/educonnect.xml"}
AGENTS = {"entity_id": "https://idp.ac-exemple.fr/idp", "metadonnees": "/etc/agents.xml"}
EC = config(educonnect=EDUCONNECT).fournisseur("educonnect")
AG = config(agents=AGENTS).fournisseur("agents")


# -- configuration ---------------------------------------------------------------------------------------

def test_a_configuration_with_both_providers_reads_with_their_defaults():
    c = config(agents=AGENTS, educonnect=EDUCONNECT)
    assert list(c.fournisseurs) == ["educonnect", "agents"]  # the login page's order, whatever the file's
    assert c.fournisseur("educonnect").attributs == ("FrEduCtRefId",)
    assert c.fournisseur("educonnect").profils == ("Eleve", "PersRelEleve")
    assert c.fournisseur("agents").format == "vecteur" and c.fournisseur("agents").profils == ("PersEducNat",)
    assert c.par_entity_id(AGENTS["entity_id"]).nom == "agents" and c.par_entity_id("https://x") is None
    assert saml.choix_de_connexion(c) == [("educonnect", "Élève ou parent (ÉduConnect)"),
                                          ("agents", "Personnel de l'Éducation nationale"), ("", "Autre compte")]


def test_without_a_provider_the_login_page_offers_no_choice():
    assert saml.choix_de_connexion(config()) == []
    assert saml.choix_de_connexion(None) == []
    assert saml.choix_de_connexion(config(agents=AGENTS)) == [("agents", "Personnel de l'Éducation nationale"),
                                                               ("", "Autre compte")]


@pytest.mark.parametrize("donnees, morceau", [
    ([], "objet JSON"),
    ({}, "fournisseur_de_services"),
    ({"fournisseur_de_services": {"entity_id": "x", "cle": "k"}}, "certificat"),
    ({"fournisseur_de_services": {"entity_id": "x", "cle": "k", "certificat": "c"},
      "fournisseurs_d_identite": {"franceconnect": {}}}, "inconnu : franceconnect"),
    ({"fournisseur_de_services": {"entity_id": "x", "cle": "k", "certificat": "c"},
      "fournisseurs_d_identite": {"educonnect": {"entity_id": "e"}}}, "metadonnees"),
    ({"fournisseur_de_services": {"entity_id": "x", "cle": "k", "certificat": "c"},
      "fournisseurs_d_identite": {"educonnect": {**EDUCONNECT, "format": "nom"}}}, "format"),
    ({"fournisseur_de_services": {"entity_id": "x", "cle": "k", "certificat": "c"},
      "fournisseurs_d_identite": {"educonnect": {**EDUCONNECT, "attributs": []}}}, "attributs"),
    ({"fournisseur_de_services": {"entity_id": "x", "cle": "k", "certificat": "c"},
      "fournisseurs_d_identite": {"educonnect": {**EDUCONNECT, "prefixe_academie": "oui"}}}, "true ou false"),
    ({"fournisseur_de_services": {"entity_id": "x", "cle": "k", "certificat": "c"},
      "fournisseurs_d_identite": {"educonnect": EDUCONNECT, "agents": {**AGENTS, "entity_id": EDUCONNECT["entity_id"]}}},
     "déjà celui"),
])
def test_a_bad_configuration_is_refused_in_french(donnees, morceau):
    with pytest.raises(saml.ConfigurationInvalide) as erreur:
        saml.lire_configuration(donnees)
    assert morceau in str(erreur.value)


# -- identifiers ---------------------------------------------------------------------------------------------

def test_educonnect_gives_the_aaf_jointure_of_each_vector():
    attributs = {"FrEduCtRefId": ["{AAF}09|PersRelEleve|1234567", "{AAF}10|PersRelEleve|7654321",
                                  "{ECT}abc", "{AAF}09|PersRelEleve|1234567"],
                 "sn": ["Martin"], "givenName": ["Léa"]}
    assert saml.identifiants(EC, attributs) == ["1234567", "7654321"]


def test_the_academie_prefix_is_added_when_the_region_asks():
    ec = config(educonnect={**EDUCONNECT, "prefixe_academie": True}).fournisseur("educonnect")
    assert saml.identifiants(ec, {"FrEduCtRefId": ["{AAF}09|x|1234567", "{AAF}9|x|42", "{AAF}99|x|1"]}) == \
        ["LILLE-1234567", "LILLE-42"]  # 99 is no académie: left out


@pytest.mark.parametrize("valeur", ["1234567", "{AAF}09|1234567", "{AAF}09|a|b|c", "{AAF}09|x|", "{AAF}09|x|a b",
                                    "{AAF}09|x|" + "9" * 80, None, 12])
def test_a_malformed_vector_gives_no_identifier(valeur):
    assert saml.identifiants(EC, {"FrEduCtRefId": [valeur]}) == []


def test_the_agent_vector_gives_its_fourth_field_and_never_the_names():
    assert saml.identifiants(AG, {"FrEduVecteur": ["5|DUPONT|Marie|90001|0751234A"]}) == ["90001"]
    assert saml.identifiants(AG, {"FrEduVecteur": ["5|DUPONT|Marie"]}) == []
    assert saml.identifiants(AG, {"sn": ["DUPONT"], "givenName": ["Marie"]}) == []
    assert saml.identifiants(AG, "pas un dict") == []


def test_another_attribute_may_carry_the_raw_identifier():
    ag = config(agents={**AGENTS, "attributs": "FrEduCtPersonId", "format": "brut"}).fournisseur("agents")
    assert saml.identifiants(ag, {"FrEduCtPersonId": " 90001 "}) == ["90001"]


# -- the person designated ------------------------------------------------------------------------------

ANNUAIRE = {
    "1234567": saml.Fiche("1234567", "claire.durand", True, "PersRelEleve"),
    "2000001": saml.Fiche("2000001", "leo.durand", True, "Eleve"),
    "3000001": saml.Fiche("3000001", "ancien.parent", False, "PersRelEleve"),
    "90001": saml.Fiche("90001", "marie.dupont", True, "PersEducNat"),
    "1111111": saml.Fiche("1111111", "autre.parent", True, "PersRelEleve"),
    "4000001": saml.Fiche("4000001", "", True, "PersRelEleve"),
}


def designer(fournisseur, *valeurs, attribut="FrEduCtRefId"):
    return saml.designer(fournisseur, {attribut: list(valeurs)}, ANNUAIRE.get)


def test_a_parent_with_two_records_of_the_same_person_is_one_person():
    decision = designer(EC, "{AAF}09|PersRelEleve|1234567", "{AAF}09|PersRelEleve|1234567")
    assert decision.refus is None and decision.fiche.login == "claire.durand"


def test_an_identifier_unknown_here_is_ignored_beside_a_known_one():
    decision = designer(EC, "{AAF}10|PersRelEleve|9999999", "{AAF}09|PersRelEleve|1234567")
    assert decision.fiche.login == "claire.durand"


def test_a_student_logs_in_through_educonnect():
    assert designer(EC, "{AAF}09|Eleve|2000001").fiche.login == "leo.durand"


def test_an_unknown_identifier_is_refused_in_french():
    decision = designer(EC, "{AAF}09|PersRelEleve|9999999")
    assert decision.refus == saml.INCONNU and decision.fiche is None
    assert "Aucun compte n'a été créé" in decision.texte and decision.titre == "Compte inconnu de Cartable"


def test_a_deactivated_account_is_refused():
    decision = designer(EC, "{AAF}09|PersRelEleve|3000001")
    assert decision.refus == saml.DESACTIVE and "désactivé" in decision.texte


def test_an_account_without_login_is_not_opened():
    assert designer(EC, "{AAF}09|PersRelEleve|4000001").refus == saml.DESACTIVE


def test_no_identifier_at_all_is_refused():
    assert designer(EC).refus == saml.SANS_IDENTIFIANT
    assert saml.designer(EC, {"sn": ["Durand"], "givenName": ["Claire"]}, ANNUAIRE.get).refus == saml.SANS_IDENTIFIANT


def test_a_provider_opens_only_its_profiles():
    assert designer(EC, "{AAF}09|x|90001").refus == saml.PROFIL  # staff through ÉduConnect
    assert designer(AG, "2|DURAND|Claire|1234567|0751234A", attribut="FrEduVecteur").refus == saml.PROFIL
    assert designer(AG, "5|DUPONT|Marie|90001|0751234A", attribut="FrEduVecteur").fiche.login == "marie.dupont"


def test_two_different_people_are_never_chosen_between():
    decision = designer(EC, "{AAF}09|x|1234567", "{AAF}09|x|1111111")
    assert decision.refus == saml.AMBIGU and decision.fiche is None


def test_a_deactivated_record_beside_an_active_one_does_not_block():
    assert designer(EC, "{AAF}09|x|3000001", "{AAF}09|x|1234567").fiche.login == "claire.durand"


# -- where to go after ------------------------------------------------------------------------------------

@pytest.mark.parametrize("cible, attendu", [
    (f"{SITE}/0751234a/3a", f"{SITE}/0751234a/3a"),
    (f"{SITE}", SITE),
    (f"{SITE}/", f"{SITE}/"),
    ("/cartable/@@mon-bureau?x=1", f"{SITE}/@@mon-bureau?x=1"),
    (f"{SITE}/page#ancre", f"{SITE}/page"),
    ("https://ENT.region.fr/cartable/a", "https://ENT.region.fr/cartable/a"),
])
def test_a_page_of_the_site_is_kept(cible, attendu):
    assert saml.destination_sure(cible, SITE) == attendu


@pytest.mark.parametrize("cible", [
    "", None, 42, "https://pirate.fr/", "//pirate.fr/cartable", "https://ent.region.fr.pirate.fr/cartable",
    "https://ent.region.fr@pirate.fr/cartable", "http://ent.region.fr/cartable", "https://ent.region.fr:8443/cartable",
    "https://ent.region.fr/cartableX", "https://ent.region.fr/autre", f"{SITE}/../admin", f"{SITE}/a/./b",
    "javascript:alert(1)", f"{SITE}/a b", f"{SITE}/\\pirate", "/\\pirate.fr", f"{SITE}/x\n", "https://ent.region.fr:x/",
    "cartable/relatif", SITE + "/" + "a" * 2001,
])
def test_anything_else_goes_to_mon_bureau(cible):
    assert saml.destination_sure(cible, SITE) == SITE


def test_the_site_url_is_required():
    with pytest.raises(ValueError):
        saml.destination_sure("/x", "")


# -- time -------------------------------------------------------------------------------------------------------

def test_saml_instants_are_read_in_utc():
    assert saml.instant("2026-11-17T09:00:00Z") == MAINTENANT
    assert saml.instant("2026-11-17T09:00:00.123456789Z") == MAINTENANT
    assert saml.instant("2026-11-17T10:00:00+01:00") == MAINTENANT
    for faux in ("2026-11-17 09:00:00", "2026-13-01T00:00:00Z", "hier", None, "2026-11-17T09:00:00"):
        assert saml.instant(faux) is None


def instant(secondes):
    return (MAINTENANT + timedelta(seconds=secondes)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_a_fresh_assertion_is_usable():
    assert saml.verifier_fenetre(instant(-5), instant(-5), instant(300), MAINTENANT) is None


def test_the_skew_is_bounded_to_sixty_seconds():
    assert saml.verifier_fenetre(instant(59), instant(59), instant(360), MAINTENANT) is None
    assert "futur" in saml.verifier_fenetre(instant(61), None, instant(360), MAINTENANT)
    assert "pas encore" in saml.verifier_fenetre(instant(0), instant(61), instant(360), MAINTENANT)
    assert saml.verifier_fenetre(instant(-400), None, instant(-59), MAINTENANT) is None  # ended 59 s ago: skew
    assert saml.verifier_fenetre(instant(-400), None, instant(-60), MAINTENANT) == "Assertion expirée."


def test_an_assertion_without_dates_or_valid_too_long_is_refused():
    assert "émission" in saml.verifier_fenetre(None, None, instant(300), MAINTENANT)
    assert "fin" in saml.verifier_fenetre(instant(0), None, None, MAINTENANT)
    assert "trop longtemps" in saml.verifier_fenetre(instant(0), None, instant(saml.DUREE_MAX_ASSERTION + 1),
                                                     MAINTENANT)
    assert saml.verifier_fenetre(instant(0), None, instant(saml.DUREE_MAX_ASSERTION), MAINTENANT) is None


def test_a_replay_is_remembered_past_the_assertion_end():
    assert saml.garde_rejeu(instant(300), MAINTENANT) == 300 + saml.MARGE + 1
    assert saml.garde_rejeu(instant(-30), MAINTENANT) == saml.MARGE - 30 + 1
    assert saml.garde_rejeu(None, MAINTENANT) == saml.DUREE_MAX_ASSERTION + saml.MARGE


def test_saml_ids_are_ncnames():
    assert saml.identifiant_saml_valide("id-a1b2_c3.d")
    assert saml.identifiant_saml_valide("_" + "a" * 40)
    for faux in ("1abc", "a b", "a" * 300, "", None, "id<x>"):
        assert not saml.identifiant_saml_valide(faux)


def test_only_the_browser_that_asked_finishes_the_login():
    assert saml.meme_navigateur("cle-secrete", "cle-secrete")
    for cookie, demande in (("autre", "cle-secrete"), (None, "cle-secrete"), ("", ""), (None, None),
                            ("cle-secrete", None), ("cle-secrete", ""), (42, 42)):
        assert not saml.meme_navigateur(cookie, demande)
