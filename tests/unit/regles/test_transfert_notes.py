"""Grades transfer: per-row errors, whole-file refusals, the plan, idempotence, lossless round trips."""

import io
import json
import re
import time
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cartable.regles.transfert_notes import (
    COLONNES,
    TYPES,
    TransfertInvalide,
    cle,
    ecrire_csv,
    ecrire_json,
    ecrire_xlsx,
    lire,
    planifier,
)

EN_TETE = ";".join(COLONNES)
UAI = "0750001A"


def ligne(type_, **champs):
    """One CSV row in the COLONNES order, ';' separated, values as given (no quoting)."""
    return ";".join([type_] + [champs.get(nom, "") for nom in COLONNES[1:]])


def fichier(*lignes, en_tete=EN_TETE, bom=False):
    texte = "\n".join([en_tete, *lignes]) + "\n"
    return texte.encode("utf-8-sig" if bom else "utf-8")


PERIODE = ligne("periode", uai=UAI, periode="T1", libelle="Trimestre 1", du="2025-09-01", au="2025-11-30")
EVALUATION = ligne("evaluation", uai=UAI, evaluation="E1", periode="T1", division="3A", matiere="MATHS",
                   titre="Fractions", date="2025-10-02", coefficient="1,5", bareme="20", facultative="non")


def note(eleve="ELV1", valeur="12,5", evaluation="E1"):
    return ligne("note", uai=UAI, evaluation=evaluation, eleve=eleve, valeur=valeur)


def erreurs_par_ligne(lecture):
    return {numero: erreur for numero, _, erreur in lecture.lignes if erreur}


# ---------------------------------------------------------------- reading


def test_a_clean_file_gives_canonical_records():
    lecture = lire(fichier(
        PERIODE, EVALUATION, note(), note("ELV2", "abs."), note("ELV3", "20,00"),
        ligne("appreciation", uai=UAI, periode="T1", division="3A", matiere="MATHS", eleve="ELV1",
              texte='"  Bon travail ;\r\ncontinuez ""ainsi""  "'),
        ligne("appreciation_generale", uai=UAI, periode="T1", division="3A", eleve="ELV1", texte="Sérieux"),
        ligne("conseil", uai=UAI, periode="T1", division="3A", eleve="ELV1", avis="Très bien", mention="Mise en garde"),
    ), "notes.csv")
    assert lecture.erreurs() == []
    periode, evaluation, n1, n2, n3, appreciation, generale, conseil = lecture.records()
    assert periode == {"type": "periode", "uai": UAI, "periode": "T1", "libelle": "Trimestre 1",
                       "du": "2025-09-01", "au": "2025-11-30"}
    assert evaluation == {"type": "evaluation", "uai": UAI, "evaluation": "E1", "periode": "T1", "division": "3A",
                          "matiere": "MATHS", "titre": "Fractions", "date": "2025-10-02", "coefficient": "1.5",
                          "bareme": 20, "facultative": False}
    assert [n1["valeur"], n2["valeur"], n3["valeur"]] == ["12.5", "ABS", "20"]
    assert set(n1) == {"type", "uai", "evaluation", "eleve", "valeur"}
    assert appreciation["texte"] == 'Bon travail ;\ncontinuez "ainsi"'
    assert generale["texte"] == "Sérieux"
    assert conseil == {"type": "conseil", "uai": UAI, "periode": "T1", "division": "3A", "eleve": "ELV1",
                       "avis": "Très bien", "mention": "mise_en_garde", "date": ""}
    assert cle(n1) == ("note", UAI, "E1", "ELV1")
    assert lecture.cles_utiles() >= {("evaluation", UAI, "E1"), ("note", UAI, "E1", "ELV2"), ("conseil", UAI, "T1", "ELV1")}


