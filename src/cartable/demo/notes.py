"""Demo grades: trimesters for every establishment, and a first trimester of marks in the collège.

Deterministic (a seeded generator): each class × subject taught gets three
evaluations in the first trimester with marks around a per-student level,
a few ABS, the teacher's appreciations, and is published, so that the demo
shows grids, averages, councils and report cards out of the box.

When the demo is loaded in a later period (the clock, ``cartable.core.horloge``),
that current period gets published marks too: one evaluation per class ×
subject for each fortnight begun since the period's start (three at most),
dated before today, so that the teacher's grid and the families' grades open
on something. On a day of the first trimester nothing more is written.
"""

import random
from datetime import date, timedelta

from cartable.core import horloge
from cartable.demo.competences import competences_demo
from cartable.notes.registre import Evaluation, noter_modification
from cartable.notes.stockage import carnet_pour_ecrire

TRIMESTRES = (
    {"code": "T1", "libelle": "Trimestre 1", "du": date(2026, 9, 1), "au": date(2026, 11, 30), "cloture": date(2026, 12, 10)},
    {"code": "T2", "libelle": "Trimestre 2", "du": date(2026, 12, 1), "au": date(2027, 3, 5), "cloture": date(2027, 3, 15)},
    {"code": "T3", "libelle": "Trimestre 3", "du": date(2027, 3, 6), "au": date(2027, 7, 3), "cloture": date(2027, 6, 20)},
)
TITRES = ("Contrôle", "Devoir maison", "Évaluation de compétences")
APPRECIATIONS = ("Bon trimestre, continuez ainsi.", "Des efforts à poursuivre.", "Travail sérieux et régulier.",
                 "Résultats fragiles : il faut s'investir davantage.", "Excellent trimestre.")


def notes_demo(site, annuaire, etablissement_de, aujourd_hui: date | None = None):
    """Idempotent: only an establishment without periods gets them (and the collège its marks)."""
    aujourd_hui = aujourd_hui or horloge.aujourd_hui()
    for structure in annuaire.structures.values():
        carnet = carnet_pour_ecrire(etablissement_de(structure))
        if len(carnet.periodes):
            continue
        for p in TRIMESTRES:
            carnet.periodes[p["code"]] = dict(p)
        if structure.type == "CLG":
            _premier_trimestre(carnet, annuaire, structure.id, aujourd_hui)
            competences_demo(etablissement_de(structure), carnet, annuaire, structure.id)  # issue 17
            courante = next((p for p in TRIMESTRES[1:] if p["du"] < aujourd_hui <= p["au"]), None)
            if courante is not None:
                _periode_courante(carnet, annuaire, structure.id, courante, aujourd_hui)


def _premier_trimestre(carnet, annuaire, structure, aujourd_hui):
    hasard = random.Random(f"notes-{structure}")
    # the appreciations written at the end of the trimester, or the day before loading when that is earlier:
    # an entry stamped after the moment of loading would mark bulletins generated now « à régénérer »
    ecrites_le = min(date(2026, 11, 28), aujourd_hui - timedelta(days=1))
    _evaluations(carnet, annuaire, structure, hasard, {}, "T1",
                 [date(2026, 9, 21) + timedelta(days=21 * rang) for rang in range(len(TITRES))], 5,
                 appreciations=f"{ecrites_le.isoformat()}T18:00:00")


def _periode_courante(carnet, annuaire, structure, periode, aujourd_hui):
    """One evaluation per fortnight begun since the start of ``periode`` (three at most), the last one before today."""
    hasard = random.Random(f"notes-{structure}-{periode['code']}-{aujourd_hui.isoformat()}")
    jours = (aujourd_hui - periode["du"]).days  # ≥ 1: the period began before today
    nombre = min(len(TITRES), 1 + (jours - 1) // 14)
    dates = []
    for rang in range(nombre):  # spread over [start, yesterday], a weekend day moved to the Friday before when it can
        jour = periode["du"] + timedelta(days=(jours - 1) * (rang + 1) // nombre)
        vendredi = jour - timedelta(days=jour.weekday() - 4)
        dates.append(vendredi if jour.weekday() >= 5 and vendredi >= periode["du"] else jour)
    _evaluations(carnet, annuaire, structure, hasard, {}, periode["code"], dates, 1, appreciations=None)


def _evaluations(carnet, annuaire, structure, hasard, niveaux, code, dates, ecart, appreciations):
    """``appreciations``: the moment (ISO) the teachers' appreciations were written, None for none."""
    for classe in sorted(annuaire.divisions_de(structure, "classe")):
        eleves = annuaire.eleves(structure, classe)
        for enseignant in sorted(annuaire.enseignants_de(structure, classe)):
            personne = annuaire.personne(enseignant)
            for s, division, matiere in personne.enseignements:
                if s != structure or division != classe or not matiere:
                    continue
                for rang, (titre, debut) in enumerate(zip(TITRES, dates)):
                    ident = f"demo-{classe}-{matiere}-{rang}".lower() if code == "T1" else f"demo-{code}-{classe}-{matiere}-{rang}".lower()
                    if ident in carnet.evaluations:
                        continue
                    jour = debut + timedelta(days=hasard.randrange(ecart))
                    evaluation = Evaluation(ident, classe, matiere, code, f"{titre} {rang + 1}", jour, "2" if rang == 0 else "1",
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
                for eleve in sorted(eleves) if appreciations else ():
                    noter_modification(carnet, "T1", classe, appreciations)
                    carnet.appreciations[("T1", matiere, eleve)] = {"division": classe, "texte": hasard.choice(APPRECIATIONS),
                                                                   "par": personne.login, "le": appreciations}
