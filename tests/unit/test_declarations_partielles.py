"""Declarations by day, half-day or time range: what they cover, how they are said; a family's absence states."""

from datetime import date, datetime

import pytest

from cartable.regles.absences_famille import etat_absence, evenement, resume
from cartable.regles.declarations import DeclarationInvalide, couvre, motif_declare
from cartable.regles.periode_declaree import demi_journee_de, en_mots, lire

JEUDI = date(2026, 12, 3)


def couverts(periode, heures=("08:00", "09:00", "10:00", "11:30", "12:29", "12:30", "14:00", "16:00")):
    return [h for h in heures if couvre(periode["du"], periode["au"], JEUDI, h)]


def test_whole_days_cover_every_course_of_each_day():
    periode = lire({"du": "2026-12-03", "au": "2026-12-04"})
    assert periode["forme"] == "jours"
    assert couverts(periode) == ["08:00", "09:00", "10:00", "11:30", "12:29", "12:30", "14:00", "16:00"]
    assert couvre(periode["du"], periode["au"], date(2026, 12, 4), "16:00")
    assert not couvre(periode["du"], periode["au"], date(2026, 12, 5), "08:00")


def test_the_morning_stops_at_the_boundary_a_course_at_the_boundary_is_the_afternoons():
    matin = lire({"jour": "2026-12-03", "demi_journee": "matin"}, "12:30")
    apres_midi = lire({"jour": "2026-12-03", "demi_journee": "apres_midi"}, "12:30")
    assert couverts(matin) == ["08:00", "09:00", "10:00", "11:30", "12:29"]
    assert couverts(apres_midi) == ["12:30", "14:00", "16:00"]
    assert not couvre(matin["du"], matin["au"], date(2026, 12, 4), "08:00")  # that day only


def test_the_establishments_boundary_is_used():
    assert couverts(lire({"jour": "2026-12-03", "demi_journee": "matin"}, "12:00")) == ["08:00", "09:00", "10:00", "11:30"]


def test_a_time_range_covers_the_courses_that_start_inside_it_and_not_the_one_at_its_end():
    plage = lire({"jour": "2026-12-03", "de": "08:00", "a": "10:00"})
    assert plage["forme"] == "plage"
    assert couverts(plage) == ["08:00", "09:00"]


def test_an_accepted_partial_declaration_gives_its_motive_only_inside_its_range():
    matin = dict(lire({"jour": "2026-12-03", "demi_journee": "matin"}), statut="acceptee", motif="MAL", traitee_le="2026-12-03T09:00:00")
    assert motif_declare([matin], JEUDI, "08:00") == "MAL"
    assert motif_declare([matin], JEUDI, "14:00") is None


@pytest.mark.parametrize("corps", [
    {"jour": "2026-12-03", "demi_journee": "soir"},
    {"jour": "03/12/2026", "demi_journee": "matin"},
    {"jour": "2026-12-03", "de": "10:00", "a": "08:00"},
    {"jour": "2026-12-03", "de": "10:00", "a": "10:00"},
    {"jour": "2026-12-03", "de": "8h", "a": "10:00"},
    {"jour": "2026-12-03", "de": "08:00"},
    {"du": "2026-12-04", "au": "2026-12-03"},
])
def test_bad_input_is_refused_in_french(corps):
    with pytest.raises(DeclarationInvalide) as refus:
        lire(corps)
    assert refus.value.args[0][0].isupper()


def test_words():
    assert en_mots("jours", datetime(2026, 12, 3), datetime(2026, 12, 4, 23, 59)) == "du jeudi 3 au vendredi 4 décembre"
    assert en_mots("jours", datetime(2026, 12, 3), datetime(2026, 12, 3, 23, 59)) == "le jeudi 3 décembre"
    matin = lire({"jour": "2026-12-03", "demi_journee": "matin"})
    assert en_mots(**{k: matin[k] for k in ("forme", "du", "au", "demi_journee")}) == "le jeudi 3 décembre, matin"
    soir = lire({"jour": "2026-12-03", "demi_journee": "apres_midi"})
    assert en_mots(soir["forme"], soir["du"], soir["au"], soir["demi_journee"]) == "le jeudi 3 décembre, après-midi"
    plage = lire({"jour": "2026-12-03", "de": "08:00", "a": "10:30"})
    assert en_mots(plage["forme"], plage["du"], plage["au"]) == "le jeudi 3 décembre, de 8 h à 10 h 30"
    # declarations made before the forms: full days, or the times as given
    assert en_mots(None, datetime(2026, 11, 16), datetime(2026, 11, 17, 23, 59)) == "du lundi 16 au mardi 17 novembre"
    assert en_mots(None, datetime(2026, 11, 16, 10), datetime(2026, 11, 16, 12)) == "le lundi 16 novembre, de 10 h à 12 h"
    assert en_mots(None, datetime(2026, 11, 16, 10), datetime(2026, 11, 17, 12)) == \
        "du lundi 16 novembre à 10 h au mardi 17 novembre à 12 h"
    assert "2026" not in en_mots("jours", datetime(2026, 12, 3), datetime(2026, 12, 3, 23, 59), annee=2026)
    assert en_mots("jours", datetime(2027, 1, 4), datetime(2027, 1, 4, 23, 59), annee=2026) == "le lundi 4 janvier 2027"


def test_half_day_of_a_course():
    assert demi_journee_de("08:00") == "matin" and demi_journee_de("12:30") == "apres_midi"
    assert demi_journee_de("12:00", "12:00") == "apres_midi"


def test_absence_states():
    attente = dict(lire({"jour": "2026-12-03", "demi_journee": "matin"}), statut="a_traiter")
    refusee = dict(attente, statut="refusee")
    assert etat_absence(None, [], JEUDI, "08:00") == "a_justifier"
    assert etat_absence(None, [attente], JEUDI, "08:00") == "declaree"
    assert etat_absence(None, [attente], JEUDI, "14:00") == "a_justifier"  # the morning only
    assert etat_absence(None, [refusee], JEUDI, "08:00") == "a_justifier"
    assert etat_absence({"recevable": True}, [attente], JEUDI, "08:00") == "justifiee"
    assert etat_absence({"recevable": False}, [], JEUDI, "08:00") == "non_justifiee"


def test_events_in_words():
    assert evenement({"type": "absence"}, None, [], JEUDI, "08:00") == {"texte": "Absence", "etat": "a_justifier", "etat_mots": "à justifier"}
    assert evenement({"type": "absence"}, {"recevable": True}, [], JEUDI, "08:00")["etat_mots"] == "justifiée"
    assert evenement({"type": "absence"}, {"recevable": False}, [], JEUDI, "08:00")["etat_mots"] == "non justifiée"
    assert evenement({"type": "retard", "minutes": 10}, None, [], JEUDI, "08:00") == {"texte": "Retard de 10 min", "etat": None, "etat_mots": None}


def test_the_years_summary():
    def compte(total, justifiees, non_justifiees, retards):
        return {"demi_journees": {"total": total, "justifiees": justifiees, "non_justifiees": non_justifiees}, "retards": retards}

    assert resume(compte(0, 0, 0, 0)) == "Aucune absence, aucun retard."
    assert resume(compte(0, 0, 0, 1)) == "Aucune absence, 1 retard."
    assert resume(compte(3, 2, 1, 2)) == "3 demi-journées d'absence (2 justifiées, 1 non justifiée), 2 retards."
    assert resume(compte(1.5, 1, 0.5, 0)) == "1,5 demi-journée d'absence (1 justifiée, 0,5 non justifiée), aucun retard."