ERREURS = [
    (ligne("notes", uai=UAI), "type inconnu « notes »"),
    (ligne("", uai=UAI), "type vide"),
    (ligne("periode", uai=UAI, periode="T2", libelle="T2", du="2025-13-01", au="2026-02-28"),
     "date « 2025-13-01 » invalide pour « du » (attendu AAAA-MM-JJ)"),
    (ligne("periode", uai=UAI, periode="T2", libelle="T2", du="01/12/2025", au="2026-02-28"), "date « 01/12/2025 » invalide"),
    (ligne("periode", uai=UAI, periode="T3", libelle="T3", du="2026-06-30", au="2026-03-01"), "la fin de la période précède son début"),
    (ligne("periode", uai="075001A", periode="T4", libelle="T4", du="2026-03-01", au="2026-06-30"), "UAI « 075001A » invalide"),
    (EVALUATION.replace("E1", "E2").replace("1,5", "0"), "coefficient « 0 » invalide"),
    (EVALUATION.replace("E1", "E3").replace("1,5", "-1"), "coefficient « -1 » invalide"),
    (EVALUATION.replace("E1", "E4").replace(";20;", ";0;"), "barème « 0 » invalide"),
    (EVALUATION.replace("E1", "E5").replace(";20;", ";1000;"), "barème « 1000 » invalide"),
    (EVALUATION.replace("E1", "E6").replace(";non", ";peut-être"), "« facultative » vaut oui ou non"),
    (EVALUATION.replace("E1", "E7").replace("Fractions", ""), "« titre » est vide"),
    (note("ELV2", "21"), "note de l'élève ELV2 : 21 dépasse le barème (/20)."),
    (note("ELV3", "douze"), "« douze » n'est pas une note"),
    (note("ELV4", ""), "« valeur » est vide"),
    (note("ELV5", "12", evaluation="E99"), "évaluation « E99 » inconnue : ni dans le fichier, ni dans Cartable"),
    (note("ELV6", "12", evaluation="E2"), "l'évaluation « E2 » de la ligne 11 est en erreur"),
    (ligne("appreciation", uai=UAI, periode="T1", division="3A", matiere="MATHS", eleve="ELV1", texte="x" * 1001),
     "« texte » dépasse 1000 caractères (1001)"),
    (ligne("appreciation", uai=UAI, periode="T1", division="3A", matiere="MATHS", eleve="ELV2", texte="  "), "« texte » est vide"),
    (ligne("appreciation_generale", uai=UAI, periode="T1", division="3A", eleve="ELV1", texte="a\x07b"),
     "« texte » contient un caractère de contrôle interdit"),
    (ligne("conseil", uai=UAI, periode="T1", division="3A", eleve="ELV1", mention="bravo"), "mention « bravo » inconnue"),
    (ligne("conseil", uai=UAI, periode="T1", division="3A", eleve="ELV2", date="demain"), "date « demain » invalide pour « date »"),
    (ligne("note", uai=UAI, evaluation='"E\n1"', eleve="ELV7", valeur="12"), "« evaluation » tient sur une ligne"),
    (ligne("note", uai=UAI, evaluation="E1", eleve="ELV8", valeur="12") + ";en trop", "20 valeurs pour 19 colonnes"),
    (note("ELV1", "15"), "doublon de la ligne 4 (même clé : note / 0750001A / E1 / ELV1)"),
]


def test_every_error_on_its_own_row_while_the_others_pass():
    lignes = [PERIODE, EVALUATION, note()] + [texte for texte, _ in ERREURS] + [note("ELV9", "NR")]
    lecture = lire(fichier(*lignes), "notes.csv")
    erreurs = erreurs_par_ligne(lecture)
    for rang, (_, message) in enumerate(ERREURS):
        numero = rang + 5  # header, periode, evaluation, first note
        assert numero in erreurs, message
        assert erreurs[numero].startswith(f"ligne {numero} : ")
        assert message in erreurs[numero]
    assert len(erreurs) == len(ERREURS)
    assert [cle(r) for r in lecture.records()] == [
        ("periode", UAI, "T1"), ("evaluation", UAI, "E1"), ("note", UAI, "E1", "ELV1"), ("note", UAI, "E1", "ELV9")]


