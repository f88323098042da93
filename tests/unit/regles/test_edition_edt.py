"""The direction's timetable actions: modifications of one occurrence, closures, conflicts, the 7-day horizon."""

from datetime import date

import pytest

from cartable.regles import edition_edt as r
from cartable.regles.emploi_du_temps import Fermeture, Modification, Occurrence


def test_changes_of_one_occurrence_combine():
    m = r.modification_apres(None, {"action": "changer_salle", "salle": " S3 "})
    m = r.modification_apres(m, {"action": "remplacer", "enseignants": ["P9", "P8"]})
    assert m == Modification(salle="S3", remplacants=("P8", "P9"))
    m = r.modification_apres(m, {"action": "deplacer", "date": "2026-11-18", "debut": "9:00", "fin": "10:00"})
    assert (m.date, m.debut, m.fin, m.salle) == (date(2026, 11, 18), "09:00", "10:00", "S3")
    assert r.modification_apres(m, {"action": "annuler", "motif": "Sortie"}).annule
    assert r.modification_apres(m, {"action": "retablir"}) is None


@pytest.mark.parametrize("action, message", [
    ({"action": "annuler"}, "motif est requis"),
    ({"action": "deplacer", "date": "2026-11-18", "debut": "10:00", "fin": "09:00"}, "n'est pas après"),
    ({"action": "deplacer", "date": "18/11/2026", "debut": "09:00", "fin": "10:00"}, "AAAA-MM-JJ"),
    ({"action": "deplacer", "date": "2026-11-22", "debut": "09:00", "fin": "10:00"}, "dimanche"),
    ({"action": "remplacer", "enseignants": []}, "remplaçant"),
    ({"action": "changer_salle", "salle": ""}, "salle"),
    ({"action": "danser"}, "Action inconnue"),
])
def test_bad_actions_are_refused_in_french(action, message):
    with pytest.raises(r.ActionInvalide, match=message):
        r.modification_apres(None, action)


def test_closures_added_and_removed():
    f = r.fermetures_apres((), {"action": "ajouter_fermeture", "du": "2026-11-20", "au": "2026-11-20", "libelle": "Grève"})
    assert f == (Fermeture(date(2026, 11, 20), date(2026, 11, 20), "Grève"),)
    with pytest.raises(r.ActionInvalide, match="existe déjà"):
        r.fermetures_apres(f, {"action": "ajouter_fermeture", "du": "2026-11-20", "au": "2026-11-20", "libelle": "x"})
    with pytest.raises(r.ActionInvalide, match="avant de commencer"):
        r.fermetures_apres(f, {"action": "ajouter_fermeture", "du": "2026-11-21", "au": "2026-11-20", "libelle": "x"})
    assert r.fermetures_apres(f, {"action": "retirer_fermeture", "du": "2026-11-20", "au": "2026-11-20"}) == ()
    with pytest.raises(r.ActionInvalide, match="Aucune fermeture"):
        r.fermetures_apres((), {"action": "retirer_fermeture", "du": "2026-11-20", "au": "2026-11-20"})


def occ(cle, debut, fin, division="3A", enseignants=("P1",), jour=date(2026, 11, 16), annule=False):
    return Occurrence(cle, cle, jour, debut, fin, ("E", division), "M", enseignants, "", annule)


def test_conflicts_of_the_day():
    moved = occ("a", "10:00", "11:00")
    assert "La division 3A a déjà cours" in r.conflits_du_jour(moved, [occ("b", "10:30", "11:30", enseignants=("P2",))])[0]
    assert "L'enseignant P1 est déjà en 4B" in r.conflits_du_jour(moved, [occ("c", "09:00", "10:01", division="4B")])[0]
    assert r.conflits_du_jour(moved, [occ("d", "11:00", "12:00")]) == []  # back to back
    assert r.conflits_du_jour(moved, [occ("e", "10:00", "11:00", annule=True)]) == []  # cancelled: the room is free
    assert r.conflits_du_jour(moved, [occ("f", "10:00", "11:00", jour=date(2026, 11, 17))]) == []
    assert r.conflits_du_jour(occ("a", "10:00", "11:00", annule=True), [occ("b", "10:00", "11:00")]) == []


def test_seven_day_horizon():
    today = date(2026, 11, 16)
    assert r.proche([date(2026, 11, 23)], today) and r.proche([today], today)
    assert not r.proche([date(2026, 11, 24)], today) and not r.proche([date(2026, 11, 15)], today)
    assert not r.proche([None], today)


@pytest.mark.parametrize("action, message", [
    ({"action": "deplacer", "date": "2026-11-18", "debut": 830, "fin": "10:00"}, "heure invalide"),
    ({"action": "deplacer", "date": 20261118, "debut": "09:00", "fin": "10:00"}, "AAAA-MM-JJ"),
    ({"action": "annuler", "motif": 12}, "motif est requis"),
    ({"action": "changer_salle", "salle": 12}, "salle"),
])
def test_values_that_are_not_text_are_refused_in_french(action, message):
    with pytest.raises(r.ActionInvalide, match=message):
        r.modification_apres(None, action)
    with pytest.raises(r.ActionInvalide, match="libellé"):
        r.fermetures_apres((), {"action": "ajouter_fermeture", "du": "2026-11-20", "au": "2026-11-20", "libelle": 3})
