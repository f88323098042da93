"""Skills in the grades transfer (issue 17): the référentiel, positions, period and end-of-cycle bilans."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cartable.regles.socle import CODES_COMPOSANTES
from cartable.regles.transfert_notes import (
    COLONNES,
    COLONNES_SOCLE,
    OPTIONNELS,
    TOUTES_COLONNES,
    TYPES,
    cle,
    ecrire_csv,
    ecrire_json,
    ecrire_xlsx,
    lire,
    planifier,
)

UAI = "0750001A"
EN_TETE = ";".join(TOUTES_COLONNES)


def ligne(type_, **champs):
    return ";".join([type_] + [champs.get(nom, "") for nom in TOUTES_COLONNES[1:]])


def fichier(*lignes, en_tete=EN_TETE):
    return ("\n".join([en_tete, *lignes]) + "\n").encode()


def erreurs(lecture):
    return {numero: erreur for numero, _, erreur in lecture.lignes if erreur}


PERIODE = ligne("periode", uai=UAI, periode="T1", libelle="Trimestre 1", du="2025-09-01", au="2025-11-30")
COMPETENCE = ligne("competence", uai=UAI, competence="maths-3-nombres", matiere="061300", cycle="3",
                   libelle="  Utiliser   les fractions ", composantes="sys_nat, CPD_SCI")
EVALUATION = ligne("evaluation", uai=UAI, evaluation="E1", periode="T1", division="6A", matiere="061300", titre="Fractions",
                   date="2025-10-02", coefficient="1", competences="maths-3-nombres", notee="non")
POSITION = ligne("position", uai=UAI, evaluation="E1", competence="maths-3-nombres", eleve="ELV1", niveau="ms")
SOCLE = dict(zip(COLONNES_SOCLE, ["3", "4", "", "0", "2", "1", "4", "3"], strict=True))


def test_every_skill_record_is_read_canonically():
    lecture = lire(fichier(
        PERIODE, COMPETENCE, EVALUATION, POSITION,
        ligne("positionnement", uai=UAI, periode="T1", division="6A", matiere="061300", eleve="ELV1", niveau="3"),
        ligne("elements", uai=UAI, periode="T1", division="6A", matiere="061300", texte='"Les fractions\n  les   décimaux\nLes fractions"'),
        ligne("fin_de_cycle", uai=UAI, cycle="4", eleve="ELV1", division="3A", synthese="Bon cycle.", complement="lca",
              complement_niveau="2", **SOCLE),
    ), "t.csv")
    assert erreurs(lecture) == {}
    par_type = {r["type"]: r for r in lecture.records()}
    assert par_type["competence"] == {"type": "competence", "uai": UAI, "competence": "maths-3-nombres", "matiere": "061300",
                                      "cycle": "3", "libelle": "Utiliser les fractions", "composantes": "CPD_SCI SYS_NAT"}
    assert par_type["evaluation"]["competences"] == "maths-3-nombres" and par_type["evaluation"]["notee"] is False
    assert par_type["position"]["niveau"] == "3"
    assert par_type["elements"]["texte"] == "Les fractions\nles décimaux"
    assert par_type["fin_de_cycle"]["complement"] == "LCA" and par_type["fin_de_cycle"]["cpd_sci"] == ""
    plan = planifier(lecture, {})
    assert [r["type"] for r in plan.a_ecrire][:4] == ["periode", "competence", "evaluation", "position"]


def test_each_wrong_skill_row_gets_its_french_reason_and_the_others_pass():
    lecture = lire(fichier(
        PERIODE, COMPETENCE,
        ligne("competence", uai=UAI, competence="a b", matiere="MATHS", cycle="5", libelle="x", composantes="CPD_XXX"),
        ligne("evaluation", uai=UAI, evaluation="E2", periode="T1", division="6A", matiere="061300", titre="Sans rien",
              date="2025-10-02", coefficient="1", notee="non"),
        ligne("evaluation", uai=UAI, evaluation="E3", periode="T1", division="6A", matiere="020700", titre="Autre matière",
              date="2025-10-02", coefficient="1", competences="maths-3-nombres inconnue"),
        EVALUATION,
        ligne("position", uai=UAI, evaluation="E1", competence="autre", eleve="ELV1", niveau="3"),
        ligne("position", uai=UAI, evaluation="E1", competence="maths-3-nombres", eleve="ELV2", niveau="5"),
        ligne("position", uai=UAI, evaluation="E3", competence="maths-3-nombres", eleve="ELV1", niveau="3"),
        ligne("note", uai=UAI, evaluation="E1", eleve="ELV1", valeur="12"),
        ligne("positionnement", uai=UAI, periode="T1", division="6A", matiere="061300", eleve="ELV1", niveau="ABS"),
        ligne("fin_de_cycle", uai=UAI, cycle="3", eleve="ELV1", division="6A", complement="LCA", complement_niveau="1", cpd_fra="5"),
        ligne("fin_de_cycle", uai=UAI, cycle="4", eleve="ELV2", division="3A", complement="PRO"),
    ), "t.csv")
    e = erreurs(lecture)
    assert set(e) == {4, 5, 6, 8, 9, 10, 11, 12, 13, 14}
    assert "cycle « 5 » invalide" in e[4] and "CPD_XXX" in e[4]
    assert "porte au moins une compétence" in e[5]
    assert "d'une autre matière (061300)" in e[6] and "« inconnue » inconnue" in e[6]
    assert "n'est pas évaluée dans l'évaluation « E1 »" in e[8]
    assert "Niveau « 5 » inconnu" in e[9]
    assert "l'évaluation « E3 » de la ligne 6 est en erreur" in e[10]
    assert "sans note (notee = non)" in e[11]
    assert "positionnement « ABS » invalide" in e[12]
    assert "niveau « 5 » invalide pour « CPD_FRA »" in e[13]
    assert "1 (objectif atteint) ou 2 (dépassé)" in e[14]
    assert {r["type"] for r in lecture.records()} == {"periode", "competence", "evaluation"}


def test_a_skill_row_in_error_refuses_its_evaluations_and_their_positions():
    lecture = lire(fichier(PERIODE, COMPETENCE.replace(";3;", ";9;"), EVALUATION, POSITION), "t.csv")
    e = erreurs(lecture)
    assert "la compétence « maths-3-nombres » de la ligne 3 est en erreur" in e[4]
    assert "l'évaluation « E1 » de la ligne 4 est en erreur" in e[5]


def test_stored_skills_and_evaluations_count():
    sans_competence = fichier(EVALUATION, POSITION)
    lecture = lire(sans_competence, "t.csv", referentiel={(UAI, "maths-3-nombres"): "061300"})
    assert erreurs(lecture) == {}
    stockees = {(UAI, "E1"): {"matiere": "061300", "competences": ("maths-3-nombres",), "notee": True}}
    lecture = lire(fichier(POSITION, ligne("position", uai=UAI, evaluation="E1", competence="x", eleve="ELV1", niveau="1")),
                   "t.csv", evaluations_stockees=stockees)
    assert list(erreurs(lecture)) == [3]
    # an evaluation known by its scale only (a caller that does not say its skills): left to the caller's check
    assert erreurs(lire(fichier(POSITION), "t.csv", connues={(UAI, "E1"): 20})) == {}
    assert "évaluation « E1 » inconnue" in erreurs(lire(fichier(POSITION), "t.csv"))[2]
    stockees[(UAI, "E1")]["notee"] = False
    lecture = lire(fichier(ligne("note", uai=UAI, evaluation="E1", eleve="ELV1", valeur="12")), "t.csv",
                   connues={(UAI, "E1"): 20}, evaluations_stockees=stockees)
    assert "sans note" in erreurs(lecture)[2]
    # a rejected skill (here by the Zope side's check) rejects the evaluations that use it, and their positions
    plan = planifier(lire(fichier(PERIODE, COMPETENCE, EVALUATION, POSITION), "t.csv"), {},
                     lambda r: "non" if r["type"] == "competence" else None)
    assert [d.sort for d in plan.decisions] == ["creer", "rejetee", "rejetee", "rejetee"]
    assert "la compétence « maths-3-nombres » de la ligne 3 est rejetée" in plan.decisions[2].raison


def test_a_file_from_before_skills_keeps_the_stored_skills_of_its_evaluations():
    ancien = ";".join(COLONNES)
    evaluation = ";".join(["evaluation", UAI, "T1", "", "", "", "E1", "6A", "061300", "Fractions", "2025-10-02", "1", "20",
                           "non", "", "", "", "", ""])
    lecture = lire(fichier(evaluation, en_tete=ancien), "t.csv")
    (record,) = lecture.records()
    assert "competences" not in record and "notee" not in record
    stocke = {**record, "competences": "maths-3-nombres", "notee": False}
    assert [d.sort for d in planifier(lecture, {cle(stocke): stocke}).decisions] == ["inchange"]


def test_an_export_without_skills_is_written_as_before_them():
    records = [{"type": "evaluation", "uai": UAI, "evaluation": "E1", "periode": "T1", "division": "6A", "matiere": "M",
                "titre": "T", "date": "2025-10-02", "coefficient": "1", "bareme": 20, "facultative": False,
                "competences": "", "notee": True}]
    assert ecrire_csv(records).decode("utf-8-sig").splitlines()[0] == ";".join(COLONNES)
    assert set(json.loads(ecrire_json(records))[0]) == {"type", *TYPES["evaluation"][0]} - {"competences", "notee"}
    avec = [{**records[0], "notee": False, "competences": "c1"}]
    assert ecrire_csv(avec).decode("utf-8-sig").splitlines()[0] == EN_TETE
    assert json.loads(ecrire_json(avec))[0]["notee"] is False


# ---------------------------------------------------------------- round trips

CODES = st.from_regex(r"\A[A-Za-z0-9_-]{1,12}\Z")
TEXTES = st.text(st.one_of(st.characters(blacklist_categories=("Cs", "Cc", "Cn")), st.sampled_from("\n\t;\"'=-")),
                 max_size=30).map(str.strip)
LIGNE = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Zs", "Zl", "Zp")), min_size=1, max_size=12)


@st.composite
def jeux(draw):
    """Canonical records of every skill type with unique keys; every position's evaluation and skill among them."""
    uai = UAI
    matieres = draw(st.lists(st.from_regex(r"\A[0-9A-Z]{6}\Z"), min_size=1, max_size=2, unique=True))
    competences = []
    for ident in draw(st.lists(CODES, max_size=4, unique=True)):
        composantes = draw(st.lists(st.sampled_from(CODES_COMPOSANTES), min_size=1, unique=True))
        competences.append({"type": "competence", "uai": uai, "competence": ident, "matiere": draw(st.sampled_from(matieres)),
                            "cycle": draw(st.sampled_from(["3", "4"])), "libelle": " ".join(draw(st.lists(LIGNE, min_size=1, max_size=3))),
                            "composantes": " ".join(c for c in CODES_COMPOSANTES if c in composantes)})
    records = list(competences)
    evaluations = []
    for numero in range(draw(st.integers(0, 3))):
        matiere = draw(st.sampled_from(matieres))
        siennes = [c["competence"] for c in competences if c["matiere"] == matiere]
        choisies = draw(st.lists(st.sampled_from(siennes), unique=True)) if siennes else []
        evaluations.append({"type": "evaluation", "uai": uai, "evaluation": f"E{numero}", "periode": "T1", "division": "6A",
                            "matiere": matiere, "titre": "Évaluation", "date": "2025-10-02", "coefficient": "1", "bareme": 20,
                            "facultative": False, "competences": " ".join(choisies),
                            "notee": draw(st.booleans()) if choisies else True})
    records += evaluations
    for evaluation in evaluations:
        for ident in evaluation["competences"].split():
            for eleve in draw(st.lists(CODES, max_size=3, unique=True)):
                records.append({"type": "position", "uai": uai, "evaluation": evaluation["evaluation"], "competence": ident,
                                "eleve": eleve, "niveau": draw(st.sampled_from(["1", "2", "3", "4", "ABS", "NE", "DISP"]))})
    for _ in range(draw(st.integers(0, 2))):
        records.append({"type": "positionnement", "uai": uai, "periode": draw(CODES), "division": draw(CODES),
                        "matiere": draw(st.sampled_from(matieres)), "eleve": draw(CODES), "niveau": draw(st.sampled_from("1234"))})
    for _ in range(draw(st.integers(0, 2))):
        elements = list(dict.fromkeys(" ".join(draw(st.lists(LIGNE, min_size=1, max_size=3))) for _ in range(draw(st.integers(0, 3)))))
        records.append({"type": "elements", "uai": uai, "periode": draw(CODES), "division": draw(CODES),
                        "matiere": draw(st.sampled_from(matieres)), "texte": "\n".join(elements)})
    for _ in range(draw(st.integers(0, 2))):
        cycle = draw(st.sampled_from(["3", "4"]))
        complement = draw(st.sampled_from(["", "AUC", "LCA", "PRO"])) if cycle == "4" else ""
        records.append({"type": "fin_de_cycle", "uai": uai, "cycle": cycle, "eleve": draw(CODES), "division": draw(CODES),
                        **{c: draw(st.sampled_from(["", "0", "1", "2", "3", "4"])) for c in COLONNES_SOCLE},
                        "synthese": draw(TEXTES), "complement": complement,
                        "complement_niveau": draw(st.sampled_from("12")) if complement not in ("", "AUC") else ""})
    uniques = {}
    for record in records:
        uniques.setdefault(cle(record), record)
    return list(uniques.values())


