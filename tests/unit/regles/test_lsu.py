"""LSU export: a full example validates against the official schema, every missing piece is named, numbers and texts are written right."""

import copy
from decimal import Decimal
from fractions import Fraction

import pytest
from lxml import etree

from cartable.regles.decompte import decompter
from cartable.regles.lsu import ESPACE, LsunIncomplet, exporter, manquants, valider, vie_scolaire_du_decompte
from tests.shared import SHARED

XSD = SHARED / "formats" / "lsun" / "import-complet-strict.xsd"
NS = {"l": ESPACE}


def exemple():
    """A collège, period 1 of 3: two classes, six students, four subjects, four teachers."""
    acquis = lambda matiere, ens, moyenne, appreciation: {  # noqa: E731
        "matiere": matiere, "enseignants": ens, "moyenne": moyenne, "appreciation": appreciation,
    }
    eleves = []
    for classe, noms in (("3A", [("Martin", "Léa"), ("Bernard", "Hugo"), ("Petit", "Inès")]),
                         ("4B", [("Moreau", "Jules"), ("Leroy", "Chloé"), ("Roux", "Adam")])):
        for rang, (nom, prenom) in enumerate(noms):
            eleves.append({
                "id": f"{nom.lower()}", "id_be": str(1000 + len(eleves)), "nom": nom, "prenom": prenom, "classe": classe,
                "acquis": [
                    acquis("061300", ["durand"], Fraction(25 + rang, 2), "Travail régulier."),
                    acquis("020700", ["petit"], Fraction(14), "Des progrès à l'écrit."),
                    acquis("030201", ["lopez", "petit"], Fraction(31, 3), "Bonne participation orale."),
                    acquis("100100", ["garnier"], Fraction(16), "Investi."),
                ],
                "appreciation_generale": "Trimestre satisfaisant, il faut poursuivre.",
                "vie_scolaire": {"retards": rang, "abs_justifiees": 2, "abs_injustifiees": 0, "heures_manquees": 4},
            })
    return {
        "version": "0.1",
        "etablissement": {"uai": "0751234A", "nom": "Collège Jean Moulin", "responsable": "Mme Roux, principale"},
        "millesime": "2024",
        "periode": {"indice": 1, "nb_periodes": 3, "debut": "2024-09-02", "fin": "2024-11-29"},
        "enseignants": [
            {"id": "durand", "civilite": "MME", "nom": "Durand", "prenom": "Marie", "id_sts": "12345"},
            {"id": "petit", "civilite": "M", "nom": "Petit", "prenom": "Paul", "id_sts": 23456},
            {"id": "lopez", "civilite": "MME", "nom": "Lopez", "prenom": "Ana", "id_sts": "34567"},
            {"id": "garnier", "civilite": "M", "nom": "Garnier", "prenom": "Luc", "id_sts": "45678"},
        ],
        "matieres": [
            {"code": "061300", "libelle": "Mathématiques", "modalite": "S"},
            {"code": "020700", "libelle": "Français", "modalite": "S"},
            {"code": "030201", "libelle": "Anglais LV1", "modalite": "S"},
            {"code": "100100", "libelle": "Éducation physique et sportive", "modalite": "S"},
        ],
        "classes": [
            {"code": "3A", "libelle": "3e A", "date_conseil": "2024-12-05", "professeurs_principaux": ["durand"]},
            {"code": "4B", "libelle": "4e B", "date_conseil": "2024-12-06"},
        ],
        "eleves": eleves,
    }


def martin(donnees):
    return donnees["eleves"][0]


def lire(xml):
    return etree.fromstring(xml)


def acquis_de(xml, id_be, code):
    racine = lire(xml)
    return racine.find(f".//l:bilan-periodique[@eleve-ref='EL_{id_be}']/l:liste-acquis/l:acquis[@discipline-ref='DI_{code}_S']", NS)


# The complete example --------------------------------------------------------------------------


