"""The council screen's chooser: every class for the direction, their own classes for a professeur principal."""

from types import SimpleNamespace

from cartable.notes.choix_conseil import classes_du_conseil

CLASSES = {("0130001A", "classe", "3A"): "3e A", ("0130001A", "classe", "3B"): "", ("0130001A", "classe", "4A"): "4e A",
           ("0130002B", "classe", "3A"): "3e A (lycée voisin)"}


class Annuaire:
    def __init__(self, principaux):
        self.principaux = principaux

    def divisions_de(self, structure, genre):
        return {code: libelle for (s, g, code), libelle in CLASSES.items() if s == structure and g == genre}


def prof(ident, actif=True):
    return SimpleNamespace(id=ident, actif=actif)


def test_direction_gets_every_class_of_its_establishment_by_code():
    annuaire = Annuaire({})
    assert classes_du_conseil(annuaire, prof("dir"), "0130001A", direction=True) == [
        {"code": "3A", "libelle": "3e A"}, {"code": "3B", "libelle": "3B"}, {"code": "4A", "libelle": "4e A"}]


def test_principal_gets_only_their_classes_of_this_establishment():
    annuaire = Annuaire({("0130001A", "4A"): {"pp"}, ("0130001A", "3A"): {"autre"}, ("0130002B", "3A"): {"pp"}})
    assert classes_du_conseil(annuaire, prof("pp"), "0130001A", direction=False) == [{"code": "4A", "libelle": "4e A"}]
    assert classes_du_conseil(annuaire, prof("pp"), "0130002B", direction=False) == [{"code": "3A", "libelle": "3e A (lycée voisin)"}]


def test_a_teacher_who_is_no_principal_or_inactive_gets_nothing():
    annuaire = Annuaire({("0130001A", "4A"): {"pp"}})
    assert classes_du_conseil(annuaire, prof("autre"), "0130001A", direction=False) == []
    assert classes_du_conseil(annuaire, prof("pp", actif=False), "0130001A", direction=False) == []
    assert classes_du_conseil(annuaire, None, "0130001A", direction=False) == []
