"""Demo skills (issue 17): the collège's référentiel, and positions in the first trimester.

The starter référentiel (``cartable.notes.referentiel_depart``: a few skills per subject and cycle); the
third evaluation of the first trimester of each class × subject (« Évaluation
de compétences 3 ») carries up to three skills of the class's cycle, and each
student is positioned on them from their mark (below 5: maîtrise
insuffisante, below 10: fragile, below 15: satisfaisante, else très bonne),
one level away now and then (a seeded generator: deterministic). An absent
student is « absent » on every skill. Idempotent: an establishment that has a
référentiel is left as it is.
"""

import random

from BTrees.OOBTree import OOBTree

from cartable.notes.competences import cycle_division
from cartable.notes.referentiel_depart import items_de_depart
from cartable.notes.stockage import competences_pour_ecrire


def _niveau(valeur, hasard):
    if valeur == "ABS":
        return "ABS"
    note = float(valeur)
    niveau = 1 if note < 5 else 2 if note < 10 else 3 if note < 15 else 4
    if hasard.random() < 0.15:
        niveau = max(1, min(4, niveau + hasard.choice((-1, 1))))
    return str(niveau)


def competences_demo(etablissement, carnet, annuaire, structure):
    """The référentiel and the first trimester's positions of one collège (after its marks were written)."""
    comp = competences_pour_ecrire(etablissement)
    if len(comp.referentiel):
        return
    for item in items_de_depart():
        comp.referentiel[item["id"]] = item
    hasard = random.Random(f"competences-{structure}")
    for classe in sorted(annuaire.divisions_de(structure, "classe")):
        cycle = cycle_division(annuaire, structure, classe)
        if cycle is None:
            continue
        for evaluation in carnet.evaluations_de(classe, "T1"):
            if not evaluation.id.endswith("-2"):
                continue
            siens = [i["id"] for i in items_de_depart() if i["matiere"] == evaluation.matiere and i["cycle"] == cycle[0]][:3]
            if not siens:
                continue
            evaluation.competences = tuple(siens)
            positions = evaluation.positions = OOBTree()
            for eleve, (valeur, par, le) in evaluation.saisies.items():
                for ident in siens:
                    positions[(eleve, ident)] = (_niveau(valeur, hasard), par, le)
