"""LSU export, complete for the collège (issue 17): éléments du programme travaillés, positionnements and bilans de fin de cycle."""

import copy

import pytest
from lxml import etree

from cartable.regles.lsu import ESPACE, LsunIncomplet, exporter, manquants, valider
from cartable.regles.socle import CODES_COMPOSANTES
from tests.shared import SHARED
from tests.unit.regles.test_lsu import exemple

XSD = SHARED / "formats" / "lsun" / "import-complet-strict.xsd"
NS = {"l": ESPACE}
DECISION = {"CPD_FRA": 3, "CPD_ETR": 2, "CPD_SCI": 4, "CPD_ART": 3, "MET_APP": 3, "FRM_CIT": 4, "SYS_NAT": 0, "REP_MND": 1}


def complet():
    """The periodic example, with skills and positionnements, and the troisième ending cycle 4."""
    donnees = exemple()
    for eleve in donnees["eleves"]:
        for rang, acquis in enumerate(eleve["acquis"]):
            acquis["elements_programme"] = ["Résoudre un problème", f"Élément {rang}"]
            acquis["positionnement"] = 1 + rang % 4
        eleve["acquis"][3]["moyenne"] = None  # EPS evaluated by skills only
        if eleve["classe"] == "3A":
            eleve["bilan_cycle"] = {"cycle": 4, "socle": dict(DECISION), "synthese": "Un cycle réussi, avec des progrès en langues.",
                                    "enseignement_complement": {"code": "LCA", "positionnement": 2}}
    donnees["classes"][0]["fin_de_cycle"] = 4
    return donnees


def test_a_complete_collège_file_validates_against_the_official_schema():
    xml = exporter(complet())
    assert valider(xml, XSD) == []
    racine = etree.fromstring(xml)
    libelles = [e.get("libelle") for e in racine.iterfind(".//l:element-programme", NS)]
    assert libelles == ["Résoudre un problème", "Élément 0", "Élément 1", "Élément 2", "Élément 3"]  # each once
    acquis = racine.find(".//l:bilan-periodique/l:liste-acquis", NS)
    assert [a.get("positionnement") for a in acquis] == ["1", "2", "3", "4"]
    assert acquis[0].get("element-programme-refs") == "EP_1 EP_2"
    assert acquis[3].get("eleve-non-note") == "true" and acquis[3].get("moyenne-eleve") is None
    cycles = racine.findall(".//l:bilans-cycle/l:bilan-cycle", NS)
    assert len(cycles) == 3  # the three students of 3A, none of 4B
    premier = cycles[0]
    assert (premier.get("cycle"), premier.get("millesime"), premier.get("date-creation")) == ("4", "2024", "2024-12-05")
    assert premier.get("prof-princ-refs") == "ENS_epp_12345"
    assert [(d.get("code"), d.get("positionnement")) for d in premier.find("l:socle", NS)] == [
        (c, str(DECISION[c])) for c in CODES_COMPOSANTES]
    assert premier.find("l:synthese", NS).text.startswith("Un cycle réussi")
    assert premier.find("l:enseignement-complement", NS).attrib == {"code": "LCA", "positionnement": "2"}


def test_the_file_without_skills_is_unchanged():
    xml = exporter(exemple())
    assert b"elements-programme" not in xml and b"bilans-cycle" not in xml and b"positionnement" not in xml


def test_every_missing_datum_of_a_bilan_de_fin_de_cycle_is_listed():
    donnees = complet()
    martin, bernard, petit = donnees["eleves"][:3]
    del martin["bilan_cycle"]["socle"]["CPD_ART"]
    martin["bilan_cycle"]["socle"]["SYS_NAT"] = 5
    bernard["bilan_cycle"]["synthese"] = "  "
    del petit["bilan_cycle"]
    with pytest.raises(LsunIncomplet) as refus:
        exporter(donnees)
    lignes = refus.value.manquants
    assert lignes == [
        "Élève Martin Léa (3A), fin du cycle 4 : niveau de la composante « Comprendre, s'exprimer en utilisant les langages"
        " des arts et du corps » (CPD_ART) non décidé par le conseil",
        "Élève Martin Léa (3A), fin du cycle 4 : niveau « 5 » de la composante « Les systèmes naturels et les systèmes"
        " techniques » (SYS_NAT) invalide (0 dispensé, 1 à 4 attendu)",
        "Élève Bernard Hugo (3A), fin du cycle 4 : synthèse du professeur principal manquante",
        "Élève Petit Inès (3A) : bilan de fin de cycle 4 manquant (niveaux du socle décidés en conseil, synthèse)",
    ]


@pytest.mark.parametrize("coupe, attendu", [
    (lambda d: d["eleves"][0]["acquis"][0].update(positionnement=0), "positionnement « 0 » invalide (1 à 4 attendu)"),
    (lambda d: d["eleves"][0]["acquis"][0].update(elements_programme=["x" * 301]), "élément du programme travaillé trop long"),
    (lambda d: d["eleves"][0]["bilan_cycle"].update(cycle=3), "bilan du cycle 3, la classe termine le cycle 4"),
    (lambda d: d["eleves"][0]["bilan_cycle"]["socle"].update(XXX_YYY=2), "composante du socle « XXX_YYY » inconnue"),
    (lambda d: d["eleves"][0]["bilan_cycle"].update(enseignement_complement={"code": "LCA"}),
     "positionnement de l'enseignement de complément manquant"),
    (lambda d: d["eleves"][0]["bilan_cycle"].update(enseignement_complement={"code": "ZZZ"}), "enseignement de complément « ZZZ » inconnu"),
    (lambda d: d["classes"][0].update(fin_de_cycle=5), "cycle de fin « 5 » invalide"),
])
def test_each_invalid_datum_is_named(coupe, attendu):
    donnees = copy.deepcopy(complet())
    coupe(donnees)
    assert any(attendu in ligne for ligne in manquants(donnees)), manquants(donnees)


def test_exempt_components_and_no_complement_validate():
    donnees = complet()
    for eleve in donnees["eleves"][:3]:
        eleve["bilan_cycle"]["socle"] = dict.fromkeys(CODES_COMPOSANTES, 0)
        eleve["bilan_cycle"]["enseignement_complement"] = {"code": "AUC"}
    xml = exporter(donnees)
    assert valider(xml, XSD) == []
    assert b'<enseignement-complement code="AUC"/>' in xml