def test_a_missing_column_refuses_the_rows_that_need_it_only():
    colonnes = [c for c in COLONNES if c not in ("libelle", "bareme", "facultative", "mention")]
    valeurs = {"uai": UAI, "periode": "T1", "du": "2025-09-01", "au": "2025-11-30", "evaluation": "E1", "division": "3A",
               "matiere": "MATHS", "titre": "Contrôle", "date": "2025-10-02", "coefficient": "2", "eleve": "ELV1",
               "valeur": "15", "avis": "Bien"}
    lignes = [";".join(["periode"] + [valeurs[c] if c in ("uai", "periode", "du", "au") else "" for c in colonnes[1:]]),
              ";".join(["evaluation"] + [valeurs.get(c, "") if c not in ("du", "au", "eleve", "valeur", "avis") else ""
                                         for c in colonnes[1:]]),
              ";".join(["conseil"] + [valeurs[c] if c in ("uai", "periode", "division", "eleve", "avis") else ""
                                      for c in colonnes[1:]])]
    lecture = lire(fichier(*lignes, en_tete=";".join(colonnes)), "notes.csv")
    assert erreurs_par_ligne(lecture) == {2: "ligne 2 : colonne « libelle » absente"}
    evaluation, conseil = lecture.records()
    assert (evaluation["bareme"], evaluation["facultative"]) == (20, False)  # defaults of absent columns
    assert conseil["mention"] == ""


def test_comma_separator_any_column_order_unknown_columns_ignored():
    contenu = ("valeur,eleve,evaluation,uai,type,commentaire\n"
               '"12,5",ELV1,E1,0750001a,note,ignoré\n').encode()
    lecture = lire(contenu, "export.CSV", connues={(UAI, "E1"): 20})
    assert lecture.erreurs() == []
    assert lecture.records() == [{"type": "note", "uai": UAI, "evaluation": "E1", "eleve": "ELV1", "valeur": "12.5"}]


def test_with_or_without_bom_and_empty_rows_skipped():
    for bom in (True, False):
        lecture = lire(fichier(PERIODE, ";;;", "", EVALUATION, bom=bom), "notes.csv")
        assert lecture.erreurs() == []
        assert [numero for numero, _, _ in lecture.lignes] == [2, 5]


def test_known_evaluations_give_the_scale_of_their_notes():
    connues = {(UAI, "E9"): 10}
    lecture = lire(fichier(note("ELV1", "8", "E9"), note("ELV2", "10,5", "E9")), "notes.csv", connues=connues)
    assert lecture.records()[0]["valeur"] == "8"
    assert erreurs_par_ligne(lecture) == {3: "ligne 3 : note de l'élève ELV2 : 10,5 dépasse le barème (/10)."}


def test_the_file_scale_wins_over_the_known_one():
    evaluation = EVALUATION.replace(";20;", ";40;")
    lecture = lire(fichier(note("ELV1", "35"), evaluation), "notes.csv", connues={(UAI, "E1"): 20})
    assert lecture.erreurs() == []  # the note comes before its evaluation: still found


def test_json_with_native_values_null_and_bad_elements():
    contenu = json.dumps([
        {"type": "evaluation", "uai": UAI, "evaluation": "E1", "periode": "T1", "division": "3A", "matiere": "MATHS",
         "titre": "Fractions", "date": "2025-10-02", "coefficient": 0.5, "bareme": 20, "facultative": True},
        {"type": "note", "uai": UAI, "evaluation": "E1", "eleve": "ELV1", "valeur": 12.5},
        {"type": "conseil", "uai": UAI, "periode": "T1", "division": "3A", "eleve": "ELV1", "avis": None, "mention": None,
         "date": None},
        ["pas", "un", "objet"],
        {"type": "note", "uai": UAI, "evaluation": "E1", "eleve": "ELV2", "valeur": {"x": 1}},
        {"type": "note", "uai": UAI, "evaluation": "E1", "valeur": "12"},
    ]).encode()
    lecture = lire(contenu, "notes.json")
    evaluation, n1, conseil = lecture.records()
    assert (evaluation["coefficient"], evaluation["facultative"], n1["valeur"]) == ("0.5", True, "12.5")
    assert (conseil["avis"], conseil["mention"], conseil["date"]) == ("", "", "")
    assert erreurs_par_ligne(lecture) == {4: "ligne 4 : objet JSON attendu", 5: "ligne 5 : valeur « {'x': 1} » illisible",
                                          6: "ligne 6 : colonne « eleve » absente"}


