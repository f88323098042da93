"""Which counting settings apply on a day (regles.reglages_decompte), and the half-day count under a timeline.

The property tests compare ``decompter(entree, chronologie)`` with a recomputation written here from
DESIGN.md, day by day with the settings of that day, in integer arithmetic (halves of a half-day).
"""

from collections import defaultdict
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cartable.regles import reglages_decompte as r
from cartable.regles.decompte import complements_par_mois, decompter
from cartable.regles.reglages_decompte import Chronologie, Reglages, ReglagesInvalides

AUJOURD_HUI = date(2026, 11, 17)
MOTIFS = {
    "MAL": {"recevable": True, "present": False},
    "PER": {"recevable": False, "present": False},
    "INF": {"recevable": True, "present": True},
    "EXC": {"recevable": False, "present": True},
}


# -- the timeline ------------------------------------------------------------------------------


def test_the_base_applies_until_the_first_change_then_each_change_from_its_day():
    c = Chronologie.de(Reglages(), [(date(2027, 1, 4), Reglages(mode="calculees")), (date(2026, 12, 1), Reglages(limite="12:00"))])
    assert [d for d, _ in c.changements] == [date(2026, 12, 1), date(2027, 1, 4)]
    assert c.en_vigueur(date(2020, 1, 1)) == Reglages()
    assert c.en_vigueur(date(2026, 11, 30)) == Reglages()
    assert c.en_vigueur(date(2026, 12, 1)) == Reglages(limite="12:00")
    assert c.en_vigueur(date(2027, 1, 3)) == Reglages(limite="12:00")
    assert c.en_vigueur(date(2027, 1, 4)) == Reglages(mode="calculees")
    assert c.en_vigueur(date(2030, 1, 1)) == Reglages(mode="calculees")


def test_periods_cover_the_range_in_stretches_of_constant_settings():
    c = Chronologie.de(Reglages(), [(date(2026, 12, 1), Reglages(seuil=3)), (date(2027, 1, 4), Reglages(mode="calculees"))])
    assert c.periodes(date(2026, 11, 1), date(2027, 1, 31)) == [
        (date(2026, 11, 1), date(2026, 11, 30), Reglages()),
        (date(2026, 12, 1), date(2027, 1, 3), Reglages(seuil=3)),
        (date(2027, 1, 4), date(2027, 1, 31), Reglages(mode="calculees")),
    ]
    assert c.periodes(date(2026, 12, 5), date(2026, 12, 6)) == [(date(2026, 12, 5), date(2026, 12, 6), Reglages(seuil=3))]
    assert c.periodes(date(2026, 12, 6), date(2026, 12, 5)) == []


def test_unsorted_or_duplicate_changes_are_not_a_timeline():
    with pytest.raises(ValueError):
        Chronologie(Reglages(), ((date(2027, 1, 4), Reglages()), (date(2026, 12, 1), Reglages())))
    with pytest.raises(ValueError):
        Chronologie(Reglages(), ((date(2027, 1, 4), Reglages()), (date(2027, 1, 4), Reglages(seuil=3))))


def test_a_change_keeps_what_it_does_not_give_from_the_settings_of_its_day():
    c = Chronologie.de(Reglages(), [(date(2026, 12, 1), Reglages(limite="12:00"))])
    quand, nouveaux = r.valider_changement({"a_partir_du": "2026-12-07", "mode": "calculées"}, AUJOURD_HUI, c)
    assert (quand, nouveaux) == (date(2026, 12, 7), Reglages(limite="12:00", mode="calculees"))
    quand, nouveaux = r.valider_changement({"seuil": "3"}, AUJOURD_HUI, c)  # today by default
    assert (quand, nouveaux) == (AUJOURD_HUI, Reglages(seuil=3))
    c2 = r.appliquer(c, quand, nouveaux)
    assert c2.en_vigueur(date(2026, 12, 1)) == Reglages(limite="12:00")  # a later change stays as it was
    assert r.appliquer(c2, date(2026, 11, 20), Reglages(seuil=3)) == c2  # the same settings: nothing changes
    assert r.appliquer(c2, AUJOURD_HUI, Reglages(seuil=5)).en_vigueur(AUJOURD_HUI).seuil == 5  # same date: replaced


