from datetime import date

import pytest

from cartable.regles.suivi_eleve import (
    Filtres,
    SuiviInvalide,
    annee_scolaire,
    concerne,
    garder,
    lecture_transversale,
    lire_filtres,
    par_annee,
    peut_lire,
)


def item(quand="2026-11-16T10:00", genre="absence", uai="0610001A", structure="61001"):
    return {"quand": quand, "genre": genre, "etablissement": {"uai": uai, "structure": structure}}


def test_who_reads_the_regional_timeline():
    assert peut_lire(admin=True, vie_scolaire_ici=False, eleve_rattache_ici=False)
    assert peut_lire(admin=False, vie_scolaire_ici=True, eleve_rattache_ici=True)
    assert not peut_lire(admin=False, vie_scolaire_ici=True, eleve_rattache_ici=False)  # a student of another school
    assert not peut_lire(admin=False, vie_scolaire_ici=False, eleve_rattache_ici=True)  # a teacher, a parent


def test_which_reads_are_logged():
    assert not lecture_transversale(False, {"61001"}, {"61001"})
    assert lecture_transversale(False, {"61001", "61002"}, {"61001"})
    assert not lecture_transversale(False, {"61001", "61002"}, {"61001", "61002"})  # vie scolaire of both
    assert lecture_transversale(True, {"61001"}, set())


@pytest.mark.parametrize("quand, annee", [
    ("2026-07-31T23:59", "2025-2026"), ("2026-08-01", "2026-2027"), ("2026-11-16T10:00", "2026-2027"),
    ("2027-01-01", "2026-2027"), ("2027-07-31", "2026-2027"),
])
def test_school_year(quand, annee):
    assert annee_scolaire(quand) == annee


def test_filters_read_from_the_query_string():
    assert lire_filtres({}) == Filtres()
    lu = lire_filtres({"genre": ["note", "sanction"], "du": "2026-09-01", "au": "2026-12-31", "etablissement": "0610001a"})
    assert lu == Filtres(frozenset({"note", "sanction"}), date(2026, 9, 1), date(2026, 12, 31), "0610001a")
    assert lire_filtres({"genre": "note"}).genres == {"note"}


@pytest.mark.parametrize("form, message", [
    ({"genre": ["note", "fugue"]}, "fugue"),
    ({"du": "01/09/2026"}, "AAAA-MM-JJ"),
    ({"du": "2026-12-01", "au": "2026-11-01"}, "précède"),
    ({"etablissement": ["a", "b"]}, "Un seul"),
])
def test_bad_filters(form, message):
    with pytest.raises(SuiviInvalide, match=message):
        lire_filtres(form)


def test_keep():
    assert garder(item(), Filtres())
    assert not garder(item(), Filtres(genres=frozenset({"note"})))
    assert garder(item(), Filtres(du=date(2026, 11, 16), au=date(2026, 11, 16)))
    assert not garder(item(), Filtres(du=date(2026, 11, 17)))
    assert not garder(item(), Filtres(au=date(2026, 11, 15)))
    assert garder(item(), Filtres(etablissement="0610001a")) and garder(item(), Filtres(etablissement="61001"))
    assert not garder(item(), Filtres(etablissement="61002"))


def test_grouped_by_school_year_newest_first():
    items = [item("2027-02-01"), item("2026-11-16"), item("2025-10-01"), item("2026-07-01")]
    assert [(annee, [i["quand"] for i in lot]) for annee, lot in par_annee(items)] == [
        ("2026-2027", ["2027-02-01", "2026-11-16"]), ("2025-2026", ["2025-10-01", "2026-07-01"])]


def test_establishment_filter_names_a_uai_or_a_structure():
    etab = {"uai": "0610001A", "structure": "61001"}
    assert concerne(None, etab) and concerne("0610001a", etab) and concerne("61001", etab)
    assert not concerne("0610002B", etab) and not concerne("0610002B", {"uai": None, "structure": "61002"})
