"""The day's registers made before 8:00 (VieScolaire.preparer, cartable.viescolaire.preparation): two teachers
taking two different registers' first roll call at once both commit.

Without it, each first POST inserts its register into the establishment's ``appels`` and its new absentees
into ``marques_eleves``; the day's keys are neighbours, and when an insert splits their bucket the other
transaction's insert in that bucket cannot be resolved (a ConflictError, retried by Zope: 16 % of the POSTs
in bench_appel). Real ZODB connections on a FileStorage, which resolves conflicts as RelStorage does; the
roll call is ``appels.enregistrer`` itself.
"""

from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
import transaction
from ZODB import DB
from ZODB.FileStorage import FileStorage
from ZODB.POSException import ConflictError

from cartable.annuaire.registre import Inscrit
from cartable.core import horloge
from cartable.regles.emploi_du_temps import Calendrier, Creneau
from cartable.viescolaire import appels, edition_edt
from cartable.viescolaire.preparation import preparer_etablissement
from cartable.viescolaire.registre import Appel, VieScolaire

JOUR = date(2026, 11, 17)  # a Tuesday
S = "S1"
CLASSES = {"3A": ["a1", "a2", "a3"], "3B": ["b1", "b2", "b3"]}
PROFS = {"3A": "prof-a", "3B": "prof-b"}


class Annuaire:
    matieres = {}

    def eleves(self, structure, code):
        return CLASSES.get(code, [])

    def personne(self, ident):
        return SimpleNamespace(id=ident, nom=ident, prenom="", actif=True, nom_complet=ident)

    def inscrits(self, structure, code):
        return [Inscrit(ident, "", ident) for ident in CLASSES.get(code, [])]

    def divisions_de(self, structure, genre):
        return {c: c for c in CLASSES} if genre == "classe" else {}


def lecteur(code):
    return SimpleNamespace(personne=SimpleNamespace(id=PROFS[code]), login=PROFS[code], anonyme=False,
                           est_vie_scolaire=lambda structure: False)


@pytest.fixture
def base(tmp_path):
    """An establishment a month into the year: 30 registers already (one bucket's worth, the next insert splits
    it) and 30 students already in the index, today's two 8:00 courses not taken yet."""
    horloge.figer(datetime(2026, 11, 17, 8, 0))
    db = DB(FileStorage(str(tmp_path / "Data.fs")))
    with db.transaction() as conn:
        vs = conn.root()["vs"] = VieScolaire()
        vs.calendrier = Calendrier(JOUR - timedelta(days=60), JOUR + timedelta(days=60), JOUR)
        for code in CLASSES:
            vs.creneaux[f"c-{code}"] = Creneau(f"c-{code}", JOUR.weekday(), "08:00", "09:00", (S, code), "MATHS", (PROFS[code],))
        for i in range(30):
            cle = f"2026-10-{i + 1:02d}@ancien"
            vs.appels[cle] = Appel(cle)
            vs.poser_marques(vs.appels[cle], {f"z{i:02d}": {"type": "absence"}})
    yield db
    db.close()
    horloge.liberer()


def premier_appel(db, code):
    """One teacher's connection: its register read, its first POST applied (not committed yet)."""
    tm = transaction.TransactionManager()
    conn = db.open(tm)
    vs = conn.root()["vs"]
    occurrence = next(o for o in vs.occurrences(JOUR, JOUR) if o.division[1] == code)
    a, b, c = CLASSES[code]
    donnees = {"marques": {a: {"type": "absence"}, b: {"type": "retard", "minutes": 5}}, "fait": False}
    appels.enregistrer(vs, Annuaire(), S, occurrence, lecteur(code), donnees, f"cle-{code}", "http://x")
    return tm, conn


def deux_appels_a_la_fois(db):
    """Both teachers' POSTs applied on the same snapshot, then committed one after the other."""
    (tm_a, conn_a), (tm_b, conn_b) = premier_appel(db, "3A"), premier_appel(db, "3B")
    try:
        tm_a.commit()
        tm_b.commit()
    finally:
        tm_a.abort(), tm_b.abort()
        conn_a.close(), conn_b.close()