def test_complete_example_validates_against_the_official_schema():
    donnees = exemple()
    assert manquants(donnees) == []
    xml = exporter(donnees)
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert valider(xml, XSD) == []
    racine = lire(xml)
    assert len(racine.findall(".//l:bilan-periodique", NS)) == 6
    assert len(racine.findall(".//l:bilan-periodique/l:liste-acquis/l:acquis", NS)) == 24
    assert {e.get("code-division") for e in racine.findall(".//l:eleves/l:eleve", NS)} == {"3A", "4B"}
    assert [e.get("id-sts") for e in racine.findall(".//l:enseignants/l:enseignant", NS)] == ["12345", "23456", "34567", "45678"]
    anglais = acquis_de(xml, 1000, "030201")
    assert anglais.get("enseignant-refs") == "ENS_epp_34567 ENS_epp_23456"
    bilan = racine.find(".//l:bilan-periodique[@eleve-ref='EL_1000']", NS)
    assert bilan.get("date-conseil-classe") == "2024-12-05"
    assert bilan.get("date-scolarite") == "2024-09-02"  # the period's start by default
    assert bilan.get("prof-princ-refs") == "ENS_epp_12345"
    assert racine.find(".//l:bilan-periodique[@eleve-ref='EL_1003']", NS).get("prof-princ-refs") is None


def test_determinism_same_input_same_bytes_and_input_untouched():
    donnees = exemple()
    avant = copy.deepcopy(donnees)
    assert exporter(donnees) == exporter(copy.deepcopy(donnees)) == exporter(donnees)
    assert donnees == avant


def test_only_referenced_teachers_and_subjects_are_written_and_checked():
    donnees = exemple()
    donnees["enseignants"].append({"id": "vacataire", "nom": "Sans", "prenom": "Sts"})  # no STS id, teaches nothing here
    donnees["matieres"].append({"code": "040100", "libelle": "Allemand LV2"})  # no modality, nobody takes it
    xml = exporter(donnees)
    assert valider(xml, XSD) == []
    assert b"vacataire" not in xml and b"040100" not in xml


def test_student_schooling_date_overrides_the_period_start():
    donnees = exemple()
    martin(donnees)["date_scolarite"] = "2024-10-07"
    martin(donnees)["date_conseil"] = "2024-12-02"
    bilan = lire(exporter(donnees)).find(".//l:bilan-periodique[@eleve-ref='EL_1000']", NS)
    assert (bilan.get("date-scolarite"), bilan.get("date-conseil-classe")) == ("2024-10-07", "2024-12-02")


# Missing or invalid data: named, and the export refused ------------------------------------------


def _sans_sts(d):
    del d["enseignants"][0]["id_sts"]


def _sans_modalite(d):
    d["matieres"][0]["modalite"] = ""


def _sans_appreciation(d):
    martin(d)["acquis"][0]["appreciation"] = "   "


def _sans_id_be(d):
    del martin(d)["id_be"]


def _sans_conseil(d):
    del d["classes"][0]["date_conseil"]


@pytest.mark.parametrize(
    "casser, ligne",
    [
        (_sans_sts, "Enseignant Durand Marie : identifiant STS manquant"),
        (_sans_modalite, "Matière 061300 : code de modalité manquant"),
        (_sans_appreciation, "Élève Martin Léa (3A), Mathématiques : appréciation manquante"),
        (_sans_id_be, "Élève Martin Léa (3A) : INE/identifiant base élèves manquant (l'identifiant numérique SIECLE est attendu)"),
        (_sans_conseil, "Élève Martin Léa (3A) : date du conseil de classe manquante"),
    ],
)
def test_the_examples_of_the_brief_word_for_word(casser, ligne):
    donnees = exemple()
    casser(donnees)
    assert ligne in manquants(donnees)


def modifier(chemin, valeur):
    """A mutation of exemple(): set (or delete, with valeur=...) the value at a path of keys/indexes."""
    def casser(d):
        *debut, fin = chemin
        for cle in debut:
            d = d[cle]
        if valeur is Ellipsis:
            del d[fin]
        else:
            d[fin] = valeur
    return casser


