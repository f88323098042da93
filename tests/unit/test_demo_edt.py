"""The demo timetable: every hour placed, no class or teacher in two places, subjects spread over the week, deterministic."""

from types import SimpleNamespace

from cartable.demo.emploi_du_temps import HEURES_PAR_MATIERE, creneaux_demo
from cartable.regles.import_edt import conflits

S = "ETAB"
MATIERES = ["020700", "061300", "030201", "040300", "080100", "100100"]  # 4+4+3+3+2+2 = 18 hours a class


class AnnuaireFactice:
    """Six classes; each teacher has the same subject in three classes."""

    def __init__(self):
        self.classes = [f"{n}{lettre}" for n in (3, 4) for lettre in "ABC"]
        self.profs = {}
        for i, code in enumerate(self.classes):
            for matiere in MATIERES:
                prof = f"P-{matiere}-{i // 3}"
                self.profs.setdefault(prof, []).append((S, code, matiere))

    def divisions_de(self, structure, genre):
        return {c: c for c in self.classes} if genre == "classe" else {}

    def enseignants_de(self, structure, code):
        return [p for p, ens in self.profs.items() if any(d == code for _, d, _ in ens)]

    def personne(self, ident):
        return SimpleNamespace(enseignements=self.profs[ident])


def test_every_hour_placed_without_anyone_in_two_places():
    creneaux = creneaux_demo(AnnuaireFactice(), S)
    attendu = sum(HEURES_PAR_MATIERE.get(m, 2) for m in MATIERES) * 6
    assert len(creneaux) == attendu
    for rang, c in enumerate(creneaux):
        assert conflits(c, creneaux[:rang]) == []
    assert len({c.id for c in creneaux}) == len(creneaux)


def test_subjects_spread_over_the_week():
    creneaux = creneaux_demo(AnnuaireFactice(), S)
    for code in AnnuaireFactice().classes:
        for matiere in MATIERES:
            jours = [c.jour for c in creneaux if c.division[1] == code and c.matiere == matiere]
            assert len(set(jours)) == len(jours), (code, matiere, jours)  # never twice the same day
        assert {c.jour for c in creneaux if c.division[1] == code} == {0, 1, 2, 3, 4}
    for prof in AnnuaireFactice().profs:
        assert len({c.jour for c in creneaux if prof in c.enseignants}) >= 4  # not packed early in the week


def test_deterministic():
    assert creneaux_demo(AnnuaireFactice(), S) == creneaux_demo(AnnuaireFactice(), S)
