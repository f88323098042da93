"""The week grid's layout: days, hour bounds, rows and lanes of courses, the register link's words."""

from dataclasses import dataclass
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from cartable.regles import grille_semaine as g


@dataclass(frozen=True)
class C:
    debut: str
    fin: str
    nom: str = ""


def test_the_week_runs_from_monday_to_saturday_and_sunday_opens_the_next_monday():
    assert g.lundi_de(date(2026, 11, 19)) == date(2026, 11, 16)
    assert g.lundi_de(date(2026, 11, 22)) == date(2026, 11, 16)
    assert g.jour_affiche(date(2026, 11, 22)) == date(2026, 11, 23)
    assert g.jour_affiche(date(2026, 11, 21)) == date(2026, 11, 21)
    assert g.jours_de_la_semaine(date(2026, 11, 16)) == [date(2026, 11, d) for d in range(16, 22)]


def test_the_day_view_skips_sunday_both_ways():
    assert g.jour_voisin(date(2026, 11, 21), 1) == date(2026, 11, 23)
    assert g.jour_voisin(date(2026, 11, 23), -1) == date(2026, 11, 21)
    assert g.jour_voisin(date(2026, 11, 17), 1) == date(2026, 11, 18)
    assert g.jour_voisin(date(2026, 11, 17), -1) == date(2026, 11, 16)


def test_hour_bounds_widen_the_default_day_to_the_courses():
    assert g.bornes_heures([]) == (8, 17)
    assert g.bornes_heures([C("07:30", "08:30"), C("16:00", "17:30")]) == (7, 18)
    assert g.bornes_heures([C("10:00", "11:00")]) == (8, 17)
    assert g.lignes(8, 17) == 36


def test_a_course_alone_covers_its_quarters_and_the_whole_width():
    (place,) = g.placer_jour([C("08:00", "09:00")], 8)
    assert (place.ligne_debut, place.ligne_fin, place.colonne_debut, place.colonne_fin, place.couloirs) == (1, 5, 1, 2, 1)
    (place,) = g.placer_jour([C("10:15", "11:45")], 8)
    assert (place.ligne_debut, place.ligne_fin) == (10, 16)


def test_back_to_back_courses_do_not_share_the_width():
    places = g.placer_jour([C("09:00", "10:00", "b"), C("08:00", "09:00", "a")], 8)
    assert [(p.cours.nom, p.couloirs, p.colonne_debut, p.colonne_fin) for p in places] == [("a", 1, 1, 2), ("b", 1, 1, 2)]


def test_overlapping_courses_sit_side_by_side_and_a_later_one_takes_the_width_back():
    places = g.placer_jour([C("08:00", "10:00", "a"), C("09:00", "10:00", "b"), C("10:00", "11:00", "c")], 8)
    par_nom = {p.cours.nom: p for p in places}
    assert g.colonnes_du_jour([p.cours for p in places]) == 2
    assert (par_nom["a"].colonne_debut, par_nom["a"].colonne_fin, par_nom["a"].couloirs) == (1, 2, 2)
    assert (par_nom["b"].colonne_debut, par_nom["b"].colonne_fin, par_nom["b"].couloirs) == (2, 3, 2)
    assert (par_nom["c"].colonne_debut, par_nom["c"].colonne_fin, par_nom["c"].couloirs) == (1, 3, 1)


def test_a_freed_lane_is_reused_within_a_group():
    places = g.placer_jour([C("08:00", "10:00", "a"), C("08:00", "09:00", "b"), C("09:00", "10:00", "c")], 8)
    assert {p.cours.nom: p.couloirs for p in places} == {"a": 2, "b": 2, "c": 2}
    assert {p.cours.nom: p.colonne_debut for p in places} == {"b": 1, "a": 2, "c": 1}  # the shorter first, c after b


def test_groups_of_two_and_three_lanes_share_six_columns():
    cours = [C("08:00", "09:00", "a"), C("08:00", "09:00", "b"), C("10:00", "11:00", "c"), C("10:00", "11:00", "d"),
             C("10:00", "11:00", "e")]
    assert g.colonnes_du_jour(cours) == 6
    places = {p.cours.nom: (p.colonne_debut, p.colonne_fin) for p in g.placer_jour(cours, 8)}
    assert places == {"a": (1, 4), "b": (4, 7), "c": (1, 3), "d": (3, 5), "e": (5, 7)}


heures = st.integers(min_value=7 * 4, max_value=18 * 4).map(lambda q: f"{q // 4:02d}:{q % 4 * 15:02d}")


@given(st.lists(st.tuples(heures, st.integers(min_value=1, max_value=12)), max_size=8))
def test_no_two_overlapping_courses_share_a_column_and_each_covers_its_time(entrees):
    cours = []
    for i, (debut, quarts) in enumerate(entrees):
        fin = g.minutes(debut) + quarts * 15
        cours.append(C(debut, f"{fin // 60:02d}:{fin % 60:02d}", str(i)))
    premiere, _ = g.bornes_heures(cours)
    places = g.placer_jour(cours, premiere)
    assert sorted(p.cours.nom for p in places) == sorted(c.nom for c in cours)
    colonnes = g.colonnes_du_jour(cours)
    for p in places:
        assert 1 <= p.colonne_debut < p.colonne_fin <= colonnes + 1
        assert p.ligne_fin - p.ligne_debut == (g.minutes(p.cours.fin) - g.minutes(p.cours.debut)) // 15
    for a in places:
        for b in places:
            if a is b:
                continue
            temps = a.ligne_debut < b.ligne_fin and b.ligne_debut < a.ligne_fin
            largeur = a.colonne_debut < b.colonne_fin and b.colonne_debut < a.colonne_fin
            assert not (temps and largeur), (a, b)


def test_the_register_link_says_what_can_be_done():
    lundi, mardi, mercredi = date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 18)
    assert g.action_appel(None, mardi, mardi, vie_scolaire=False, annule=False) == "Faire l'appel"
    assert g.action_appel("en_cours", mardi, mardi, vie_scolaire=False, annule=False) == "Faire l'appel"
    assert g.action_appel("fait", mardi, mardi, vie_scolaire=False, annule=False) == "Voir l'appel"
    assert g.action_appel(None, lundi, mardi, vie_scolaire=False, annule=False) == "Voir l'appel"
    assert g.action_appel(None, lundi, mardi, vie_scolaire=True, annule=False) == "Faire l'appel"
    assert g.action_appel(None, mercredi, mardi, vie_scolaire=True, annule=False) == "Voir l'appel"
    assert g.action_appel(None, mardi, mardi, vie_scolaire=True, annule=True) is None
