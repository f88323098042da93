"""regles.competences_referentiel: items checked, every problem named, the CSV read and written back identically."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cartable.regles.competences_referentiel import ReferentielInvalide, ecrire_csv, lire_csv, lire_items
from cartable.regles.socle import CODES_COMPOSANTES

CSV = ("identifiant;matiere;cycle;libelle;composantes\n"
       "fra-lire;020700;4;Lire et comprendre un texte;CPD_FRA\n"
       "mat-modeliser;061300;4;Modéliser une situation;CPD_SCI, SYS_NAT\n")


def test_the_csv_is_read_and_written_back_identically():
    items = lire_csv("\ufeff" + CSV)
    assert items[1] == {"id": "mat-modeliser", "matiere": "061300", "cycle": 4, "libelle": "Modéliser une situation",
                        "composantes": ("CPD_SCI", "SYS_NAT")}
    assert ecrire_csv(items) == CSV.replace("CPD_SCI, SYS_NAT", "CPD_SCI SYS_NAT")
    assert lire_csv(ecrire_csv(items)) == items


def test_every_problem_of_a_csv_is_named_and_nothing_is_read():
    texte = CSV + "x y;0207;5;;ABC\nfra-lire;020700;3;Doublon;CPD_FRA\ncourte;020700\n"
    with pytest.raises(ReferentielInvalide) as refus:
        lire_csv(texte)
    assert refus.value.problemes == [
        "Ligne 6 : 5 colonnes attendues, 2 trouvées",
        "Ligne 4 : identifiant « x y » invalide (lettres, chiffres, - et _, 40 au plus)",
        "Ligne 4 : code matière « 0207 » invalide (6 chiffres ou lettres majuscules)",
        "Ligne 4 : cycle « 5 » invalide (3 ou 4)",
        "Ligne 4 : libellé manquant",
        "Ligne 4 : composante(s) inconnue(s) ABC",
        "Ligne 5 : identifiant « fra-lire » en double",
    ]
    with pytest.raises(ReferentielInvalide, match="en-tête attendu"):
        lire_csv("id;matiere\n")


def test_items_from_json():
    assert lire_items([{"id": "a", "matiere": "020700", "cycle": "3", "libelle": " Lire  ", "composantes": ["MET_APP", "CPD_FRA"]}]) == [
        {"id": "a", "matiere": "020700", "cycle": 3, "libelle": "Lire", "composantes": ("CPD_FRA", "MET_APP")}]
    with pytest.raises(ReferentielInvalide, match="au moins une composante"):
        lire_items([{"id": "a", "matiere": "020700", "cycle": 3, "libelle": "Lire", "composantes": []}])
    with pytest.raises(ReferentielInvalide, match="libellé trop long"):
        lire_items([{"id": "a", "matiere": "020700", "cycle": 3, "libelle": "x" * 301, "composantes": ["CPD_FRA"]}])


TEXTE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(lambda t: " ".join(t.split()))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["020700", "061300", "1001AB"]), st.sampled_from([3, 4]), TEXTE,
                          st.sets(st.sampled_from(CODES_COMPOSANTES), min_size=1)), max_size=8))
def test_csv_round_trip(lignes):
    items = lire_items([{"id": f"c{n}", "matiere": m, "cycle": c, "libelle": t, "composantes": sorted(k)}
                        for n, (m, c, t, k) in enumerate(lignes)])
    assert sorted(lire_csv(ecrire_csv(items)), key=lambda i: i["id"]) == sorted(items, key=lambda i: i["id"])


def test_the_starter_referentiel_is_valid_with_skills_for_each_cycle():
    from cartable.notes.referentiel_depart import items_de_depart

    items = items_de_depart()
    assert lire_items(items) == items  # every item valid, ids unique
    assert {i["cycle"] for i in items} == {3, 4} and len({i["matiere"] for i in items}) >= 10
    assert {c for i in items for c in i["composantes"]} == set(CODES_COMPOSANTES)  # every component can be evaluated