def test_a_foreign_workbook_with_typed_cells():
    classeur = openpyxl.Workbook()
    feuille = classeur.active
    feuille.append(["Type", "UAI", "Evaluation", "Periode", "Division", "Matiere", "Titre", "Date", "Coefficient", "Bareme",
                    "Eleve", "Valeur"])
    feuille.append(["evaluation", UAI, 17, "T1", "3A", "MATHS", "Devoir", datetime(2025, 10, 2), 2, 10.0, None, None])
    feuille.append(["note", UAI, 17, None, None, None, None, None, None, None, 123456, 7.5])
    feuille.append(["note", UAI, 17, None, None, None, None, None, None, None, 123457, 11])
    feuille.append([None] * 12)
    sortie = io.BytesIO()
    classeur.save(sortie)
    lecture = lire(sortie.getvalue(), "notes.xlsx")
    evaluation, n1 = lecture.records()
    assert (evaluation["evaluation"], evaluation["date"], evaluation["coefficient"], evaluation["bareme"]) == ("17", "2025-10-02", "2", 10)
    assert (n1["eleve"], n1["valeur"]) == ("123456", "7.5")
    assert erreurs_par_ligne(lecture) == {4: "ligne 4 : note de l'élève 123457 : 11 dépasse le barème (/10)."}


# ---------------------------------------------------------------- whole-file refusals


def xlsx_modifie(remplacer):
    """A valid workbook whose sheet XML is passed through ``remplacer``."""
    source = zipfile.ZipFile(io.BytesIO(ecrire_xlsx([])))
    sortie = io.BytesIO()
    with zipfile.ZipFile(sortie, "w") as cible:
        for info in source.infolist():
            donnees = source.read(info)
            cible.writestr(info, remplacer(donnees) if info.filename.endswith("sheet1.xml") else donnees)
    return sortie.getvalue()


BOMBE = b'<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY lol "lol">]>\n'


@pytest.mark.parametrize("contenu, nom, message", [
    (fichier(PERIODE).decode().encode("latin-1") + "é".encode("latin-1"), "notes.csv", "pas encodé en UTF-8"),
    (b"type;uai\n", "notes.txt", "ni .csv, ni .xlsx, ni .json"),
    (b"", "notes.csv", "il est vide"),
    (b"uai;periode\n0750001A;T1\n", "notes.csv", "colonne « type »"),
    (b"type;uai;UAI\n", "notes.csv", "colonne(s) en double dans l'en-tête : uai"),
    (EN_TETE.encode() + b'\nnote;"075"0001A;E1\n', "notes.csv", "CSV mal formé vers la ligne 2"),
    (b"PK\x03\x04 pas un zip", "notes.xlsx", "pas un classeur XLSX lisible"),
    (fichier(PERIODE), "notes.xlsx", "pas un classeur XLSX lisible"),
    (xlsx_modifie(lambda xml: BOMBE + xml), "notes.xlsx", "DTD ou des entités XML"),
    (xlsx_modifie(lambda xml: xml.replace(b"<worksheet", b"<!doctype worksheet SYSTEM 'http://x/'><worksheet", 1)),
     "notes.xlsx", "DTD ou des entités XML"),
    (xlsx_modifie(lambda xml: xml.decode().encode("utf-16")), "notes.xlsx", "pas en UTF-8"),
    (xlsx_modifie(lambda xml: b'<?xml version="1.0" encoding="UTF-7"?>' + xml), "notes.xlsx", "pas en UTF-8"),
    (b'[{"type": "note",}]', "notes.json", "JSON mal formé (ligne 1"),
    (b'{"type": "note"}', "notes.json", "liste d'enregistrements"),
    (b"\xff\xfe[]", "notes.json", "pas encodé en UTF-8"),
])
def test_undecodable_files_are_refused_whole(contenu, nom, message):
    with pytest.raises(TransfertInvalide, match=re.escape(message)):
        lire(contenu, nom)