CAS = [
    (("etablissement", "uai"), ..., "Établissement : code UAI manquant"),
    (("etablissement", "uai"), "075123", "Établissement : code UAI « 075123 » invalide"),
    (("etablissement", "responsable"), "", "Établissement : responsable (chef d'établissement) manquant"),
    (("millesime",), ..., "Année scolaire : millésime manquant"),
    (("millesime",), "24-25", "Année scolaire : millésime « 24-25 » invalide"),
    (("millesime",), "2019", "Période : le début (02/09/2024) n'est pas dans l'année scolaire 2019-2020"),
    (("periode", "indice"), 4, "Période : indice 4 supérieur au nombre de périodes (3)"),
    (("periode", "nb_periodes"), ..., "Période : nombre de périodes manquant"),
    (("periode", "debut"), "2024-13-01", "Période : date de début « 2024-13-01 » invalide (AAAA-MM-JJ attendu)"),
    (("periode", "fin"), "2024-08-01", "Période : la date de début est après la date de fin"),
    (("enseignants", 0, "id_sts"), "AB12", "Enseignant Durand Marie : identifiant STS « AB12 » invalide (nombre entier attendu)"),
    (("enseignants", 0, "civilite"), "Mlle", "Enseignant Durand Marie : civilité « Mlle » invalide (M ou MME attendu)"),
    (("enseignants", 0, "nom"), "", "Enseignant Marie : nom manquant"),
    (("enseignants", 1, "id_sts"), "12345", "Enseignant Petit Paul : identifiant STS 12345 déjà utilisé par Enseignant Durand Marie"),
    (("matieres", 0, "modalite"), "Z", "Matière 061300 : code de modalité « Z » invalide (S, O, F, L, R, X ou D attendu)"),
    (("matieres", 0, "libelle"), "M" * 41, "Matière 061300 : libellé trop long (41 caractères, 40 au plus)"),
    (("matieres", 0, "code"), "6130", "Matière « 6130 » : code invalide (6 chiffres ou lettres majuscules attendus)"),
    (("classes", 0, "professeurs_principaux"), ["inconnu"], "Classe 3A : professeur principal « inconnu » inconnu"),
    (("eleves",), [], "Élèves : aucun élève à exporter"),
    (("eleves", 0, "id_be"), "1234567890A", "Élève Martin Léa (3A) : identifiant base élèves « 1234567890A » invalide (nombre entier attendu, un INE ne convient pas)"),
    (("eleves", 1, "id_be"), "01000", "Élève Bernard Hugo (3A) : identifiant base élèves 1000 déjà utilisé par Martin Léa (3A)"),
    (("eleves", 0, "nom"), "", "Élève Léa (3A) : nom manquant"),
    (("eleves", 0, "classe"), "3C", "Élève Martin Léa (3C) : classe 3C inconnue"),
    (("eleves", 0, "appreciation_generale"), ..., "Élève Martin Léa (3A) : appréciation générale manquante"),
    (("eleves", 0, "appreciation_generale"), "x" * 1001, "Élève Martin Léa (3A) : appréciation générale trop longue (1001 caractères, 1000 au plus)"),
    (("eleves", 0, "acquis"), [], "Élève Martin Léa (3A) : aucune matière (le LSU attend au moins un acquis)"),
    (("eleves", 0, "acquis", 0, "appreciation"), "é" * 601, "Élève Martin Léa (3A), Mathématiques : appréciation trop longue (601 caractères, 600 au plus)"),
    (("eleves", 0, "acquis", 0, "appreciation"), "Bien\x07", "Élève Martin Léa (3A), Mathématiques : appréciation contient un caractère interdit (U+0007)"),
    (("eleves", 0, "acquis", 0, "enseignants"), [], "Élève Martin Léa (3A), Mathématiques : aucun enseignant"),
    (("eleves", 0, "acquis", 0, "enseignants"), ["fantome"], "Élève Martin Léa (3A), Mathématiques : enseignant « fantome » inconnu"),
    (("eleves", 0, "acquis", 0, "matiere"), "999999", "Élève Martin Léa (3A) : matière « 999999 » inconnue"),
    (("eleves", 0, "acquis", 1, "matiere"), "061300", "Élève Martin Léa (3A), Mathématiques : matière présente deux fois"),
    (("eleves", 0, "acquis", 0, "moyenne"), Fraction(41, 2), "Élève Martin Léa (3A), Mathématiques : moyenne 20.50 hors de 0–20"),
    (("eleves", 0, "acquis", 0, "moyenne"), 12.5, "Élève Martin Léa (3A), Mathématiques : moyenne « 12.5 » invalide (nombre exact attendu : Fraction, entier ou Decimal)"),
    (("eleves", 0, "acquis", 0, "moyenne"), ..., "Élève Martin Léa (3A), Mathématiques : moyenne manquante (None si l'élève n'est pas noté)"),
    (("eleves", 0, "vie_scolaire"), ..., "Élève Martin Léa (3A) : vie scolaire manquante (retards, demi-journées d'absence)"),
    (("eleves", 0, "vie_scolaire", "retards"), ..., "Élève Martin Léa (3A) : nombre de retards manquant"),
    (("eleves", 0, "vie_scolaire", "retards"), 1.5, "Élève Martin Léa (3A) : nombre de retards « 1.5 » invalide (entier de 0 à 999 attendu)"),
    (("eleves", 0, "vie_scolaire", "abs_justifiees"), ..., "Élève Martin Léa (3A) : nombre de demi-journées d'absence justifiées manquant"),
    (("eleves", 0, "vie_scolaire", "abs_injustifiees"), Fraction(5, 4), "Élève Martin Léa (3A) : demi-journées d'absence non justifiées « 5/4 » invalide (nombre positif, multiple de 0,5, attendu)"),
    (("eleves", 0, "vie_scolaire", "abs_injustifiees"), -1, "Élève Martin Léa (3A) : demi-journées d'absence non justifiées « -1 » invalide (nombre positif, multiple de 0,5, attendu)"),
    (("eleves", 0, "vie_scolaire", "abs_justifiees"), 999.5, "Élève Martin Léa (3A) : demi-journées d'absence justifiées : 1000 dépasse 999, le maximum du LSU"),
    (("eleves", 0, "vie_scolaire", "heures_manquees"), 1000, "Élève Martin Léa (3A) : heures manquées « 1000 » invalides (nombre de 0 à 999 attendu)"),
    (("eleves", 0, "date_scolarite"), "2025-01-06", "Élève Martin Léa (3A) : date de scolarité après la fin de la période"),
]


