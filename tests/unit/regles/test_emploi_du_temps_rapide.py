"""The per-day way of ``occurrences`` (week type and closure read once per day) gives exactly what ``occurrence``
for every slot of every day gives: slots, days, changes and moves, closures and week types drawn by hypothesis."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cartable.regles.emploi_du_temps import (
    Calendrier,
    Creneau,
    Fermeture,
    Modification,
    cle_occurrence,
    lire_cle,
    occurrence,
    occurrences,
)

DEBUT = date(2026, 9, 1)
CAL = Calendrier(DEBUT, date(2027, 7, 4), date(2026, 8, 31),
                 fermetures=(Fermeture(date(2026, 10, 17), date(2026, 11, 1), "Vacances de la Toussaint"),
                             Fermeture(date(2026, 11, 11), date(2026, 11, 11), "Armistice")),
                 semaines={date(2026, 11, 2): "A"})
jours = st.integers(0, 120).map(lambda n: DEBUT + timedelta(days=n))
creneaux = st.builds(
    Creneau, id=st.sampled_from(["c1", "c2", "c3"]), jour=st.integers(0, 5), debut=st.just("08:00"), fin=st.just("09:00"),
    division=st.just(("s", "3A")), matiere=st.just("m"), enseignants=st.just(("p",)), salle=st.just("B1"),
    semaine=st.sampled_from([None, "A", "B"]), du=st.none() | jours, au=st.none() | jours)
modifications = st.builds(Modification, annule=st.booleans(), motif=st.sampled_from(["", "Absent"]),
                          date=st.none() | jours, salle=st.none() | st.just("B2"))


def reference(slots, calendrier, mods, du, au):
    """``occurrences`` as it was before the per-day way: ``occurrence`` for every slot of every day."""
    debut, fin = max(du, calendrier.debut), min(au, calendrier.fin)
    result, jour = [], debut
    while jour <= fin:
        for slot in slots:
            occ = occurrence(slot, calendrier, jour, mods.get(cle_occurrence(jour, slot.id)))
            if occ is not None:
                result.append(occ)
        jour += timedelta(days=1)
    for cle, modification in mods.items():
        origine = lire_cle(cle)
        if modification.date is None or not du <= modification.date <= au or debut <= origine[0] <= fin:
            continue
        for slot in slots:
            occ = occurrence(slot, calendrier, origine[0], modification) if slot.id == origine[1] else None
            if occ is not None:
                result.append(occ)
    return sorted((o for o in result if du <= o.date <= au), key=lambda o: (o.date, o.debut, o.creneau))


@settings(max_examples=300, deadline=None)
@given(st.lists(creneaux, max_size=4, unique_by=lambda c: c.id), jours, st.integers(0, 40),
       st.dictionaries(st.tuples(jours, st.sampled_from(["c1", "c2", "c3"])), modifications, max_size=6))
def test_the_day_by_day_way_gives_what_the_general_one_gives(slots, du, longueur, changes):
    au = du + timedelta(days=longueur)
    mods = {cle_occurrence(j, c): m for (j, c), m in changes.items()}
    assert occurrences(slots, CAL, mods, du, au) == reference(slots, CAL, mods, du, au)
