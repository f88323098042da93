"""The per-student index of marks (VieScolaire.marques_eleves) answers as the courses do.

``absences.marques_de`` reads a student's marks from the registers they have a mark in;
``absences.evenements`` reads every course of the period. For any timetable (A/B weeks, a closure,
ended slot versions), any moves and cancellations, any sequence of roll calls (marks set, changed,
removed) and any period, both give the same marks in the same order. No Zope here: the records are
plain persistent objects.
"""

from datetime import date, timedelta
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from cartable.regles.emploi_du_temps import Calendrier, Creneau, Fermeture, Modification, terminer
from cartable.viescolaire import absences
from cartable.viescolaire.registre import Appel, VieScolaire

DEBUT, FIN = date(2026, 11, 2), date(2026, 12, 13)  # six weeks, a closure in the fourth
CALENDRIER = Calendrier(DEBUT, FIN, DEBUT, (Fermeture(date(2026, 11, 23), date(2026, 11, 25), "Pont"),))
DIVISIONS = [("S", "3A"), ("S", "3A-G1"), ("S", "4B")]
ELEVES = ["e1", "e2", "e3"]
JOURS = [DEBUT + timedelta(days=i) for i in range((FIN - DEBUT).days + 1)]

creneaux = st.lists(st.builds(
    Creneau, id=st.sampled_from(["c1", "c2", "c3", "c4", "c5"]), jour=st.integers(0, 4),
    debut=st.sampled_from(["08:00", "10:00", "14:00"]), fin=st.just("17:00"), division=st.sampled_from(DIVISIONS),
    matiere=st.sampled_from(["FRANC", "MATHS"]), semaine=st.sampled_from([None, "A", "B"])),
    min_size=1, max_size=5, unique_by=lambda c: c.id)
modification = st.one_of(
    st.builds(Modification, annule=st.just(True), motif=st.just("Sortie")),
    st.builds(Modification, date=st.sampled_from(JOURS), debut=st.sampled_from([None, "09:00", "15:00"])))
marque = st.sampled_from([{"type": "absence"}, {"type": "retard", "minutes": 10}, {"type": "infirmerie"}])


@st.composite
def registres(draw):
    vs = VieScolaire()
    vs.calendrier = CALENDRIER
    for c in draw(creneaux):
        vs.creneaux[c.id] = c
    # a slot ended mid-period and replaced by a version for another class: its registers stay its own
    if draw(st.booleans()):
        ancien = next(iter(vs.creneaux.values()))
        effet = draw(st.sampled_from(JOURS[7:30]))
        termine = terminer(ancien, effet - timedelta(days=1))
        if termine is not None:
            vs.terminer_creneau(termine)
            vs.creneaux[ancien.id] = Creneau(**{**ancien.__dict__, "du": effet, "au": None,
                                                "division": draw(st.sampled_from(DIVISIONS))})
    occurrences = vs.occurrences(DEBUT, FIN)
    if occurrences:
        for occ in draw(st.lists(st.sampled_from(occurrences), max_size=6)):
            vs.poser_modification(occ.cle, draw(modification))
        # roll calls, in any order, each replacing the register's marks (as appels.enregistrer does)
        for occ in draw(st.lists(st.sampled_from(occurrences), max_size=25)):
            appel = vs.appels.get(occ.cle)
            if appel is None:
                appel = vs.appels[occ.cle] = Appel(occ.cle)
            vs.poser_marques(appel, draw(st.dictionaries(st.sampled_from(ELEVES), marque, max_size=3)))
            for eleve in appel.marques:
                if draw(st.booleans()):
                    vs.motifs_absences[(eleve, occ.cle)] = "MAL"
    return vs


eleves = st.builds(lambda classe, groupes: SimpleNamespace(id="e1", classes=[("S", classe)], groupes=[("S", g) for g in groupes]),
                   st.sampled_from(["3A", "4B"]), st.lists(st.sampled_from(["3A-G1"]), max_size=1))


@settings(max_examples=150, deadline=None)
@given(registres(), eleves, st.sampled_from(JOURS), st.integers(0, 42))
def test_the_index_gives_the_marks_the_courses_give(vs, eleve, du, jours):
    au = du + timedelta(days=jours)
    attendu = absences.evenements(vs, eleve, "S", du, au)[1]
    assert absences.marques_de(vs, eleve, "S", du, au) == attendu


@settings(max_examples=60, deadline=None)
@given(registres())
def test_the_index_kept_by_each_roll_call_is_the_one_built_from_the_registers(vs):
    garde = {e: set(c) for e, c in vs.marques_eleves.items() if len(c)}
    vs.indexer_marques()
    assert {e: set(c) for e, c in vs.marques_eleves.items()} == garde