def test_binary_parts_of_a_workbook_are_not_checked_as_xml():
    source = zipfile.ZipFile(io.BytesIO(ecrire_xlsx([])))
    sortie = io.BytesIO()
    with zipfile.ZipFile(sortie, "w") as cible:
        for info in source.infolist():
            cible.writestr(info, source.read(info))
        cible.writestr("xl/media/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00<!DOCTYPE")
    assert lire(sortie.getvalue(), "notes.xlsx").lignes == []
    declaree = xlsx_modifie(lambda xml: b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)
    assert lire(declaree, "notes.xlsx").lignes == []


def test_size_and_row_limits():
    contenu = fichier(PERIODE, EVALUATION, note())
    with pytest.raises(TransfertInvalide, match="dépasse 100 octets"):
        lire(contenu, "notes.csv", taille_max=100)
    with pytest.raises(TransfertInvalide, match="plus de 2 lignes"):
        lire(contenu, "notes.csv", lignes_max=2)
    assert len(lire(contenu, "notes.csv", lignes_max=3).records()) == 3
    with pytest.raises(TransfertInvalide, match="plus de 1 lignes"):
        lire(ecrire_json(lire(contenu, "notes.csv").records()), "notes.json", lignes_max=1)


# ---------------------------------------------------------------- the plan


def existant_de(records):
    return {cle(r): r for r in records}


def test_the_fate_of_every_row():
    stocke = lire(fichier(PERIODE, EVALUATION, note("ELV1", "10"), note("ELV2", "12")), "a.csv").records()
    lecture = lire(fichier(
        note("ELV1", "10"),                 # 2 inchange
        note("ELV2", "14"),                 # 3 mettre_a_jour
        note("ELV3", "DISP"),               # 4 creer
        note("ELV4", "25"),                 # 5 rejetee by lire
        note("INCONNU", "12"),              # 6 rejetee by the callback
        ligne("appreciation", uai=UAI, periode="T1", division="3A", matiere="MATHS", eleve="ELV1", texte="Bien"),  # 7
    ), "b.csv", connues={(UAI, "E1"): 20})

    def verifier(record):
        return "élève « INCONNU » absent de l'annuaire" if record.get("eleve") == "INCONNU" else None

    plan = planifier(lecture, existant_de(stocke), verifier)
    assert [(d.numero, d.sort) for d in plan.decisions] == [
        (2, "inchange"), (3, "mettre_a_jour"), (4, "creer"), (5, "rejetee"), (6, "rejetee"), (7, "creer")]
    assert plan.decisions[1].changements == {"valeur": ("12", "14")}
    assert plan.rejets() == ["ligne 5 : note de l'élève ELV4 : 25 dépasse le barème (/20).",
                             "ligne 6 : élève « INCONNU » absent de l'annuaire"]
    assert plan.resume() == {"creer": {"note": 1, "appreciation": 1}, "mettre_a_jour": {"note": 1},
                             "inchange": {"note": 1}, "rejetee": {"note": 2}}
    assert [cle(r) for r in plan.a_ecrire] == [("note", UAI, "E1", "ELV2"), ("note", UAI, "E1", "ELV3"),
                                               ("appreciation", UAI, "T1", "MATHS", "ELV1")]