def preparer(db, index=True):
    with db.transaction() as conn:
        vs = conn.root()["vs"]
        if index:
            return preparer_etablissement(vs, Annuaire(), S, JOUR)
        return vs.preparer(vs.occurrences(JOUR, JOUR), lambda division: ())


def test_without_the_preparation_the_second_first_roll_call_conflicts(base):
    """What the preparation removes (the test's set-up does make the conflict)."""
    with pytest.raises(ConflictError):
        deux_appels_a_la_fois(base)


def test_registers_alone_are_not_enough_the_new_absentees_index_conflicts(base):
    preparer(base, index=False)
    with pytest.raises(ConflictError):
        deux_appels_a_la_fois(base)


def test_once_the_day_is_prepared_both_first_roll_calls_commit_each_mark_once(base):
    assert preparer(base) == (2, 6)  # two registers, the six students of the two classes
    deux_appels_a_la_fois(base)
    with base.transaction() as conn:
        vs = conn.root()["vs"]
        for code in CLASSES:
            appel = vs.appels[f"{JOUR.isoformat()}@c-{code}"]
            a, b, _ = CLASSES[code]
            assert dict(appel.marques) == {a: {"type": "absence"}, b: {"type": "retard", "minutes": 5}}
            assert sorted(ligne[2] for ligne in appel.journal) == [a, b]  # audited, once each
            assert [ligne[1] for ligne in appel.journal] == [PROFS[code]] * 2
            assert appel.etat == "en_cours" and f"cle-{code}" in appel.reponses  # its answer kept for a replay
            assert list(vs.cles_marquees(a)) == [appel.cle] and list(vs.cles_marquees(CLASSES[code][2])) == []


def test_preparing_again_changes_nothing(base):
    preparer(base)
    deux_appels_a_la_fois(base)
    with base.transaction() as conn:
        vs = conn.root()["vs"]
        avant = {cle: (a.etat, dict(a.marques), list(a.journal)) for cle, a in vs.appels.items()}
    assert preparer(base) == (0, 0)
    with base.transaction() as conn:
        vs = conn.root()["vs"]
        assert {cle: (a.etat, dict(a.marques), list(a.journal)) for cle, a in vs.appels.items()} == avant


def test_a_cancelled_course_gets_no_register():
    vs = VieScolaire()
    vs.calendrier = Calendrier(JOUR - timedelta(days=7), JOUR + timedelta(days=7), JOUR)
    vs.creneaux["c"] = Creneau("c", JOUR.weekday(), "08:00", "09:00", (S, "3A"), "MATHS", ("prof-a",))
    from cartable.regles.emploi_du_temps import Modification

    vs.poser_modification(f"{JOUR.isoformat()}@c", Modification(annule=True, motif="Sortie"))
    assert vs.preparer(vs.occurrences(JOUR, JOUR), lambda d: CLASSES[d[1]]) == (0, 0)
    assert len(vs.appels) == 0


def test_an_empty_register_is_no_register_for_the_timetable_edits():
    """A slot changed today takes effect today when its register of today is the morning's empty one (as with no
    register), tomorrow once the roll was taken."""
    horloge.figer(datetime(2026, 11, 17, 9, 0))
    try:
        vs = VieScolaire()
        cle = f"{JOUR.isoformat()}@c"
        vs.appels[cle] = appel = Appel(cle)
        assert appel.vierge()
        assert edition_edt._jours_occupes(vs) == {} and edition_edt._avec_appels(vs, ["c"]) == []
        appel.journal.append(("t", "prof-a", "a1", None, {"type": "absence"}))
        assert not appel.vierge()
        assert edition_edt._jours_occupes(vs) == {"c": [JOUR]} and edition_edt._avec_appels(vs, ["c"]) == ["c"]
    finally:
        horloge.liberer()
