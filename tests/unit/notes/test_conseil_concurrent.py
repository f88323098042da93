"""The council week at the ZODB level: two connections save at once, as two teachers (or the professeur principal
and the direction) do, and both commits go through; the same appreciation written by both is still a conflict.

Each storage: FileStorage, and RelStorage on SQLite (history-free, as the instances), whose conflict resolution
reads the old states back from its cache or its load connection.
"""

from datetime import date
from types import SimpleNamespace

import pytest
import transaction
from ZODB import DB
from ZODB.FileStorage import FileStorage
from ZODB.POSException import ConflictError

from cartable.notes import conseil, saisie
from cartable.notes.registre import Carnet

STRUCTURE = "etab"
CLASSES = {"3A": [f"a{n:02d}" for n in range(28)], "3B": [f"b{n:02d}" for n in range(27)]}


class Annuaire:
    principaux = {}

    def eleves(self, structure, division):
        return list(CLASSES.get(division, ()))


def lecteur(login):
    return SimpleNamespace(admin=True, login=login, personne=None)  # admin: the rights are not what is tested here


def ouvrir(genre, dossier):
    if genre == "filestorage":
        return DB(FileStorage(str(dossier / "notes.fs")))
    from relstorage.adapters.sqlite.adapter import Sqlite3Adapter
    from relstorage.options import Options
    from relstorage.storage import RelStorage

    options = Options(keep_history=False)
    return DB(RelStorage(Sqlite3Adapter(str(dossier), {}, options=options), options=options))


@pytest.fixture(params=["filestorage", "relstorage-sqlite"])
def db(request, tmp_path):
    db = ouvrir(request.param, tmp_path)
    with db.transaction() as conn:
        carnet = conn.root()["carnet"] = Carnet()
        carnet.periodes["T1"] = {"code": "T1", "libelle": "Trimestre 1", "du": date(2026, 9, 1), "au": date(2026, 11, 30),
                                 "cloture": None}
    yield db
    db.close()


def deux_connexions(db):
    tm1, tm2 = transaction.TransactionManager(), transaction.TransactionManager()
    c1, c2 = db.open(tm1), db.open(tm2)
    tm1.begin(), tm2.begin()
    return (tm1, c1.root()["carnet"]), (tm2, c2.root()["carnet"])


def appreciation(login, matiere, division, eleve, texte, cle):
    return login, {"cellules": [], "appreciations": [
        {"periode": "T1", "division": division, "matiere": matiere, "eleve": eleve, "texte": texte, "base": ""}]}, cle


def saisir(carnet, login, donnees, cle):
    return saisie.enregistrer(carnet, Annuaire(), lecteur(login), STRUCTURE, donnees, cle)


def lire(db):
    conn = db.open(transaction.TransactionManager())
    try:
        return conn.root()["carnet"], conn
    except Exception:
        conn.close()
        raise


def test_two_teachers_first_appreciations_of_their_classes_at_once(db):
    (tm1, carnet1), (tm2, carnet2) = deux_connexions(db)
    saisir(carnet1, *appreciation("prof.francais", "FRANC", "3A", "a03", "Bon trimestre.", "cle-1"))
    saisir(carnet2, *appreciation("prof.maths", "MATHS", "3B", "b05", "Des progrès.", "cle-2"))
    tm1.commit()
    tm2.commit()  # no ConflictError: different fiches, and the trees' inserts merge
    carnet, conn = lire(db)
    assert carnet.appreciations[("T1", "FRANC", "a03")]["texte"] == "Bon trimestre."
    assert carnet.appreciations[("T1", "MATHS", "b05")]["texte"] == "Des progrès."
    assert saisie.reponse_connue(carnet, "prof.francais", "cle-1")["appreciations"][0]["statut"] == "enregistre"
    assert saisie.reponse_connue(carnet, "prof.maths", "cle-2")["appreciations"][0]["statut"] == "enregistre"
    conn.close()