@pytest.mark.parametrize("donnees, mot", [
    ({"a_partir_du": "2026-11-16", "mode": "calculees"}, "passée"),
    ({"a_partir_du": "17/11/2026", "mode": "calculees"}, "Date d'effet invalide"),
    ({"a_partir_du": "2026-02-30", "mode": "calculees"}, "Date d'effet invalide"),
    ({"a_partir_du": 20261118, "mode": "calculees"}, "Date d'effet invalide"),
    ({"a_partir_du": "2026-11-18"}, "au moins un réglage"),
    ({"mode": "moitie"}, "Mode de décompte inconnu"),
    ({"mode": 1}, "Mode de décompte inconnu"),
    ({"limite": "12h30"}, "Limite de la demi-journée invalide"),
    ({"limite": "25:00"}, "Limite de la demi-journée invalide"),
    ({"limite": "08:00"}, "entre 10:00 et 15:00"),
    ({"seuil": 0}, "entre 1 et 20"),
    ({"seuil": 2.5}, "Seuil d'alerte invalide"),
    ({"seuil": True}, "Seuil d'alerte invalide"),
    ({"seuil": "quatre"}, "Seuil d'alerte invalide"),
    ({"mode": "brutes", "couleur": "bleu"}, "Champ inconnu : couleur"),
    ([], "Corps attendu"),
])
def test_bad_input_is_refused_in_french(donnees, mot):
    with pytest.raises(ReglagesInvalides) as refus:
        r.valider_changement(donnees, AUJOURD_HUI, Chronologie())
    assert mot in str(refus.value)


def test_only_a_change_not_yet_in_force_can_be_withdrawn():
    c = Chronologie.de(Reglages(), [(date(2026, 11, 10), Reglages(seuil=3)), (date(2026, 12, 1), Reglages(mode="calculees"))])
    assert r.annuler(c, date(2026, 12, 1), AUJOURD_HUI).changements == ((date(2026, 11, 10), Reglages(seuil=3)),)
    with pytest.raises(ReglagesInvalides, match="déjà en vigueur"):
        r.annuler(c, date(2026, 11, 10), AUJOURD_HUI)
    with pytest.raises(ReglagesInvalides, match="Aucun changement prévu"):
        r.annuler(c, date(2026, 12, 2), AUJOURD_HUI)


def test_settings_in_words():
    assert r.en_mots(Reglages()) == "Demi-journées brutes, limite à 12 h 30, alerte à 4 demi-journées non justifiées dans le mois"
    assert r.en_mots(Reglages("13:00", "calculees", 3)).startswith("Demi-journées calculées, limite à 13 h, alerte à 3")


# -- counting under a timeline -------------------------------------------------------------------


def cours(ident, jour, debut, fin, **drapeaux):
    return {"id": ident, "date": jour, "start": debut, "end": fin, **drapeaux}


def test_a_change_of_mode_applies_from_its_day_and_leaves_the_days_before():
    # Monday 30 Nov and Tuesday 1 Dec: the same morning (two hours), one hour missed each day
    courses = [cours(f"{j}-{h}", j, f"{h:02d}:00", f"{h + 1:02d}:00") for j in ("2026-11-30", "2026-12-01") for h in (8, 9)]
    events = [{"course": "2026-11-30-8", "type": "absence", "motive": None}, {"course": "2026-12-01-8", "type": "absence", "motive": None}]
    entree = {"settings": {}, "motives": MOTIFS, "courses": courses, "events": events}
    chronologie = Chronologie.de(Reglages(), [(date(2026, 12, 1), Reglages(mode="calculees"))])
    compte = decompter(entree, chronologie)
    assert compte["par_mois"] == {"2026-11": {"justifiees": 0, "non_justifiees": 1}, "2026-12": {"justifiees": 0, "non_justifiees": 0.5}}
    assert compte["demi_journees"]["non_justifiees"] == 1.5
    # November's count is what it was before the change
    assert decompter(entree, chronologie)["par_mois"]["2026-11"] == decompter(entree)["par_mois"]["2026-11"]


def test_a_change_of_boundary_moves_the_half_days_of_its_days_only():
    # 12:00-13:00 then 13:00-14:00: one half-day with a 12:30 boundary (12:00 < 12:30 → morning, 13:00 afternoon)
    courses = [cours(f"{j}-{h}", j, f"{h:02d}:00", f"{h + 1:02d}:00") for j in ("2026-11-30", "2026-12-01") for h in (12, 13)]
    events = [{"course": f"{j}-{h}", "type": "absence", "motive": "PER"} for j in ("2026-11-30", "2026-12-01") for h in (12, 13)]
    entree = {"settings": {}, "motives": MOTIFS, "courses": courses, "events": events}
    chronologie = Chronologie.de(Reglages(), [(date(2026, 12, 1), Reglages(limite="11:00"))])
    assert decompter(entree, chronologie)["par_mois"] == {"2026-11": {"justifiees": 0, "non_justifiees": 2},
                                                           "2026-12": {"justifiees": 0, "non_justifiees": 1}}
    assert complements_par_mois(entree, chronologie)["2026-12"]["demi_journees_attendues"] == 1
    assert complements_par_mois(entree)["2026-12"]["demi_journees_attendues"] == 2


