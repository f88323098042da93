"""Demo grades: trimesters for every establishment, and a first trimester of marks in the collège.

Deterministic (a seeded generator): each class × subject taught gets three
evaluations in the first trimester with marks around a per-student level,
a few ABS, the teacher's appreciations, and is published, so that the demo
shows grids, averages, councils and report cards out of the box.
"""

import random
from datetime import date, timedelta

from cartable.notes.registre import Evaluation
from cartable.notes.stockage import carnet_pour_ecrire

TRIMESTRES = (
    {"code": "T1", "libelle": "Trimestre 1", "du": date(2026, 9, 1), "au": date(2026, 11, 30), "cloture": date(2026, 12, 10)},
    {"code": "T2", "libelle": "Trimestre 2", "du": date(2026, 12, 1), "au": date(2027, 3, 5), "cloture": date(2027, 3, 15)},
    {"code": "T3", "libelle": "Trimestre 3", "du": date(2027, 3, 6), "au": date(2027, 7, 3), "cloture": date(2027, 6, 20)},
)
TITRES = ("Contrôle", "Devoir maison", "Évaluation de compétences")
APPRECIATIONS = ("Bon trimestre, continuez ainsi.", "Des efforts à poursuivre.", "Travail sérieux et régulier.",
                 "Résultats fragiles : il faut s'investir davantage.", "Excellent trimestre.")


def notes_demo(site, annuaire, etablissement_de):
    """Idempotent: only an establishment without periods gets them (and the collège its marks)."""
    for structure in annuaire.structures.values():
        carnet = carnet_pour_ecrire(etablissement_de(structure))
        if len(carnet.periodes):
            continue
        for p in TRIMESTRES:
            carnet.periodes[p["code"]] = dict(p)
        if structure.type == "CLG":
            _premier_trimestre(carnet, annuaire, structure.id)


def _premier_trimestre(carnet, annuaire, structure):
    hasard = random.Random(f"notes-{structure}")
    niveaux = {}
    for classe in sorted(annuaire.divisions_de(structure, "classe")):
        eleves = annuaire.eleves(structure, classe)
        for enseignant in sorted(annuaire.enseignants_de(structure, classe)):
            personne = annuaire.personne(enseignant)
            for s, division, matiere in personne.enseignements:
                if s != structure or division != classe or not matiere:
                    continue
                for rang, titre in enumerate(TITRES):
                    ident = f"demo-{classe}-{matiere}-{rang}".lower()
                    if ident in carnet.evaluations:
                        continue
                    jour = date(2026, 9, 21) + timedelta(days=21 * rang + hasard.randrange(5))
                    evaluation = Evaluation(ident, classe, matiere, "T1", f"{titre} {rang + 1}", jour, "2" if rang == 0 else "1",
                                            20, False, enseignant)
                    for eleve in sorted(eleves):
                        niveau = niveaux.setdefault(eleve, hasard.uniform(7, 17))
                        if hasard.random() < 0.03:
                            valeur = "ABS"
                        else:
                            valeur = f"{max(0, min(20, round(hasard.gauss(niveau, 3) * 2) / 2)):g}"
                        evaluation.saisies[eleve] = (valeur, personne.login, f"{jour.isoformat()}T18:00:00")
                    evaluation.publiee = True
                    carnet.evaluations[ident] = evaluation
                    carnet.indexer(evaluation)
                for eleve in sorted(eleves):
                    carnet.appreciations[("T1", matiere, eleve)] = {"division": classe, "texte": hasard.choice(APPRECIATIONS),
                                                                   "par": personne.login, "le": "2026-11-28T18:00:00"}
