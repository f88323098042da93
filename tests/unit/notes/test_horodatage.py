"""Horodatage: every save of a class writes it, and two saves at once keep the later moment instead of conflicting."""

import transaction
from BTrees.OOBTree import OOBTree
from ZODB import DB
from ZODB.FileStorage import FileStorage

from cartable.notes.registre import Horodatage, noter_modification


class CarnetMinimal:
    modifications = None


def test_noter_keeps_the_latest_moment_and_makes_the_tree_of_an_old_carnet():
    carnet = CarnetMinimal()
    noter_modification(carnet, "T1", "3A", "2026-12-03T08:00:00")
    noter_modification(carnet, "T1", "3A", "2026-12-02T08:00:00")  # an older moment (an import of old data)
    noter_modification(carnet, "T1", "", "2026-12-04T08:00:00")  # no class: nothing
    assert isinstance(carnet.modifications, OOBTree)
    assert carnet.modifications[("T1", "3A")].le == "2026-12-03T08:00:00" and len(carnet.modifications) == 1


def test_two_saves_of_one_class_at_once_both_commit_and_the_later_stays(tmp_path):
    db = DB(FileStorage(str(tmp_path / "Data.fs")))
    try:
        tm0 = transaction.TransactionManager()
        racine = db.open(transaction_manager=tm0).root()
        racine["h"] = Horodatage()
        tm0.commit()
        tm1, tm2 = transaction.TransactionManager(), transaction.TransactionManager()
        h1, h2 = db.open(transaction_manager=tm1).root()["h"], db.open(transaction_manager=tm2).root()["h"]
        h1.noter("2026-12-03T08:00:05")
        h2.noter("2026-12-03T08:00:01")
        tm1.commit()
        tm2.commit()  # a conflict without _p_resolveConflict
        tm3 = transaction.TransactionManager()
        assert db.open(transaction_manager=tm3).root()["h"].le == "2026-12-03T08:00:05"
    finally:
        db.close()