def test_the_alert_uses_the_threshold_of_the_day_the_count_reaches_it():
    jours = [date(2026, 12, 1) + timedelta(days=i) for i in (0, 1, 2, 7)]  # Tue, Wed, Thu, next Tue
    courses = [cours(f"c{i}", j.isoformat(), "08:00", "09:00") for i, j in enumerate(jours)]
    trois = {"settings": {}, "motives": MOTIFS, "courses": courses,
             "events": [{"course": f"c{i}", "type": "absence", "motive": "PER"} for i in range(3)]}
    assert decompter(trois)["alertes"] == []
    # the threshold drops to 3 from 3 December: reached that day
    assert decompter(trois, Chronologie.de(Reglages(), [(date(2026, 12, 3), Reglages(seuil=3))]))["alertes"] == ["2026-12"]
    # from 4 December only: no absence on or after that day, so no alert this month
    assert decompter(trois, Chronologie.de(Reglages(), [(date(2026, 12, 4), Reglages(seuil=3))]))["alertes"] == []
    # the threshold rises to 5 from 8 December: 3 by the 3rd (< 4), 4 on the 8th (< 5): no alert
    quatre = dict(trois, events=[{"course": f"c{i}", "type": "absence", "motive": "PER"} for i in range(4)])
    assert decompter(quatre)["alertes"] == ["2026-12"]
    assert decompter(quatre, Chronologie.de(Reglages(), [(date(2026, 12, 8), Reglages(seuil=5))]))["alertes"] == []


def test_without_a_timeline_the_contract_is_unchanged():
    courses = [cours("a", "2026-11-30", "08:00", "09:00")]
    entree = {"settings": {"boundary": "08:30", "mode": "calculees"}, "motives": MOTIFS, "courses": courses,
              "events": [{"course": "a", "type": "absence", "motive": "MAL"}]}
    assert decompter(entree) == decompter(entree, Chronologie(Reglages("08:30", "calculees", 4)))


# -- property: counts equal an independent recomputation, day by day -------------------------------

JOURS = [date(2026, 11, 23) + timedelta(days=i) for i in range(17)]  # two weekends, a month change


def recompter(entree, chronologie):
    """DESIGN.md, re-read day by day with the settings in force that day; integer halves only."""
    def minute(t):
        return int(t[:2]) * 60 + int(t[3:])

    def en_vigueur(jour):
        courant = chronologie.base
        for quand, reglages in chronologie.changements:
            if quand <= jour:
                courant = reglages
        return courant

    attendus = {c["id"]: c for c in entree["courses"]
                if not (c.get("cancelled") or c.get("exempt")) and date.fromisoformat(c["date"]).weekday() < 5}

    def moitie(c):
        jour = date.fromisoformat(c["date"])
        limite = en_vigueur(jour).limite
        return jour, minute(c["start"]) >= minute(limite)

    total = defaultdict(int)
    for c in attendus.values():
        total[moitie(c)] += minute(c["end"]) - minute(c["start"])
    absent, motifs = defaultdict(int), defaultdict(list)
    retards = manquees = 0
    for e in entree["events"]:
        c = attendus.get(e["course"])
        if c is None:
            continue
        retards += e["type"] == "retard"
        if e["type"] != "absence":
            continue
        manquees += minute(c["end"]) - minute(c["start"])
        if e["motive"] is not None and MOTIFS[e["motive"]]["present"]:
            continue
        absent[moitie(c)] += minute(c["end"]) - minute(c["start"])
        motifs[moitie(c)].append(e["motive"])
    j = nj = reg = 0
    mois = defaultdict(lambda: [0, 0])
    nj_jour = defaultdict(int)
    for cle, ms in motifs.items():
        if en_vigueur(cle[0]).mode == "calculees":
            valeur = (4 * absent[cle] + total[cle]) // (2 * total[cle])
        else:
            valeur = 2
        if not valeur:
            continue
        m = f"{cle[0]:%Y-%m}"
        if all(x is not None and MOTIFS[x]["recevable"] for x in ms):
            j += valeur
            mois[m][0] += valeur
        else:
            nj += valeur
            mois[m][1] += valeur
            nj_jour[cle[0]] += valeur
            reg += valeur if None in ms else 0
    alertes = set()
    for jour in sorted(nj_jour):
        cumul = sum(v for d, v in nj_jour.items() if d <= jour and (d.year, d.month) == (jour.year, jour.month))
        if cumul >= 2 * en_vigueur(jour).seuil:
            alertes.add(f"{jour:%Y-%m}")
    h = lambda n: n // 2 if n % 2 == 0 else n / 2  # noqa: E731
    return {
        "demi_journees": {"total": h(j + nj), "justifiees": h(j), "non_justifiees": h(nj), "a_regulariser": h(reg)},
        "retards": retards, "minutes_manquees": manquees,
        "par_mois": {m: {"justifiees": h(a), "non_justifiees": h(b)} for m, (a, b) in sorted(mois.items())},
        "alertes": sorted(alertes),
    }