def test_two_teachers_typing_for_different_students_of_one_class_at_once(db):
    with db.transaction() as conn:  # the class's first appreciations are already there
        carnet = conn.root()["carnet"]
        for n, eleve in enumerate(CLASSES["3A"]):
            saisir(carnet, *appreciation("prof.francais", "FRANC", "3A", eleve, "Premier jet.", f"avant-{n}"))
            saisir(carnet, *appreciation("prof.maths", "MATHS", "3A", eleve, "Premier jet.", f"avant-m-{n}"))
    (tm1, carnet1), (tm2, carnet2) = deux_connexions(db)
    saisir(carnet1, *appreciation("prof.francais", "FRANC", "3A", "a03", "Travail sérieux.", "cle-1"))
    saisir(carnet2, *appreciation("prof.maths", "MATHS", "3A", "a04", "Ensemble satisfaisant.", "cle-2"))
    saisir(carnet2, *appreciation("prof.maths", "MATHS", "3A", "a03", "", "cle-3"))  # and erases one
    tm1.commit()
    tm2.commit()
    carnet, conn = lire(db)
    assert carnet.appreciations[("T1", "FRANC", "a03")]["texte"] == "Travail sérieux."
    assert carnet.appreciations[("T1", "MATHS", "a04")]["texte"] == "Ensemble satisfaisant."
    assert not carnet.appreciations[("T1", "MATHS", "a03")]  # erased: read as none
    # every change journaled (who, before, after) with the fiche, the replay of a key answers again, writes nothing
    assert [v for v in carnet.appreciations[("T1", "MATHS", "a03")].journal.values()] == [
        ("prof.maths", "", "Premier jet."), ("prof.maths", "Premier jet.", "")]
    assert saisie.reponse_connue(carnet, "prof.maths", "cle-2")["appreciations"][0]["texte"] == "Ensemble satisfaisant."
    conn.close()


def test_principal_and_direction_on_one_council_page_at_once(db):
    with db.transaction() as conn:
        conseil.enregistrer(conn.root()["carnet"], Annuaire(), lecteur("direction"), STRUCTURE, {
            "division": "3A", "periode": "T1", "appreciations_generales": [{"eleve": "a00", "texte": "Premier jet."}]})
    (tm1, carnet1), (tm2, carnet2) = deux_connexions(db)
    conseil.enregistrer(carnet1, Annuaire(), lecteur("principal"), STRUCTURE, {
        "division": "3A", "periode": "T1", "appreciations_generales": [{"eleve": "a01", "texte": "Élève sérieux."}]})
    conseil.enregistrer(carnet2, Annuaire(), lecteur("direction"), STRUCTURE, {
        "division": "3A", "periode": "T1", "appreciations_generales": [{"eleve": "a02", "texte": "Bon trimestre."}],
        "decisions": [{"eleve": "a03", "avis": "Passage en seconde.", "mention": "compliments"}]})
    tm1.commit()
    tm2.commit()
    carnet, conn = lire(db)
    generales = {e: carnet.appreciations_generales[("T1", e)].get("texte") for e in ("a00", "a01", "a02")}
    assert generales == {"a00": "Premier jet.", "a01": "Élève sérieux.", "a02": "Bon trimestre."}
    assert carnet.decisions[("T1", "a03")]["mention"] == "compliments"
    assert list(carnet.appreciations_generales[("T1", "a01")].journal.values()) == [("principal", "", "Élève sérieux.")]
    conn.close()


def test_one_appreciation_typed_by_two_at_once_is_still_a_conflict(db):
    """Nothing is merged away: the later commit is refused (Zope runs it again, and it then says whose text it
    replaced)."""
    (tm1, carnet1), (tm2, carnet2) = deux_connexions(db)
    conseil.enregistrer(carnet1, Annuaire(), lecteur("principal"), STRUCTURE, {
        "division": "3A", "periode": "T1", "appreciations_generales": [{"eleve": "a01", "texte": "Version du PP."}]})
    conseil.enregistrer(carnet2, Annuaire(), lecteur("direction"), STRUCTURE, {
        "division": "3A", "periode": "T1", "appreciations_generales": [{"eleve": "a01", "texte": "Version de la direction."}]})
    tm1.commit()
    with pytest.raises(ConflictError):
        tm2.commit()
    tm2.abort()
    carnet, conn = lire(db)
    assert carnet.appreciations_generales[("T1", "a01")]["texte"] == "Version du PP."
    conn.close()