def dans_l_ordre(records):
    rang = list(TYPES)
    return sorted(records, key=lambda r: (rang.index(r["type"]), cle(r)))


def complets(records):
    """Records as a file with the skills' columns gives them back (an evaluation's optional fields filled)."""
    return [{**{c: v for (t, c), v in OPTIONNELS.items() if t == r["type"]}, **r} for r in records]


def relire(records, format_):
    ecrire = {"csv": ecrire_csv, "json": ecrire_json, "xlsx": ecrire_xlsx}[format_]
    contenu = ecrire(records)
    lecture = lire(contenu, f"export.{format_}")
    assert lecture.erreurs() == []
    # byte for byte (a workbook's zip carries its time: its rows are compared as CSV)
    assert (ecrire_csv(lecture.records()) == ecrire_csv(records)) if format_ == "xlsx" else (ecrire(lecture.records()) == contenu)
    return lecture


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(jeux(), st.sampled_from(["csv", "json"]))
def test_round_trip_of_skills_is_byte_identical(records, format_):
    lecture = relire(records, format_)
    attendus = dans_l_ordre(records)
    if any(r["type"] != "evaluation" for r in records) or any(r["competences"] for r in records):
        assert lecture.records() == complets(attendus)
    plan = planifier(lecture, {})
    etat = {cle(r): r for r in plan.a_ecrire}
    second = planifier(lire(ecrire_csv(records), "export.csv"), etat)
    assert {d.sort for d in second.decisions} <= {"inchange"} and second.a_ecrire == []


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(jeux())
def test_round_trip_of_skills_through_xlsx(records):
    relire(records, "xlsx")


def test_an_end_of_cycle_row_may_hold_no_level_yet():
    lecture = lire(fichier(ligne("fin_de_cycle", uai=UAI, cycle="3", eleve="E", division="6A")), "t.csv")
    assert erreurs(lecture) == {} and lecture.records()[0]["synthese"] == ""