reglages_st = st.builds(Reglages, st.sampled_from(["11:00", "12:00", "12:30", "13:30"]), st.sampled_from(list(r.MODES)),
                        st.integers(1, 5))


@st.composite
def chronologies(draw):
    changements = draw(st.lists(st.tuples(st.sampled_from(JOURS), reglages_st), max_size=4))
    return Chronologie.de(draw(reglages_st), changements)


@st.composite
def eleves(draw):
    courses, events = [], []
    for i in range(draw(st.integers(0, 16))):
        debut = draw(st.integers(16, 32)) * 30  # 08:00 … 16:00
        fin = debut + draw(st.sampled_from([30, 55, 60, 90, 120]))
        courses.append(cours(f"c{i}", draw(st.sampled_from(JOURS)).isoformat(), f"{debut // 60:02d}:{debut % 60:02d}",
                             f"{fin // 60:02d}:{fin % 60:02d}", cancelled=draw(st.booleans()) and draw(st.booleans()),
                             exempt=draw(st.booleans()) and draw(st.booleans())))
        genre = draw(st.sampled_from(["", "", "absence", "absence", "absence", "retard", "depart", "absence+depart"]))
        for g in filter(None, genre.split("+")):
            events.append({"course": f"c{i}", "type": g, **({"motive": draw(st.sampled_from([*MOTIFS, None]))} if g == "absence" else {}),
                           **({"minutes": draw(st.integers(0, 30))} if g == "retard" else {})})
    return {"settings": {}, "motives": MOTIFS, "courses": courses, "events": draw(st.permutations(events))}


@settings(max_examples=400, deadline=None)
@given(eleves(), chronologies())
def test_counts_equal_a_day_by_day_recomputation(entree, chronologie):
    assert decompter(entree, chronologie) == recompter(entree, chronologie)


@settings(max_examples=200, deadline=None)
@given(eleves(), chronologies(), st.sampled_from(JOURS), reglages_st)
def test_a_change_never_alters_the_days_before_it(entree, chronologie, quand, nouveaux):
    """The closed period: every month, half-day and alert before the change's day is what it was."""
    apres = r.appliquer(chronologie, quand, nouveaux)
    avant_le = [c for c in entree["courses"] if date.fromisoformat(c["date"]) < quand]
    ids = {c["id"] for c in avant_le}
    passe = dict(entree, courses=avant_le, events=[e for e in entree["events"] if e["course"] in ids])
    assert decompter(passe, apres) == decompter(passe, chronologie)
    for jour in JOURS:
        if jour < quand:
            assert apres.en_vigueur(jour) == chronologie.en_vigueur(jour)


@settings(max_examples=200, deadline=None)
@given(eleves(), chronologies())
def test_a_uniform_timeline_counts_as_the_contract_with_its_settings(entree, chronologie):
    base = chronologie.base
    uniforme = Chronologie(base, ((JOURS[5], base),))  # a change to the same settings changes nothing
    attendu = decompter(dict(entree, settings={"boundary": base.limite, "mode": base.mode}))
    if base.seuil == 4:
        assert decompter(entree, uniforme) == attendu
    else:
        sans_alertes = {k: v for k, v in decompter(entree, uniforme).items() if k != "alertes"}
        assert sans_alertes == {k: v for k, v in attendu.items() if k != "alertes"}


@settings(max_examples=200, deadline=None)
@given(eleves(), chronologies())
def test_the_expected_half_days_follow_each_days_boundary(entree, chronologie):
    def minute(t):
        return int(t[:2]) * 60 + int(t[3:])

    moities = defaultdict(set)
    for c in entree["courses"]:
        jour = date.fromisoformat(c["date"])
        if not (c.get("cancelled") or c.get("exempt")) and jour.weekday() < 5:
            moities[f"{jour:%Y-%m}"].add((jour, minute(c["start"]) >= minute(chronologie.en_vigueur(jour).limite)))
    resultat = complements_par_mois(entree, chronologie)
    assert {m: v["demi_journees_attendues"] for m, v in resultat.items()} == {m: len(s) for m, s in moities.items()}