def test_without_the_index_the_courses_are_read():
    """An establishment made before the index (marques_eleves None until the upgrade step): same answer."""
    vs = VieScolaire()
    vs.calendrier = CALENDRIER
    vs.creneaux["c1"] = Creneau("c1", 0, "08:00", "09:00", ("S", "3A"), "FRANC")
    occ = vs.occurrences(DEBUT, DEBUT)[0]
    appel = vs.appels[occ.cle] = Appel(occ.cle)
    vs.poser_marques(appel, {"e1": {"type": "absence"}})
    eleve = SimpleNamespace(id="e1", classes=[("S", "3A")], groupes=[])
    vs.marques_eleves = None
    assert vs.cles_marquees("e1") is None
    assert [m for _, m, _ in absences.marques_de(vs, eleve, "S", DEBUT, FIN)] == [{"type": "absence"}]
    vs.poser_marques(appel, {})  # a roll call before the upgrade: the registers change, the index waits for the step
    assert absences.marques_de(vs, eleve, "S", DEBUT, FIN) == []
    vs.indexer_marques()
    assert vs.cles_marquees("e1") == ()


def test_oublier_marques():
    vs = VieScolaire()
    appel = vs.appels["2026-11-02@c1"] = Appel("2026-11-02@c1")
    vs.poser_marques(appel, {"e1": {"type": "absence"}, "e2": {"type": "absence"}})
    vs.oublier_marques("e1")
    assert vs.cles_marquees("e1") == () and list(vs.cles_marquees("e2")) == ["2026-11-02@c1"]


def test_cles_marquees_entre_reads_the_period_and_the_courses_moved_into_it():
    """A student's marked registers of a period: a range read of their own keys (those of the courses planned in
    it, the last day included) plus the courses moved into it from another day; a course planned in it and
    moved out is given too (its key keeps the day it was planned: the caller checks the day it is held)."""
    vs = VieScolaire()
    vs.calendrier = CALENDRIER
    vs.creneaux["c1"] = Creneau("c1", 0, "08:00", "09:00", ("S", "3A"), "FRANC")  # Mondays
    vs.creneaux["c2"] = Creneau("c2", 1, "10:00", "11:00", ("S", "3A"), "MATHS")  # Tuesdays
    du, au = date(2026, 11, 9), date(2026, 11, 10)  # the second week's Monday and Tuesday
    vs.poser_modification("2026-11-02@c1", Modification(date=au))  # planned before the period, moved into it
    vs.poser_modification("2026-11-09@c1", Modification(date=date(2026, 11, 20)))  # planned in it, moved out
    vs.poser_modification("2026-11-03@c2", Modification(date=du))  # moved into it, e1 not marked there
    for cle, marques in {"2026-11-02@c1": {"e1": {"type": "absence"}},
                         "2026-11-03@c2": {"e2": {"type": "absence"}},
                         "2026-11-09@c1": {"e1": {"type": "retard", "minutes": 5}},
                         "2026-11-10@c2": {"e1": {"type": "absence"}},  # the last day of the period
                         "2026-11-16@c1": {"e1": {"type": "absence"}},  # after it
                         "2026-11-17@c2": {"e1": {"type": "absence"}}}.items():
        vs.poser_marques(vs.appels.setdefault(cle, Appel(cle)), marques)

    attendu = ["2026-11-09@c1", "2026-11-10@c2", "2026-11-02@c1"]
    assert vs.cles_marquees_entre("e1", du, au) == attendu
    assert vs.cles_marquees_entre("e1", du, au, deplacees={"2026-11-02@c1", "2026-11-03@c2"}) == attendu
    assert vs.cles_marquees_entre("e2", du, au) == ["2026-11-03@c2"]
    assert vs.cles_marquees_entre("e3", du, au) == []  # no entry
    assert vs.cles_marquees_entre("e1", au, au) == ["2026-11-10@c2", "2026-11-02@c1"]
    # the caller keeps the courses held in the period: the one moved out goes, the one moved in stays
    eleve = SimpleNamespace(id="e1", classes=[("S", "3A")], groupes=[])
    assert [o.cle for o, _, _ in absences.marques_de(vs, eleve, "S", du, au)] == ["2026-11-02@c1", "2026-11-10@c2"]  # 8:00, 10:00

    vs.marques_eleves = None  # an establishment whose index is not built yet
    assert vs.cles_marquees_entre("e1", du, au) is None