def test_records_are_written_parents_first_and_children_of_a_rejected_parent_are_rejected():
    lecture = lire(fichier(
        note("ELV1", "12"), note("ELV1", "9", evaluation="E2"),
        EVALUATION, EVALUATION.replace("E1", "E2").replace("3A", "3B"), PERIODE,
    ), "notes.csv")
    plan = planifier(lecture, {}, lambda r: "classe « 3B » inconnue" if r.get("division") == "3B" else None)
    assert [cle(r)[0] for r in plan.a_ecrire] == ["periode", "evaluation", "note"]
    assert plan.rejets() == ["ligne 3 : l'évaluation « E2 » de la ligne 5 est rejetée", "ligne 5 : classe « 3B » inconnue"]

    plan = planifier(lecture, {}, lambda r: "période close" if r["type"] == "periode" else None)
    assert plan.resume()["rejetee"] == {"periode": 1, "evaluation": 2, "note": 2}


def test_a_note_is_checked_against_the_stored_scale_when_its_evaluation_is_not_in_the_file():
    stockee = lire(fichier(EVALUATION.replace(";20;", ";10;")), "a.csv").records()[0]
    lecture = lire(fichier(note("ELV1", "15"), note("ELV2", "8")), "b.csv", connues={(UAI, "E1"): 20})
    plan = planifier(lecture, existant_de([stockee]))
    assert [d.sort for d in plan.decisions] == ["rejetee", "creer"]
    assert plan.rejets() == ["ligne 2 : note de l'élève ELV1 : 15 dépasse le barème (/10)."]


def test_a_scale_change_in_the_file_counts_for_its_notes():
    stockee = lire(fichier(EVALUATION), "a.csv").records()[0]
    lecture = lire(fichier(EVALUATION.replace(";20;", ";40;"), note("ELV1", "35")), "b.csv")
    plan = planifier(lecture, existant_de([stockee]))
    assert [d.sort for d in plan.decisions] == ["mettre_a_jour", "creer"]
    assert plan.decisions[0].changements == {"bareme": (20, 40)}


# ---------------------------------------------------------------- generated records


CARACTERES = st.one_of(st.characters(blacklist_categories=("Cs", "Cc", "Cn")), st.sampled_from("\"';,=+-@ éÉç"))
CODES = st.text(CARACTERES, min_size=1, max_size=10).map(str.strip).filter(bool)
TEXTES = st.text(st.one_of(CARACTERES, st.sampled_from("\n\t")), max_size=40).map(str.strip)
DATES = st.dates(date(1990, 1, 1), date(2100, 12, 31)).map(date.isoformat)


def canonique(decimal):
    return f"{decimal.normalize():f}"


