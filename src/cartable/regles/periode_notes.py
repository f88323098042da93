"""Which period a student's grades page opens on (pure).

The latest period begun by today that holds a published mark of the
student; without one, the latest period begun (today's, or the last
trimester in summer); before the year starts, the first one.
"""


def periode_a_ouvrir(periodes, avec_notes, jour) -> str:
    """``periodes``: [{"code", "du", ...}]; ``avec_notes``: the codes holding a published mark of the student."""
    ordre = sorted(periodes, key=lambda p: p["du"])
    commencees = [p for p in ordre if p["du"] <= jour]
    for p in reversed(commencees):
        if p["code"] in avec_notes:
            return p["code"]
    choisie = commencees[-1] if commencees else (ordre[0] if ordre else None)
    return choisie["code"] if choisie else ""


def periodes_avec_notes(carnet, eleve, structure, periodes):
    """The codes of the periods where ``eleve`` has a published mark (range reads of the carnet's index)."""
    divisions = sorted({d for s, d in eleve.classes + eleve.groupes if s == structure})
    codes = set()
    for p in periodes:
        for division in divisions:
            if any(e.publiee and eleve.id in e.saisies for e in carnet.evaluations_de(division, p["code"])):
                codes.add(p["code"])
                break
    return codes
