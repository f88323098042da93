"""Averages of students and classes, from the stored entries, through cartable.regles.moyennes.

Every average shown (grid, student page, council, bulletins, LSU, exports)
comes from ``moyennes.calculer`` fed here; nothing is averaged elsewhere.
"""

from decimal import Decimal
from fractions import Fraction

from cartable.regles.dates_fr import date_fr
from cartable.regles.moyennes import arrondi, calculer


def divisions_eleve(eleve, structure):
    return sorted({d for s, d in eleve.classes + eleve.groupes if s == structure})


def evaluations_eleve(carnet, eleve, structure, periode, publiees):
    result = []
    for division in divisions_eleve(eleve, structure):
        result += [e for e in carnet.evaluations_de(division, periode) if e.publiee or not publiees]
    return result


def calculer_eleve(carnet, eleve_id, evaluations):
    """({matière: Fraction|None}, générale|None) of one student over ``evaluations``."""
    matieres = {}
    for e in evaluations:
        matieres.setdefault(e.matiere, {"coefficient": Decimal(carnet.coefficient(e.division, e.matiere))})
    evaluations = [e for e in evaluations if getattr(e, "compte", True)]  # a Devoir's mark said not to count
    entree = {
        "settings": {"nr_counts_zero": carnet.nr_compte_zero},
        "subjects": matieres,
        "evaluations": [{"id": e.id, "subject": e.matiere, "coefficient": Decimal(e.coefficient), "scale": e.bareme,
                         "facultative": e.facultative} for e in evaluations],
        "entries": {e.id: e.saisies[eleve_id][0] for e in evaluations if eleve_id in e.saisies},
    }
    return calculer(entree)


def moyennes_division(carnet, eleve_ids, matiere, periode, evaluations):
    """{élève: subject average (Fraction|None)} of one subject for a list of students."""
    return {ident: calculer_eleve(carnet, ident, evaluations)[0].get(matiere) for ident in eleve_ids}


def statistiques(valeurs):
    """Class min / mean / max of the averages that exist (None when none)."""
    presentes = [v for v in valeurs if v is not None]
    if not presentes:
        return {"moyenne": None, "min": None, "max": None}
    return {"moyenne": sum(presentes, Fraction(0)) / len(presentes), "min": min(presentes), "max": max(presentes)}


def bande(valeur, largeur=2):
    """Index of the band of ``distribution`` an exact average falls in (None without average)."""
    return None if valeur is None else min(int(valeur // largeur), 20 // largeur - 1)


def distribution(valeurs, largeur=2):
    """Counts of averages per band of ``largeur`` points on /20 ([0, 2[, …, [18, 20])."""
    bandes = [0] * (20 // largeur)
    for v in valeurs:
        if v is not None:
            bandes[bande(v, largeur)] += 1
    return [{"de": i * largeur, "a": (i + 1) * largeur, "eleves": n} for i, n in enumerate(bandes)]


def sur_vingt(valeur, bareme):
    """An entry normalised to /20, or None for a code."""
    if not valeur or not valeur[0].isdigit():
        return None
    return Fraction(valeur) * 20 / bareme


def texte(moyenne) -> str | None:
    """French display of an exact average, rounded half up to 2 decimals."""
    valeur = arrondi(moyenne)
    return None if valeur is None else f"{valeur:.2f}".replace(".", ",")


def releve_classe(carnet, annuaire, structure, division, periode, publiees):
    """Every student's averages in a class and the class statistics, per subject and general.

    The students' own evaluations count (their groups' too), so a class
    statistic is over the averages the students really have.
    """
    eleves = [annuaire.personne(i) for i in annuaire.eleves(structure, division)]
    eleves = sorted((e for e in eleves if e is not None and e.actif), key=lambda e: (e.nom.lower(), e.prenom.lower()))
    lignes = []
    for eleve in eleves:
        par_matiere, generale = calculer_eleve(carnet, eleve.id, evaluations_eleve(carnet, eleve, structure, periode, publiees))
        lignes.append((eleve, par_matiere, generale))
    matieres = sorted({m for _, par_matiere, _ in lignes for m in par_matiere})
    stats = {m: statistiques([par_matiere.get(m) for _, par_matiere, _ in lignes]) for m in matieres}
    stats_generale = statistiques([g for _, _, g in lignes])
    return lignes, matieres, stats, stats_generale


def _stats_texte(stats):
    return {cle: texte(v) for cle, v in stats.items()}


def releve_eleve(carnet, annuaire, structure, eleve, periode, publiees):
    """A student's grades of a period, as the student and their parents read them."""
    evaluations = evaluations_eleve(carnet, eleve, structure, periode, publiees)
    par_matiere, generale = calculer_eleve(carnet, eleve.id, evaluations)
    classes = [c for s, c in eleve.classes if s == structure]
    lignes, _, stats, stats_generale = releve_classe(carnet, annuaire, structure, classes[0], periode, publiees) if classes else ([], [], {}, {})
    # a teacher's appreciation is a draft until the period's bulletin is published (DESIGN: families read published work)
    bulletin = carnet.bulletins.get((periode, eleve.id))
    appreciations_visibles = not publiees or (bulletin is not None and bulletin["publie"])
    matieres = []
    for code in sorted(par_matiere):
        enregistrement = annuaire.matieres.get(code)
        evals = sorted((e for e in evaluations if e.matiere == code), key=lambda e: e.date)
        matieres.append({
            "code": code,
            "libelle": enregistrement.valeur("ENTLibelleMatiere") if enregistrement is not None else code,
            "moyenne": texte(par_matiere[code]),
            "classe": _stats_texte(stats.get(code, statistiques([]))),
            "distribution": distribution([m.get(code) for _, m, _ in lignes]),
            "bande": bande(par_matiere[code]),  # the student's band, from the exact average (not the rounded one)
            "appreciation": (carnet.appreciations.get((periode, code, eleve.id)) or {}).get("texte", "") if appreciations_visibles else "",
            "evaluations": [
                {"id": e.id, "titre": e.titre, "date": e.date.isoformat(), "date_texte": date_fr(e.date), "coefficient": e.coefficient,
                 "bareme": e.bareme, "facultative": e.facultative, "compte": getattr(e, "compte", True),
                 "note": _montrer(e.saisies[eleve.id][0]) if eleve.id in e.saisies else None,
                 "classe": _stats_texte(statistiques([Fraction(v) for v, _, _ in e.saisies.values() if v[0].isdigit()]))}
                for e in evals
            ],
        })
    return {
        "eleve": eleve.id, "nom": eleve.nom_complet, "periode": periode, "matieres": matieres,
        "moyenne_generale": texte(generale), "classe_generale": _stats_texte(stats_generale or statistiques([])),
        "distribution_generale": distribution([g for _, _, g in lignes]), "bande_generale": bande(generale),
        "bulletin_publie": bool((carnet.bulletins.get((periode, eleve.id)) or {}).get("publie")),
    }


def _montrer(valeur):
    return valeur.replace(".", ",") if valeur[0].isdigit() else valeur