@st.composite
def jeux(draw):
    """A set of canonical records with unique keys; every note's evaluation is among them."""
    uais = draw(st.lists(st.from_regex(r"\A\d{7}[A-Z]\Z"), min_size=1, max_size=2, unique=True))
    codes = draw(st.lists(CODES, min_size=1, max_size=4, unique=True))
    records = []
    for _ in range(draw(st.integers(0, 3))):
        du, au = sorted(draw(st.lists(DATES, min_size=2, max_size=2)))
        records.append({"type": "periode", "uai": draw(st.sampled_from(uais)), "periode": draw(st.sampled_from(codes)),
                        "libelle": draw(CODES), "du": du, "au": au})
    evaluations = []
    for _ in range(draw(st.integers(0, 3))):
        evaluation = {"type": "evaluation", "uai": draw(st.sampled_from(uais)), "evaluation": draw(st.sampled_from(codes)),
                      "periode": draw(CODES), "division": draw(CODES), "matiere": draw(CODES),
                      "titre": draw(TEXTES.filter(bool)), "date": draw(DATES),
                      "coefficient": canonique(draw(st.decimals(Decimal("0.0001"), Decimal("9999.9999"), places=4))),
                      "bareme": draw(st.integers(1, 999)), "facultative": draw(st.booleans())}
        if all(cle(e) != cle(evaluation) for e in evaluations):
            evaluations.append(evaluation)
    records += evaluations
    for evaluation in draw(st.lists(st.sampled_from(evaluations), max_size=5)) if evaluations else []:
        valeur = draw(st.one_of(st.sampled_from(["ABS", "DISP", "NN", "NR"]),
                                st.decimals(0, evaluation["bareme"], places=2).map(canonique)))
        records.append({"type": "note", "uai": evaluation["uai"], "evaluation": evaluation["evaluation"],
                        "eleve": draw(CODES), "valeur": valeur})
    commun = {"uai": st.sampled_from(uais), "periode": st.sampled_from(codes), "division": CODES, "eleve": CODES}
    records += draw(st.lists(st.fixed_dictionaries({"type": st.just("appreciation"), **commun, "matiere": CODES,
                                                    "texte": TEXTES.filter(bool)}), max_size=3))
    records += draw(st.lists(st.fixed_dictionaries({"type": st.just("appreciation_generale"), **commun,
                                                    "texte": TEXTES.filter(bool)}), max_size=2))
    records += draw(st.lists(st.fixed_dictionaries({
        "type": st.just("conseil"), **commun, "avis": TEXTES,
        "mention": st.sampled_from(["", "felicitations", "compliments", "encouragements", "mise_en_garde"]),
        "date": st.one_of(st.just(""), DATES)}), max_size=2))
    uniques = {}
    for record in records:
        uniques.setdefault(cle(record), record)
    return [{"type": r["type"], **{champ: r[champ] for champ in TYPES[r["type"]][0] if champ in r}} for r in uniques.values()]


