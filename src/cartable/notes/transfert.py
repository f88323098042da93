"""Transfer of grades in and out of an establishment (format: cartable.regles.transfert_notes, docs/transfert-notes.md).

Out: every period, evaluation, mark, appreciation and council decision as
records (CSV, JSON, XLSX). In: the same records, planned first (every row's
fate, nothing written), then applied in one transaction when the user
confirms: all or nothing, and the same file again changes nothing.
"""

import time
from datetime import date

from cartable.notes.registre import Evaluation
from cartable.regles import transfert_notes as format_


def enregistrements(carnet, uai):
    """Every record of the establishment, as the transfer format writes them."""
    if carnet is None:
        return []
    result = [{"type": "periode", "uai": uai, "periode": p["code"], "libelle": p["libelle"], "du": p["du"].isoformat(),
               "au": p["au"].isoformat()} for p in carnet.periodes.values()]
    for e in carnet.evaluations.values():
        result.append({"type": "evaluation", "uai": uai, "evaluation": e.id, "periode": e.periode, "division": e.division,
                       "matiere": e.matiere, "titre": e.titre, "date": e.date.isoformat(), "coefficient": e.coefficient,
                       "bareme": e.bareme, "facultative": e.facultative})
        result += [{"type": "note", "uai": uai, "evaluation": e.id, "eleve": eleve, "valeur": valeur}
                   for eleve, (valeur, _, _) in e.saisies.items()]
    result += [{"type": "appreciation", "uai": uai, "periode": p, "division": a["division"], "matiere": m, "eleve": eleve,
                "texte": a["texte"]} for (p, m, eleve), a in carnet.appreciations.items()]
    result += [{"type": "appreciation_generale", "uai": uai, "periode": p, "division": a["division"], "eleve": eleve,
                "texte": a["texte"]} for (p, eleve), a in carnet.appreciations_generales.items()]
    result += [{"type": "conseil", "uai": uai, "periode": p, "division": d["division"], "eleve": eleve, "avis": d["avis"],
                "mention": d["mention"] or "", "date": (carnet.conseils.get((p, d["division"])) or {}).get("date") or ""}
               for (p, eleve), d in carnet.decisions.items()]
    return result


def existant(carnet, uai, cles):
    """The stored records of the given keys (what the plan compares with)."""
    par_cle = {format_.cle(r): r for r in enregistrements(carnet, uai)}
    return {k: par_cle[k] for k in cles if k in par_cle}


def verificateur(annuaire, structure, uai):
    """The Zope side's check of a record: this establishment, known divisions and students."""
    classes = set(annuaire.divisions_de(structure, "classe")) | set(annuaire.divisions_de(structure, "groupe"))

    def verifier(record):
        if record["uai"] != uai:
            return f"UAI {record['uai']} : ce fichier doit concerner l'établissement {uai}."
        if "division" in record and record["division"] not in classes:
            return f"Classe ou groupe inconnu « {record['division']} »."
        if "matiere" in record and record["matiere"] not in annuaire.matieres:
            return f"Matière inconnue « {record['matiere']} »."
        if "eleve" in record:
            eleve = annuaire.personne(record["eleve"])
            if eleve is None or eleve.categorie != "Eleve" or structure not in eleve.rattachements:
                return f"Élève inconnu dans cet établissement « {record['eleve']} »."
        return None

    return verifier


def appliquer(carnet, records, qui, quand):
    """Write planned records (parents first, as the plan orders them)."""
    for r in records:
        genre = r["type"]
        if genre == "periode":
            actuelle = carnet.periodes.get(r["periode"]) or {}
            carnet.periodes[r["periode"]] = {"code": r["periode"], "libelle": r["libelle"], "du": date.fromisoformat(r["du"]),
                                             "au": date.fromisoformat(r["au"]), "cloture": actuelle.get("cloture")}
        elif genre == "evaluation":
            e = carnet.evaluations.get(r["evaluation"])
            if e is None:
                e = carnet.evaluations[r["evaluation"]] = Evaluation(r["evaluation"], r["division"], r["matiere"], r["periode"], r["titre"],
                                                                     date.fromisoformat(r["date"]), r["coefficient"], r["bareme"],
                                                                     r["facultative"], qui)
                e.publiee = True  # past periods: the previous ENT had shown them
            else:
                carnet.desindexer(e)
                e.division, e.matiere, e.periode, e.titre = r["division"], r["matiere"], r["periode"], r["titre"]
                e.date, e.coefficient, e.bareme, e.facultative = date.fromisoformat(r["date"]), r["coefficient"], r["bareme"], r["facultative"]
            carnet.indexer(e)
        elif genre == "note":
            e = carnet.evaluations[r["evaluation"]]
            avant = e.saisies.get(r["eleve"])
            e.saisies[r["eleve"]] = (r["valeur"], qui, quand)
            e.journal[(quand, time.time_ns(), r["eleve"])] = (qui, avant[0] if avant else None, r["valeur"])
        elif genre == "appreciation":
            carnet.appreciations[(r["periode"], r["matiere"], r["eleve"])] = {"division": r["division"], "texte": r["texte"], "par": qui, "le": quand}
        elif genre == "appreciation_generale":
            carnet.appreciations_generales[(r["periode"], r["eleve"])] = {"division": r["division"], "texte": r["texte"], "par": qui, "le": quand}
        elif genre == "conseil":
            carnet.decisions[(r["periode"], r["eleve"])] = {"division": r["division"], "avis": r["avis"], "mention": r["mention"] or None,
                                                            "date": r["date"] or None, "par": qui, "le": quand}
            if r["date"]:
                carnet.conseils[(r["periode"], r["division"])] = {"date": r["date"], "par": qui, "le": quand}
