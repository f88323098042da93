"""A student's absences and their count, from the registers, through the half-day rule.

Every count shown (student page, CPE lists, alerts, bulletins) comes from
cartable.regles.decompte.decompter, fed here: the student's expected
courses (their class's and groups' occurrences), the marks of the registers,
the motives the vie scolaire gave, and the establishment's counting settings
with their effective dates (``VieScolaire.chronologie_decompte``): each day is
counted with the settings in force that day. Every surface counts through
``decompte`` or ``compter``.
"""

from cartable.regles.declarations import motif_declare
from cartable.regles.decompte import alerte_possible, decompter


def _divisions(eleve, structure):
    return {d for s, d in eleve.classes + eleve.groupes if s == structure}


def evenements(vs, eleve, structure, du, au):
    """(occurrences of the student, [(occurrence, mark, motive)] of the non-present marks)."""
    divisions = _divisions(eleve, structure)
    creneaux = [c for c in vs.tous_creneaux() if c.division[1] in divisions]  # ended slots too: their registers count
    occurrences = vs.occurrences(du, au, creneaux)
    declarations = vs.declarations_de(eleve.id)
    marques = []
    for occ in occurrences:
        appel = vs.appels.get(occ.cle)
        marque = appel.marques.get(eleve.id) if appel is not None else None
        if marque is not None:
            # the vie scolaire's motive for this absence, else an accepted declaration's
            motif = vs.motifs_absences.get((eleve.id, occ.cle))
            if motif is None and marque["type"] == "absence":
                motif = motif_declare(declarations, occ.date, occ.debut)
            marques.append((occ, marque, motif))
    return occurrences, marques


def marques_de(vs, eleve, structure, du, au):
    """``evenements(…)[1]`` (the student's non-present marks from ``du`` to ``au``, with their motive, in the
    courses' order) read from the registers the student has a mark in whose course is planned in the period or
    moved into it (``VieScolaire.cles_marquees_entre``) rather than from every course of the period: a year of a
    class is ~1,000 courses, a student's marks a few dozen. The same selection: a course of the student's
    current class and groups, held in the period (a moved course on the day it is held)."""
    cles = vs.cles_marquees_entre(eleve.id, du, au)
    if cles is None:  # an establishment whose index is not built yet
        return evenements(vs, eleve, structure, du, au)[1]
    divisions = _divisions(eleve, structure)
    declarations = None
    marques = []
    for cle in cles:
        appel = vs.appels.get(cle)
        marque = appel.marques.get(eleve.id) if appel is not None else None
        occ = vs.occurrence(cle) if marque is not None else None
        if occ is None or not du <= occ.date <= au or occ.division[1] not in divisions:
            continue
        motif = vs.motifs_absences.get((eleve.id, cle))
        if motif is None and marque["type"] == "absence":
            if declarations is None:
                declarations = vs.declarations_de(eleve.id)
            motif = motif_declare(declarations, occ.date, occ.debut)
        marques.append((occ, marque, motif))
    return sorted(marques, key=lambda m: (m[0].date, m[0].debut, m[0].creneau))


def decompte(vs, eleve, structure, du, au):
    """(decompter's answer with the settings in force each day, the marks it counted)."""
    entree, marques = entree_decompte(vs, eleve, structure, du, au)
    return compter(vs, entree), marques


def a_regulariser(vs, eleve, structure, du, au):
    """``decompte(…)``'s half-days « à régulariser » from ``du`` to ``au``, counted on the days that have an
    absence without a motive only: a half-day is à régulariser by its own courses and marks, whatever the
    other days hold, and only when one of its absences has no motive.

    Why: a student's Mon bureau showed the year's figure by counting every course of the year (half of the
    page's time); their absences without a motive are a few days, read from their own marks."""
    jours = sorted({occ.date for occ, marque, motif in marques_de(vs, eleve, structure, du, au)
                    if marque["type"] == "absence" and motif is None})
    return sum(decompte(vs, eleve, structure, jour, jour)[0]["demi_journees"]["a_regulariser"] for jour in jours)


def compter(vs, entree, chronologie=None):
    """decompter's answer for an input of ``entree_decompte``, with the establishment's settings timeline."""
    return decompter(entree, chronologie if chronologie is not None else vs.chronologie_decompte())


def entree_decompte(vs, eleve, structure, du, au):
    """(the contract's input built from the records, the marks it holds)."""
    occurrences, marques = evenements(vs, eleve, structure, du, au)
    # the settings in force on ``du``; ``compter`` gives decompter the whole timeline
    reglages = vs.chronologie_decompte().en_vigueur(du)
    entree = {
        "settings": {"boundary": reglages.limite, "mode": reglages.mode},
        "motives": {code: {"recevable": m["recevable"], "present": m["present"]} for code, m in vs.motifs.items()},
        "courses": [
            {"id": o.cle, "date": o.date.isoformat(), "start": o.debut, "end": o.fin, "cancelled": o.annule,
             "exempt": vs.dispense(eleve.id, o.matiere, o.date) is not None}
            for o in occurrences
        ],
        "events": [
            {"course": o.cle, "type": m["type"], **({"motive": motif} if m["type"] == "absence" else {}),
             **({"minutes": m["minutes"]} if m["type"] == "retard" else {})}
            for o, m, motif in marques
        ],
    }
    return entree, marques


def alertes(vs, annuaire, structure, du, au):
    """Students whose non justifiées half-days in a month of [du, au] reach the threshold in force (article L131-8).

    Only students with absence marks on enough days of the period to reach the threshold are counted
    (``alerte_possible``): the registers of the courses held in the period (``appels_tenus``), not every
    student.
    """
    jours = {}  # student → the days they are marked absent: with too few, no alert is possible
    for occ, appel in vs.appels_tenus(du, au):
        for ident, marque in appel.marques.items():
            if marque["type"] == "absence":
                jours.setdefault(ident, set()).add(occ.date)
    seuil = vs.chronologie_decompte().seuil_minimal(du, au)
    result = []
    for ident in sorted(jours):
        if not alerte_possible(jours[ident], seuil):
            continue
        eleve = annuaire.personne(ident)
        if eleve is None or not eleve.actif:
            continue
        compte, _ = decompte(vs, eleve, structure, du, au)
        for mois in compte["alertes"]:
            result.append({
                "eleve": eleve.id, "nom": eleve.nom_complet, "classes": [c for s, c in eleve.classes if s == structure],
                "mois": mois, "non_justifiees": compte["par_mois"][mois]["non_justifiees"],
            })
    return sorted(result, key=lambda a: (a["mois"], -a["non_justifiees"], a["nom"]))
