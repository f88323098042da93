"""Roll-call rules: marks, rights by role and day, states, registers not taken."""

from datetime import date, datetime

import pytest

from cartable.regles.appel import (
    Marque,
    MarqueInvalide,
    ModificationRefusee,
    appliquer,
    etat_apres,
    lire_marque,
    non_fait,
    verifier_droit,
)

LUNDI = date(2026, 11, 2)


@pytest.mark.parametrize(
    "donnees, marque",
    [
        ({"type": "absence"}, Marque("absence")),
        ({"type": "present"}, Marque("present")),
        ({"type": "retard", "minutes": 10}, Marque("retard", minutes=10)),
        ({"type": "depart", "heure": "10:15"}, Marque("depart", heure="10:15")),
        ({"type": "depart"}, Marque("depart")),
    ],
)
def test_marks(donnees, marque):
    assert lire_marque(donnees) == marque


@pytest.mark.parametrize("donnees", [{"type": "retard"}, {"type": "retard", "minutes": 0}, {"type": "retard", "minutes": True},
                                     {"type": "malade"}, None, {"type": "depart", "heure": "10h"}])
def test_bad_marks(donnees):
    with pytest.raises(MarqueInvalide):
        lire_marque(donnees)


def test_teacher_same_day_even_after_done():
    verifier_droit(enseignant=True, vie_scolaire=False, etat="fait", jour_du_cours=LUNDI, aujourd_hui=LUNDI)


@pytest.mark.parametrize("etat", ["a_faire", "en_cours", "fait"])
def test_teacher_the_day_of_the_course_only_whatever_the_state(etat):
    """A register left « en cours » is no way to rewrite a past day (issue 13): the vie scolaire corrects it."""
    verifier_droit(enseignant=True, vie_scolaire=False, etat=etat, jour_du_cours=LUNDI, aujourd_hui=LUNDI)
    with pytest.raises(ModificationRefusee, match="vie scolaire"):
        verifier_droit(enseignant=True, vie_scolaire=False, etat=etat, jour_du_cours=LUNDI, aujourd_hui=date(2026, 11, 3))
    verifier_droit(enseignant=False, vie_scolaire=True, etat=etat, jour_du_cours=LUNDI, aujourd_hui=date(2026, 11, 3))


def test_not_before_the_day():
    with pytest.raises(ModificationRefusee, match="avant le jour"):
        verifier_droit(enseignant=True, vie_scolaire=False, etat="a_faire", jour_du_cours=LUNDI, aujourd_hui=date(2026, 11, 1))


def test_vie_scolaire_always_others_never():
    verifier_droit(enseignant=False, vie_scolaire=True, etat="fait", jour_du_cours=LUNDI, aujourd_hui=date(2027, 1, 5))
    with pytest.raises(ModificationRefusee, match="Seuls"):
        verifier_droit(enseignant=False, vie_scolaire=False, etat="a_faire", jour_du_cours=LUNDI, aujourd_hui=LUNDI)


def test_apply_records_only_real_changes():
    marques = {"e1": {"type": "absence"}}
    nouvelles, changes = appliquer(marques, {"e1": Marque("absence"), "e2": Marque("retard", minutes=5), "e3": Marque("present")})
    assert nouvelles == {"e1": {"type": "absence"}, "e2": {"type": "retard", "minutes": 5}}
    assert changes == [("e2", None, {"type": "retard", "minutes": 5})]
    back, changes = appliquer(nouvelles, {"e1": Marque("present")})
    assert back == {"e2": {"type": "retard", "minutes": 5}} and changes == [("e1", {"type": "absence"}, None)]
    assert marques == {"e1": {"type": "absence"}}  # not modified in place


def test_states():
    assert etat_apres("a_faire", False, []) == "a_faire"
    assert etat_apres("a_faire", False, [("e1", None, {"type": "absence"})]) == "en_cours"
    assert etat_apres("a_faire", True, []) == "fait"  # everybody present: done with no mark
    assert etat_apres("fait", False, [("e1", None, {"type": "absence"})]) == "fait"


def test_register_not_taken_from_fifteen_minutes_after_the_start():
    debut = datetime(2026, 11, 2, 8, 0)
    assert not non_fait("a_faire", False, debut, datetime(2026, 11, 2, 8, 14, 59))
    assert non_fait("a_faire", False, debut, datetime(2026, 11, 2, 8, 15))
    assert non_fait("en_cours", False, debut, datetime(2026, 11, 2, 9, 0))
    assert not non_fait("fait", False, debut, datetime(2026, 11, 2, 9, 0))
    assert not non_fait("a_faire", True, debut, datetime(2026, 11, 2, 9, 0))  # cancelled course