@pytest.mark.parametrize("chemin, valeur, ligne", CAS, ids=[c[2][:60] for c in CAS])
def test_each_missing_or_invalid_piece_is_named_and_the_export_refused(chemin, valeur, ligne):
    donnees = exemple()
    modifier(chemin, valeur)(donnees)
    lignes = manquants(donnees)
    assert any(l.startswith(ligne) for l in lignes), lignes
    with pytest.raises(LsunIncomplet) as refus:
        exporter(donnees)
    assert refus.value.manquants == lignes
    assert isinstance(refus.value, ValueError)
    assert str(refus.value).startswith("Export LSU impossible :")


def test_every_problem_is_listed_at_once():
    donnees = exemple()
    _sans_sts(donnees)
    _sans_modalite(donnees)
    _sans_appreciation(donnees)
    donnees["eleves"][4]["acquis"][2]["appreciation"] = ""
    lignes = manquants(donnees)
    assert lignes == [
        "Élève Martin Léa (3A), Mathématiques : appréciation manquante",
        "Élève Leroy Chloé (4B), Anglais LV1 : appréciation manquante",
        "Enseignant Durand Marie : identifiant STS manquant",
        "Matière 061300 : code de modalité manquant",
    ]


@pytest.mark.parametrize("donnees", [None, [], "texte", {"eleves": "pas une liste"}])
def test_input_that_is_not_the_dict_gets_a_message(donnees):
    assert manquants(donnees)
    with pytest.raises(LsunIncomplet):
        exporter(donnees)


def test_limits_are_inclusive():
    donnees = exemple()
    martin(donnees)["acquis"][0]["appreciation"] = "é" * 600
    martin(donnees)["appreciation_generale"] = "x" * 1000
    donnees["matieres"][0]["libelle"] = "M" * 40
    martin(donnees)["vie_scolaire"] = {"retards": 999, "abs_justifiees": 999, "abs_injustifiees": Fraction(997, 2), "heures_manquees": 999}
    assert valider(exporter(donnees), XSD) == []


