"""The grades' part of Mon bureau, as rules: marks in French, the period each block speaks of, bulletin states."""

from datetime import date
from decimal import Decimal

import pytest

from cartable.regles import bureau_notes as r

T1 = {"code": "T1", "libelle": "Trimestre 1", "du": date(2026, 9, 1), "au": date(2026, 11, 30), "cloture": date(2026, 12, 10)}
T2 = {"code": "T2", "libelle": "Trimestre 2", "du": date(2026, 12, 1), "au": date(2027, 3, 5), "cloture": date(2027, 3, 15)}
T3 = {"code": "T3", "libelle": "Trimestre 3", "du": date(2027, 3, 6), "au": date(2027, 7, 3), "cloture": None}
PERIODES = [T3, T1, T2]  # any order in, by date inside
JEUDI = date(2026, 12, 3)


@pytest.mark.parametrize("valeur, bareme, attendu", [
    ("14.5", 20, "14,5/20"), ("12", 20, "12/20"), ("0", 20, "0/20"), ("20", 20, "20/20"), ("12.50", 20, "12,5/20"),
    ("7.25", 10, "7,25/10"), ("10", 10, "10/10"), ("95", 100, "95/100"), (Decimal("8.5"), 20, "8,5/20"),
    ("ABS", 20, "Absent(e)"), ("DISP", 20, "Dispensé(e)"), ("NN", 20, "Non noté"), ("NR", 20, "Non rendu"),
    (None, 20, "—"), ("", 20, "—"), ("XYZ", 20, "XYZ"),
])
def test_a_mark_in_french(valeur, bareme, attendu):
    assert r.note_fr(valeur, bareme) == attendu


def test_never_a_decimal_point_nor_an_exponent():
    for valeur in ("10", "100", "0.5", "19.75", "20.0"):
        texte = r.note_fr(valeur)
        assert "." not in texte and "E" not in texte, texte


def test_latest_marks_newest_first_stable_on_ties():
    notes = [{"date": date(2026, 10, 1), "matiere": "Histoire", "titre": "B"},
             {"date": date(2026, 11, 2), "matiere": "Mathématiques", "titre": "Contrôle 3"},
             {"date": date(2026, 10, 1), "matiere": "Anglais", "titre": "A"},
             {"date": date(2026, 9, 21), "matiere": "Français", "titre": "Dictée"}]
    assert [n["titre"] for n in r.dernieres(notes, 3)] == ["Contrôle 3", "A", "B"]
    assert [n["titre"] for n in r.dernieres(list(reversed(notes)), 3)] == ["Contrôle 3", "A", "B"]
    assert r.dernieres([], 5) == []


def test_marks_are_read_from_the_periods_begun_newest_first():
    assert [p["code"] for p in r.periodes_commencees(PERIODES, JEUDI)] == ["T2", "T1"]
    assert r.periodes_commencees(PERIODES, date(2026, 8, 20)) == []  # summer: nothing begun yet


@pytest.mark.parametrize("jour, attendu", [
    (date(2026, 8, 20), "T1"),  # before the year: the first
    (date(2026, 11, 17), "T1"),
    (JEUDI, "T1"),  # T2 has begun but T1 is typed in until its closing on 10 December
    (date(2026, 12, 10), "T1"),
    (date(2026, 12, 11), "T2"),
    (date(2027, 3, 10), "T2"),  # T3 begun, T2 closes on 15 March
    (date(2027, 3, 16), "T3"),
    (date(2027, 8, 1), "T3"),  # T3 has no closing date: its end, then the last one
])
def test_the_teacher_s_period_of_work(jour, attendu):
    assert r.periode_de_travail(PERIODES, jour)["code"] == attendu


def test_no_period_no_period_of_work():
    assert r.periode_de_travail([], JEUDI) is None
    assert r.periode_des_bulletins([], JEUDI, set()) is None


@pytest.mark.parametrize("jour, avec, attendu", [
    (date(2026, 11, 17), set(), "T1"),  # nothing ended nor generated: the current period
    (JEUDI, set(), "T1"),  # T1 ended: its bulletins are due
    (JEUDI, {"T1"}, "T1"),
    (date(2027, 3, 10), {"T1"}, "T2"),  # T2 ended: due now, though only T1 has bulletins
    (date(2027, 3, 10), {"T1", "T2"}, "T2"),
    (date(2027, 7, 10), {"T3"}, "T3"),
    (date(2026, 8, 20), set(), "T1"),
])
def test_the_direction_s_period_of_bulletins(jour, avec, attendu):
    assert r.periode_des_bulletins(PERIODES, jour, avec)["code"] == attendu


