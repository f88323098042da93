"""regles.socle: the socle's domains and components checked against the official LSU schema, and the levels."""

import pytest
from lxml import etree

from cartable.regles import socle
from tests.shared import SHARED

XSD = SHARED / "formats" / "lsun" / "import-complet-strict.xsd"
XS = "{http://www.w3.org/2001/XMLSchema}"


def _type_simple(nom):
    arbre = etree.parse(str(XSD))
    for noeud in arbre.iter(f"{XS}simpleType"):
        if noeud.get("name") == nom:
            return noeud
    raise AssertionError(nom)


def test_the_component_codes_are_the_schemas_in_its_order():
    valeurs = [e.get("value") for e in _type_simple("CodeDomaineSocle").iter(f"{XS}enumeration")]
    assert list(socle.CODES_COMPOSANTES) == valeurs
    assert len(valeurs) == 8


def test_the_socle_levels_are_the_schemas_0_to_4():
    motif = _type_simple("PositionnementSocle").find(f".//{XS}pattern").get("value")
    assert motif == "[0-4]"
    assert socle.DISPENSE_SOCLE == 0
    assert [socle.positionnement_socle_valide(v) for v in (-1, 0, 4, 5, True, "3")] == [False, True, True, False, False, False]
    motif = _type_simple("PositionnementAcquis").find(f".//{XS}pattern").get("value")
    assert motif == "[1-4]" and socle.NIVEAUX_MAITRISE == (1, 2, 3, 4)
    motif = _type_simple("Cycle").find(f".//{XS}pattern").get("value")
    assert motif == "[3-4]" and socle.CYCLES == (3, 4)


def test_five_domains_each_with_its_components():
    assert [d.numero for d in socle.DOMAINES] == [1, 2, 3, 4, 5]
    par_domaine = {d.numero: [c.code for c in socle.COMPOSANTES if c.domaine == d.numero] for d in socle.DOMAINES}
    assert par_domaine == {1: ["CPD_FRA", "CPD_ETR", "CPD_SCI", "CPD_ART"], 2: ["MET_APP"], 3: ["FRM_CIT"],
                           4: ["SYS_NAT"], 5: ["REP_MND"]}
    assert socle.composante("CPD_ART").libelle.endswith("des arts et du corps")


def test_levels_read_from_the_keyboard():
    assert [socle.lire_niveau(s) for s in ("1", " 4 ", 3, "mi", "TB", "a", "abs", "ne", "Disp", "d")] == [
        "1", "4", "3", "1", "4", "ABS", "ABS", "NE", "DISP", "DISP"]
    for mauvais in ("5", "0", "", "x", None, True, 2.0):
        with pytest.raises(socle.NiveauInvalide) as erreur:
            socle.lire_niveau(mauvais)
        assert "Niveau" in str(erreur.value)


def test_every_level_has_a_word_and_letters_besides_its_colour():
    for niveau in socle.NIVEAUX:
        assert niveau.libelle and niveau.lettres and niveau.couleur.startswith("#")
    assert len({n.lettres for n in socle.NIVEAUX}) == len(socle.NIVEAUX)
    assert [socle.valeur(c) for c in socle.CODES_NIVEAUX] == [1, 2, 3, 4, None, None, None]
    assert socle.libelle_niveau("3") == "Maîtrise satisfaisante (MS)"
    assert socle.libelle_niveau(0) == "Dispensé (Disp)"
    assert socle.libelle_niveau(4) == "Très bonne maîtrise (TB)"


def test_the_cycle_of_a_class_from_its_mef():
    assert socle.cycle_du_mef("10010012110") == (3, True)  # sixième ends cycle 3
    assert socle.cycle_du_mef("10110001110") == (4, False)
    assert socle.cycle_du_mef("10210001110") == (4, False)
    assert socle.cycle_du_mef("10310019110") == (4, True)  # troisième ends cycle 4
    assert [socle.cycle_du_mef(m) for m in ("20010018110", "", None, "10")] == [None, None, None, None]