# Averages ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "moyenne, ecrite",
    [
        (Fraction(12345, 1000), "12.35"),  # exactly half: up
        (Fraction(12344999, 1000000), "12.34"),
        (Fraction(2, 3), "0.67"),
        (Fraction(1, 200), "0.01"),
        (Fraction(49, 400), "0.12"),
        (Fraction(39999, 2000), "20.00"),  # 19.9995
        (Decimal("9.995"), "10.00"),
        (20, "20.00"),
        (0, "0.00"),
    ],
)
def test_averages_two_decimals_half_up(moyenne, ecrite):
    donnees = exemple()
    martin(donnees)["acquis"][0]["moyenne"] = moyenne
    xml = exporter(donnees)
    assert acquis_de(xml, 1000, "061300").get("moyenne-eleve") == ecrite
    assert valider(xml, XSD) == []


def test_a_student_without_an_average_is_written_non_note():
    donnees = exemple()
    martin(donnees)["acquis"][1]["moyenne"] = None
    xml = exporter(donnees)
    francais = acquis_de(xml, 1000, "020700")
    assert francais.get("eleve-non-note") == "true"
    assert francais.get("moyenne-eleve") is None
    assert acquis_de(xml, 1001, "020700").get("eleve-non-note") is None
    assert valider(xml, XSD) == []


# Texts ---------------------------------------------------------------------------------------------


def test_texts_are_escaped_and_come_back_unchanged():
    donnees = exemple()
    texte = "Élève « sérieuse » & motivée : 3 < 5 > 2, l'\"oral\" progresse.\nÀ poursuivre — ça ira."
    martin(donnees)["acquis"][0]["appreciation"] = texte
    martin(donnees)["appreciation_generale"] = "  Très bien <b>ici</b> &amp; là\r\nMerci.  "
    martin(donnees)["nom"] = "O'Brien & \"Fils\""
    donnees["etablissement"]["responsable"] = "M. Lefèvre <principal>"
    xml = exporter(donnees)
    assert valider(xml, XSD) == []
    racine = lire(xml)
    assert acquis_de(xml, 1000, "061300").findtext("l:appreciation", namespaces=NS) == texte
    bilan = racine.find(".//l:bilan-periodique[@eleve-ref='EL_1000']", NS)
    assert bilan.findtext("l:acquis-conseils", namespaces=NS) == "Très bien <b>ici</b> &amp; là\nMerci."
    assert racine.find(".//l:eleve[@id='EL_1000']", NS).get("nom") == "O'Brien & \"Fils\""
    assert racine.find(".//l:responsable-etab", NS).get("libelle") == "M. Lefèvre <principal>"
    assert "sérieuse".encode() in xml  # UTF-8, not character references


# Vie scolaire counts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "justifiees, injustifiees, heures, attendu",
    [
        (Fraction(3, 2), Fraction(1, 2), Fraction(5, 2), ("2", "1", "3")),  # x.5 up
        (1.5, 0.5, 2.25, ("2", "1", "2")),  # what cartable-decompte gives: floats ending in .5
        (Decimal("2.0"), 0, Fraction(9, 4), ("2", "0", "2")),
        (4, Fraction(7, 2), 0, ("4", "4", "0")),
    ],
)
def test_half_day_counts_are_written_as_the_schema_integers(justifiees, injustifiees, heures, attendu):
    donnees = exemple()
    martin(donnees)["vie_scolaire"] = {"retards": 3, "abs_justifiees": justifiees, "abs_injustifiees": injustifiees, "heures_manquees": heures}
    xml = exporter(donnees)
    assert valider(xml, XSD) == []
    vie = lire(xml).find(".//l:bilan-periodique[@eleve-ref='EL_1000']/l:vie-scolaire", NS)
    assert (vie.get("nb-abs-justifiees"), vie.get("nb-abs-injustifiees"), vie.get("nb-heures-manquees")) == attendu
    assert vie.get("nb-retards") == "3"