def b(genere_le="2026-12-02T10:00:00", publie=False):
    return {"genere_le": genere_le, "publie": publie}


def test_bulletins_none_generated():
    assert r.etat_bulletins(28, [], None, JEUDI) == {
        "detail": "Aucun bulletin généré (28 élèves)", "etat": "a_faire", "etiquette": "À générer"}


def test_bulletins_generated_not_published():
    etat = r.etat_bulletins(2, [b(), b(publie=True)], None, JEUDI)
    assert etat == {"detail": "2 bulletins générés hier à 10 h, 1 non publié", "etat": "a_faire", "etiquette": "À publier"}
    etat = r.etat_bulletins(1, [b("2026-11-26T08:30:00")], None, JEUDI)
    assert etat["detail"] == "1 bulletin généré le jeudi 26 novembre à 8 h 30, 1 non publié"


def test_bulletins_all_published():
    assert r.etat_bulletins(2, [b(publie=True), b(publie=True)], "2026-12-01T18:00:00", JEUDI) == {
        "detail": "2 bulletins publiés", "etat": "fait", "etiquette": "Publiés"}


def test_bulletins_outdated_by_a_later_change_even_when_published():
    etat = r.etat_bulletins(2, [b(publie=True), b("2026-12-02T11:00:00", publie=True)], "2026-12-02T17:05:00", JEUDI)
    assert etat["etat"] == "alerte" and etat["etiquette"] == "À régénérer"
    assert etat["detail"] == ("Notes ou appréciations modifiées hier à 17 h 05, "
                              "après la génération des bulletins hier à 10 h")
    # a change between two generations: the oldest bulletin is outdated
    assert r.etat_bulletins(2, [b(), b("2026-12-02T12:00:00")], "2026-12-02T11:00:00", JEUDI)["etiquette"] == "À régénérer"


def test_bulletins_incomplete():
    assert r.etat_bulletins(28, [b()] * 20, None, JEUDI) == {
        "detail": "20 bulletins générés sur 28 élèves", "etat": "alerte", "etiquette": "Incomplets"}


def test_grade_grid_states():
    novembre = date(2026, 11, 17)
    assert r.etat_carnet(0, 0, T1, novembre) == {
        "detail": "Trimestre 1 : aucune évaluation · clôture le jeudi 10 décembre", "etat": None, "etiquette": None}
    assert r.etat_carnet(3, 0, T1, date(2026, 12, 9)) == {
        "detail": "Trimestre 1 : 3 évaluations · clôture demain", "etat": None, "etiquette": None}
    assert r.etat_carnet(3, 0, T1, date(2026, 12, 11))["detail"] == "Trimestre 1 : 3 évaluations"  # closed: said no more
    assert r.etat_carnet(1, 1, T3, date(2027, 4, 1)) == {
        "detail": "Trimestre 3 : 1 évaluation, dont 1 non publiée", "etat": "a_faire", "etiquette": "À publier"}
    assert r.etat_carnet(4, 2, T2, JEUDI)["detail"] == "Trimestre 2 : 4 évaluations, dont 2 non publiées · clôture le lundi 15 mars 2027"


@pytest.mark.parametrize("nom, attendu", [
    ("Mathis", "de Mathis"), ("Aaron", "d'Aaron"), ("Émilie", "d'Émilie"), ("Hugo", "d'Hugo"), ("Yanis", "d'Yanis"),
    ("Clément", "de Clément"), ("Œdipe", "d'Œdipe"),
])
def test_de_with_elision(nom, attendu):
    assert r.de(nom) == attendu


def test_council_states():
    etat = r.etat_conseil(date(2026, 12, 10), 28, 12, JEUDI)
    assert etat == {"detail": "Conseil le jeudi 10 décembre · 12 appréciations générales sur 28", "etat": "a_faire",
                    "etiquette": "Appréciations à écrire"}
    assert r.etat_conseil(date(2026, 12, 4), 1, 1, JEUDI) == {
        "detail": "Conseil demain · 1 appréciation générale sur 1", "etat": "fait", "etiquette": None}
    assert r.etat_conseil(None, 28, 0, JEUDI)["detail"].startswith("Date du conseil non fixée · 0 appréciation générale")


def test_moments_in_words():
    assert r.moment_iso("2026-12-03T08:00:00", JEUDI) == "aujourd'hui à 8 h"
    assert r.moment_iso("2027-01-04T14:30:00", JEUDI) == "le lundi 4 janvier 2027 à 14 h 30"
    assert r.moment_iso(None, JEUDI) is None and r.moment_iso("pas une date", JEUDI) is None
