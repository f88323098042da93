from datetime import date, datetime

import pytest

from cartable.regles.declarations import DeclarationInvalide, couvre, decider, lire_periode, motif_declare


def test_period():
    assert lire_periode("2026-11-16", "2026-11-17") == (datetime(2026, 11, 16, 0, 0), datetime(2026, 11, 17, 23, 59))
    assert lire_periode("2026-11-16T10:00", "2026-11-16T12:00") == (datetime(2026, 11, 16, 10), datetime(2026, 11, 16, 12))
    for du, au in (("2026-11-17", "2026-11-16"), ("16/11/2026", "2026-11-17"), ("2026-09-01", "2026-12-01")):
        with pytest.raises(DeclarationInvalide):
            lire_periode(du, au)


@pytest.mark.parametrize("heure, covered", [("09:59", False), ("10:00", True), ("12:00", True), ("12:01", False)])
def test_covers_the_courses_that_start_inside(heure, covered):
    assert couvre(datetime(2026, 11, 16, 10), datetime(2026, 11, 16, 12), date(2026, 11, 16), heure) is covered


def test_accepted_declarations_only_latest_wins():
    base = {"du": datetime(2026, 11, 16), "au": datetime(2026, 11, 16, 23, 59)}
    declarations = [
        {**base, "statut": "refusee", "motif": "FAM", "traitee_le": "2026-11-16T09:00"},
        {**base, "statut": "a_traiter", "motif": "RDV", "traitee_le": None},
    ]
    assert motif_declare(declarations, date(2026, 11, 16), "08:00") is None
    declarations += [{**base, "statut": "acceptee", "motif": "MAL", "traitee_le": "2026-11-16T10:00"},
                     {**base, "statut": "acceptee", "motif": "RDV", "traitee_le": "2026-11-16T11:00"}]
    assert motif_declare(declarations, date(2026, 11, 16), "08:00") == "RDV"
    assert motif_declare(declarations, date(2026, 11, 17), "08:00") is None


def test_decisions():
    assert decider("a_traiter", "accepter", None) == "acceptee"
    assert decider("a_traiter", "refuser", "Pas de justificatif") == "refusee"
    for statut, decision, raison in (("a_traiter", "refuser", " "), ("acceptee", "refuser", "x"), ("a_traiter", "peut-etre", None)):
        with pytest.raises(DeclarationInvalide):
            decider(statut, decision, raison)