def test_counts_come_from_the_half_day_rule():
    """Calculées mode: 1.5 justified half-days, 0.5 unjustified, 405 minutes missed, one late arrival."""
    cours = [
        {"id": "l1", "date": "2024-10-07", "start": "08:00", "end": "10:00"},
        {"id": "l2", "date": "2024-10-07", "start": "10:00", "end": "12:00"},
        {"id": "m1", "date": "2024-10-08", "start": "08:00", "end": "10:00"},
        {"id": "m2", "date": "2024-10-08", "start": "10:00", "end": "12:00"},
        {"id": "m3", "date": "2024-10-08", "start": "14:00", "end": "14:45"},
        {"id": "m4", "date": "2024-10-08", "start": "14:45", "end": "16:15"},
    ]
    resultat = decompter({
        "settings": {"mode": "calculees"},
        "motives": {"MAL": {"recevable": True, "present": False}},
        "courses": cours,
        "events": [
            {"course": "l1", "type": "absence", "motive": "MAL"},
            {"course": "l2", "type": "absence", "motive": "MAL"},
            {"course": "m1", "type": "absence", "motive": "MAL"},
            {"course": "m3", "type": "absence", "motive": None},
            {"course": "m2", "type": "retard", "minutes": 5},
        ],
    })
    assert (resultat["demi_journees"]["justifiees"], resultat["demi_journees"]["non_justifiees"]) == (1.5, 0.5)
    assert (resultat["retards"], resultat["minutes_manquees"]) == (1, 405)
    donnees = exemple()
    martin(donnees)["vie_scolaire"] = vie_scolaire_du_decompte(resultat)
    xml = exporter(donnees)
    assert valider(xml, XSD) == []
    vie = lire(xml).find(".//l:bilan-periodique[@eleve-ref='EL_1000']/l:vie-scolaire", NS)
    assert dict(vie.attrib) == {"nb-retards": "1", "nb-abs-justifiees": "2", "nb-abs-injustifiees": "1", "nb-heures-manquees": "7"}


def test_hours_missed_are_optional():
    donnees = exemple()
    martin(donnees)["vie_scolaire"]["heures_manquees"] = None
    xml = exporter(donnees)
    assert valider(xml, XSD) == []
    assert lire(xml).find(".//l:bilan-periodique[@eleve-ref='EL_1000']/l:vie-scolaire", NS).get("nb-heures-manquees") is None


# valider: it can fail ------------------------------------------------------------------------------


def _sans(xml, chemin):
    racine = lire(xml)
    element = racine.find(chemin, NS)
    element.getparent().remove(element)
    return etree.tostring(racine, xml_declaration=True, encoding="UTF-8")


def test_valider_reports_a_removed_required_element():
    xml = exporter(exemple())
    erreurs = valider(_sans(xml, ".//l:bilan-periodique/l:acquis-conseils"), XSD)
    assert erreurs and "acquis-conseils" in erreurs[0] and erreurs[0].startswith("ligne ")
    assert valider(_sans(xml, ".//l:responsables-etab"), XSD)


def test_valider_reports_a_broken_reference_and_a_bad_value():
    xml = exporter(exemple())
    orpheline = valider(xml.replace(b'eleve-ref="EL_1000"', b'eleve-ref="EL_9"'), XSD)
    assert len(orpheline) == 1 and "référence « EL_9 » (eleve-ref) vers un identifiant absent du fichier" in orpheline[0]
    assert valider(xml.replace(b'id="ENS_epp_12345"', b'id="ENS_epp_99999"'), XSD)
    assert valider(xml.replace(b'id="EL_1001"', b'id="EL_1000"'), XSD)  # an id twice
    assert valider(xml.replace(b'moyenne-eleve="12.50"', b'moyenne-eleve="123456.789"'), XSD)
    assert valider(xml.replace(b'nb-retards="0"', b'nb-retards="1.5"', 1), XSD)


def test_the_schema_file_does_not_accept_version_10():
    xml = exporter(exemple())
    erreurs = valider(xml.replace(b'schemaVersion="7.0"', b'schemaVersion="10.0"'), XSD)
    assert erreurs and "schemaVersion" in erreurs[0]


def test_valider_on_malformed_xml():
    assert valider(b"<lsun-bilans>", XSD)[0].startswith("XML mal formé")


def test_valider_never_reads_external_entities(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("CONFIDENTIEL")
    xml = exporter(exemple()).replace(
        b"<lsun-bilans", f'<!DOCTYPE lsun-bilans [<!ENTITY x SYSTEM "file://{secret}">]><lsun-bilans'.encode(), 1
    ).replace(b"Travail r\xc3\xa9gulier.", b"&x;", 1)
    erreurs = valider(xml, XSD)
    assert len(erreurs) == 1 and erreurs[0].endswith(" : entité &x; refusée (un fichier LSU n'en contient pas)")
    assert "CONFIDENTIEL" not in erreurs[0]