def dans_l_ordre_d_ecriture(records):
    rang = list(TYPES)
    return sorted(records, key=lambda r: (rang.index(r["type"]), cle(r)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(jeux())
def test_csv_round_trip_is_lossless(records):
    lecture = lire(ecrire_csv(records), "export.csv")
    assert lecture.erreurs() == []
    assert lecture.records() == dans_l_ordre_d_ecriture(records)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(jeux())
def test_json_round_trip_is_lossless(records):
    lecture = lire(ecrire_json(records), "export.json")
    assert lecture.erreurs() == []
    assert lecture.records() == dans_l_ordre_d_ecriture(records)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(jeux())
def test_xlsx_round_trip_is_lossless(records):
    lecture = lire(ecrire_xlsx(records), "export.xlsx")
    assert lecture.erreurs() == []
    assert lecture.records() == dans_l_ordre_d_ecriture(records)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(jeux(), st.sampled_from(["csv", "json"]))
def test_planning_again_after_writing_changes_nothing(records, format_):
    contenu = ecrire_csv(records) if format_ == "csv" else ecrire_json(records)
    lecture = lire(contenu, f"export.{format_}")
    premier = planifier(lecture, {})
    assert {d.sort for d in premier.decisions} <= {"creer"}
    etat = existant_de(premier.a_ecrire)
    second = planifier(lire(contenu, f"export.{format_}"), etat)
    assert {d.sort for d in second.decisions} <= {"inchange"}
    assert second.a_ecrire == []
    assert len(second.decisions) == len(records)


def test_writers_are_deterministic():
    records = lire(fichier(PERIODE, EVALUATION, note("ELV2"), note("ELV1")), "a.csv").records()
    assert ecrire_csv(records) == ecrire_csv(list(reversed(records)))
    assert ecrire_json(records) == ecrire_json(list(reversed(records)))
    lignes = ecrire_csv(records).decode("utf-8-sig").splitlines()
    assert lignes[0] == EN_TETE and lignes[3].startswith("note;0750001A;;;;;E1;;;;;;;;ELV1;12.5")


# ---------------------------------------------------------------- formula injection


DANGEREUX = ["=1+1", "+33 6 12", "-", "@SOMME(A1)", "'=déjà", "''+x", "'simple", "'", "#N/A", "a=b"]


def appreciations(textes):
    return [{"type": "appreciation", "uai": UAI, "periode": "T1", "division": "3A", "matiere": f"M{rang}", "eleve": "E",
             "texte": texte} for rang, texte in enumerate(textes)]


def test_csv_cells_that_start_like_a_formula_are_neutralised_and_restored():
    records = appreciations(DANGEREUX)
    cellules = [ligne.split(";")[16] for ligne in ecrire_csv(records).decode("utf-8-sig").splitlines()[1:]]
    assert cellules == ["'=1+1", "'+33 6 12", "'-", "'@SOMME(A1)", "''=déjà", "'''+x", "'simple", "'", "#N/A", "a=b"]
    assert lire(ecrire_csv(records), "a.csv").records() == records


def test_xlsx_cells_are_text_never_formulas():
    records = appreciations(DANGEREUX)
    feuille = openpyxl.load_workbook(io.BytesIO(ecrire_xlsx(records))).worksheets[0]
    colonne = [ligne[16] for ligne in feuille.iter_rows(min_row=2)]
    assert {cellule.data_type for cellule in colonne} == {"s"}
    assert colonne[0].value == "'=1+1"
    assert lire(ecrire_xlsx(records), "a.xlsx").records() == records


def test_a_foreign_cell_without_apostrophe_is_kept_as_written():
    contenu = fichier(ligne("appreciation", uai=UAI, periode="T1", division="3A", matiere="M", eleve="E", texte="=1+1"))
    assert lire(contenu, "a.csv").records()[0]["texte"] == "=1+1"


def test_json_is_not_neutralised():
    records = appreciations(["=1+1"])
    assert json.loads(ecrire_json(records))[0]["texte"] == "=1+1"


# ---------------------------------------------------------------- volume


def test_a_hundred_thousand_rows_read_and_plan():
    lignes = [PERIODE]
    lignes += [EVALUATION.replace("E1", f"E{e}") for e in range(1000)]
    lignes += [note(f"ELV{n // 1000}", str(n % 21), f"E{n % 1000}") for n in range(99_000)]
    contenu = fichier(*lignes)
    debut = time.perf_counter()
    lecture = lire(contenu, "gros.csv")
    lu = time.perf_counter()
    plan = planifier(lecture, {})
    fin = time.perf_counter()
    print(f"\n100 001 lignes ({len(contenu) / 1e6:.1f} Mo) : lecture {lu - debut:.2f} s, plan {fin - lu:.2f} s")
    assert lecture.erreurs() == []
    assert plan.resume()["creer"] == {"periode": 1, "evaluation": 1000, "note": 99_000}


# ---------------------------------------------------------------- the documented example


def test_the_example_of_the_documentation_reads_as_it_says():
    doc = (Path(__file__).parents[3] / "docs" / "transfert-notes.md").read_text(encoding="utf-8")
    exemple = doc.split("```csv\n", 1)[1].split("```", 1)[0]
    lecture = lire(exemple.encode(), "transfert-exemple.csv")
    assert lecture.erreurs() == []
    records = {cle(r): r for r in lecture.records()}
    assert len(records) == 9
    assert records[("note", UAI, "E12", "4521")]["valeur"] == "7.5"
    assert records[("evaluation", UAI, "E13")]["bareme"] == 20 and records[("evaluation", UAI, "E13")]["facultative"]
    assert records[("appreciation", UAI, "T1", "MATHS", "4521")]["texte"] == "Bon trimestre ; des progrès\nen calcul littéral."
    conseil = records[("conseil", UAI, "T1", "4521")]
    assert (conseil["avis"], conseil["mention"]) == ("=Très bon ensemble, continuez", "felicitations")
    assert planifier(lecture, {}).resume()["creer"] == {"periode": 1, "evaluation": 2, "note": 3, "appreciation": 1,
                                                       "appreciation_generale": 1, "conseil": 1}


def test_openpyxl_parses_with_defusedxml():
    """Whatever part a workbook names, openpyxl's parser refuses entities (defusedxml is installed)."""
    from openpyxl import xml

    assert xml.DEFUSEDXML
