"""A student's fiche read as the dict it replaced, and the 1000 → 1001 upgrade that moves a carnet to fiches."""

from BTrees.OOBTree import OOBTree

from cartable.notes.registre import Carnet, Fiche, Fiches, fiche_pour_ecrire
from cartable.notes.upgrades.v1001 import fiches


def ancien_carnet():
    """A carnet as 1000 kept it: dicts in plain trees, their journal in the carnet's, no per-person answers."""
    carnet = Carnet()
    carnet.appreciations, carnet.appreciations_generales, carnet.decisions = OOBTree(), OOBTree(), OOBTree()
    del carnet.reponses_par_login
    carnet.appreciations[("T1", "FRANC", "e1")] = {"division": "3A", "texte": "Bien.", "par": "prof", "le": "2026-11-20T18:00:00"}
    carnet.appreciations_generales[("T1", "e1")] = {"division": "3A", "texte": "Sérieux.", "par": "pp", "le": "2026-11-21T18:00:00"}
    carnet.decisions[("T1", "e1")] = {"division": "3A", "avis": "", "mention": "compliments", "par": "dir", "le": "2026-11-22T18:00:00"}
    carnet.journal[("appreciation", ("T1", "FRANC", "e1"), "2026-11-20T18:00:00", 1)] = ("prof", "", "Bien.")
    carnet.journal[("appreciation", ("T1", "FRANC", "e2"), "2026-11-20T18:01:00", 2)] = ("prof", "Effacée.", "")  # erased since
    carnet.journal[("appreciation_generale", ("T1", "e1"), "2026-11-21T18:00:00", 3)] = ("pp", "", "Sérieux.")
    carnet.journal[("conseil", ("T1", "3A"), "2026-11-22T18:00:00", 4)] = ("dir", None, "2026-12-08")
    carnet.journal[("decision", ("T1", "e1"), "2026-11-22T18:00:00", 5)] = ("dir", None, {"mention": "compliments"})
    return carnet


def test_upgrade_moves_values_and_journal_lines_to_fiches_once():
    carnet = ancien_carnet()
    assert fiches(carnet) == {"fiches": 3, "journal": 4}
    assert all(isinstance(getattr(carnet, a), Fiches) for a in ("appreciations", "appreciations_generales", "decisions"))
    bien = carnet.appreciations[("T1", "FRANC", "e1")]
    assert isinstance(bien, Fiche) and bien["texte"] == "Bien." and bien.get("par") == "prof"
    assert list(bien.journal.items()) == [(("2026-11-20T18:00:00", 1), ("prof", "", "Bien."))]
    efface = carnet.appreciations[("T1", "FRANC", "e2")]
    assert not efface and efface.get("texte", "") == "" and list(efface.journal.values()) == [("prof", "Effacée.", "")]
    assert list(carnet.decisions[("T1", "e1")].journal.values()) == [("dir", None, {"mention": "compliments"})]
    assert [k[0] for k in carnet.journal] == ["conseil"]  # the council date stays in the carnet's journal
    assert len(carnet.reponses_par_login) == 0
    assert fiches(carnet) == {"fiches": 0, "journal": 0}  # run again: nothing more


def test_a_dict_set_in_the_tree_becomes_the_fiche_value_and_readers_see_the_same():
    arbre = Fiches()
    arbre[("T1", "e1")] = {"texte": "Un.", "division": "3A"}  # as the demo and an import write
    fiche = arbre[("T1", "e1")]
    arbre[("T1", "e1")] = {"texte": "Deux.", "division": "3A"}
    assert arbre[("T1", "e1")] is fiche and (arbre.get(("T1", "e1")) or {}).get("texte", "") == "Deux."
    assert (arbre.get(("T1", "e9")) or {}).get("texte", "") == ""


def test_the_first_fiche_of_a_class_makes_the_others_empty_and_keeps_what_is_there():
    arbre = Fiches()
    arbre[("T1", "e2")] = {"texte": "Déjà là."}
    fiche = fiche_pour_ecrire(arbre, ("T1", "e1"), [("T1", e) for e in ("e1", "e2", "e3")])
    assert fiche is arbre[("T1", "e1")] and sorted(arbre.keys()) == [("T1", "e1"), ("T1", "e2"), ("T1", "e3")]
    assert arbre[("T1", "e2")]["texte"] == "Déjà là." and not arbre[("T1", "e3")] and not fiche
    assert fiche_pour_ecrire(arbre, ("T1", "e1")) is fiche
