"""regles.releve: an evaluation said not to count (a Devoir's mark, issue 15) is shown, never averaged."""

from types import SimpleNamespace

from cartable.regles.releve import calculer_eleve


class Carnet:
    nr_compte_zero = True

    def coefficient(self, division, matiere):
        return "1"


def evaluation(ident, note, compte=True):
    e = SimpleNamespace(id=ident, division="3A", matiere="MATHS", coefficient="1", bareme=20, facultative=False,
                        saisies={"e1": (note, "prof", "2026-11-16T10:00:00")})
    if not compte:
        e.compte = False
    return e


def test_a_mark_that_does_not_count_leaves_the_average_alone():
    par_matiere, generale = calculer_eleve(Carnet(), "e1", [evaluation("a", "10"), evaluation("b", "20", compte=False)])
    assert par_matiere["MATHS"] == 10 and generale == 10


def test_alone_it_gives_no_average_never_zero():
    par_matiere, generale = calculer_eleve(Carnet(), "e1", [evaluation("b", "20", compte=False)])
    assert "MATHS" in par_matiere and par_matiere["MATHS"] is None and generale is None


def test_evaluations_stored_before_the_field_count():
    par_matiere, _ = calculer_eleve(Carnet(), "e1", [evaluation("a", "12")])
    assert par_matiere["MATHS"] == 12
