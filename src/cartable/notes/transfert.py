"""Transfer of grades in and out of an establishment (format: cartable.regles.transfert_notes, docs/transfert-notes.md).

Out: every period, evaluation, mark, appreciation and council decision as
records (CSV, JSON, XLSX), and the skills (issue 17): the référentiel, each
evaluation's skills, the positions, the period bilans (the teacher's
positionnement, the edited éléments travaillés) and the end-of-cycle bilans.
In: the same records, planned first (every row's fate, nothing written), then
applied in one transaction when the user confirms: all or nothing, and the
same file again changes nothing.

The establishment's skills (``stockage.lire_competences``) are passed as
``comp``; callers that do not pass it (the background import of
``import_differe``) get the skill rows refused with a French reason rather
than silently dropped.
"""

import time
from datetime import date

from BTrees.OOBTree import OOBTree

from cartable.notes.registre import Evaluation, noter_modification
from cartable.regles import transfert_notes as format_
from cartable.regles.socle import CODES_COMPOSANTES

_SANS_COMPETENCES = object()  # verificateur's comp when the caller cannot write skills


def _niveaux_socle(socle):
    return {colonne: "" if (socle or {}).get(code) is None else str(socle[code])
            for colonne, code in zip(format_.COLONNES_SOCLE, CODES_COMPOSANTES, strict=True)}


def enregistrements(carnet, uai, comp=None):
    """Every record of the establishment, as the transfer format writes them."""
    result = []
    if comp is not None:
        result += [{"type": "competence", "uai": uai, "competence": i["id"], "matiere": i["matiere"], "cycle": str(i["cycle"]),
                    "libelle": i["libelle"], "composantes": " ".join(i["composantes"])} for i in comp.referentiel.values()]
        result += [{"type": "positionnement", "uai": uai, "periode": p, "division": f["division"], "matiere": m, "eleve": eleve,
                    "niveau": str(f["niveau"])} for (p, m, eleve), f in comp.forces.items()]
        result += [{"type": "elements", "uai": uai, "periode": p, "division": d, "matiere": m, "texte": "\n".join(x["elements"])}
                   for (p, d, m), x in comp.elements.items()]
        for (cycle, eleve), b in comp.fin_de_cycle.items():
            complement = b.get("complement") or {}
            result.append({"type": "fin_de_cycle", "uai": uai, "cycle": str(cycle), "eleve": eleve, "division": b["division"],
                           **_niveaux_socle(b.get("socle")), "synthese": b.get("synthese") or "",
                           "complement": complement.get("code") or "",
                           "complement_niveau": "" if complement.get("positionnement") is None else str(complement["positionnement"])})
    if carnet is None:
        return result
    result += [{"type": "periode", "uai": uai, "periode": p["code"], "libelle": p["libelle"], "du": p["du"].isoformat(),
                "au": p["au"].isoformat()} for p in carnet.periodes.values()]
    for e in carnet.evaluations.values():
        result.append({"type": "evaluation", "uai": uai, "evaluation": e.id, "periode": e.periode, "division": e.division,
                       "matiere": e.matiere, "titre": e.titre, "date": e.date.isoformat(), "coefficient": e.coefficient,
                       "bareme": e.bareme, "facultative": e.facultative, "competences": " ".join(e.competences),
                       "notee": e.notee})
        result += [{"type": "note", "uai": uai, "evaluation": e.id, "eleve": eleve, "valeur": valeur}
                   for eleve, (valeur, _, _) in e.saisies.items()]
        result += [{"type": "position", "uai": uai, "evaluation": e.id, "competence": ident, "eleve": eleve, "niveau": niveau}
                   for (eleve, ident), (niveau, _, _) in (getattr(e, "positions", None) or {}).items()]
    result += [{"type": "appreciation", "uai": uai, "periode": p, "division": a["division"], "matiere": m, "eleve": eleve,
                "texte": a["texte"]} for (p, m, eleve), a in carnet.appreciations.items() if a]
    result += [{"type": "appreciation_generale", "uai": uai, "periode": p, "division": a["division"], "eleve": eleve,
                "texte": a["texte"]} for (p, eleve), a in carnet.appreciations_generales.items() if a]
    result += [{"type": "conseil", "uai": uai, "periode": p, "division": d["division"], "eleve": eleve, "avis": d["avis"],
                "mention": d["mention"] or "", "date": (carnet.conseils.get((p, d["division"])) or {}).get("date") or ""}
               for (p, eleve), d in carnet.decisions.items() if d]  # a fiche made ahead is empty
    return result


def existant(carnet, uai, cles, comp=None):
    """The stored records of the given keys (what the plan compares with)."""
    par_cle = {format_.cle(r): r for r in enregistrements(carnet, uai, comp)}
    return {k: par_cle[k] for k in cles if k in par_cle}


def contexte_lecture(carnet, comp, uai):
    """``lire``'s knowledge of what is stored: scales, the référentiel, the evaluations' skills."""
    evaluations = carnet.evaluations.values() if carnet is not None else ()
    return {"connues": {(uai, e.id): e.bareme for e in evaluations},
            "referentiel": {(uai, i["id"]): i["matiere"] for i in comp.referentiel.values()} if comp is not None else {},
            "evaluations_stockees": {(uai, e.id): {"matiere": e.matiere, "competences": tuple(e.competences), "notee": e.notee}
                                     for e in evaluations}}


def _verifier_competences(record, carnet, comp, evaluees):
    """What the skills' own endpoints would refuse (cartable.notes.competences), for one record; None when fine."""
    genre = record["type"]
    if comp is _SANS_COMPETENCES:
        if genre in format_.TYPES_COMPETENCES or (genre == "evaluation" and format_.avec_competences([record])):
            return ("Les compétences ne s'importent pas en arrière-plan : importez ce fichier sans l'option d'import "
                    "différé, ou retirez-en les compétences.")
        return None
    stockee = carnet.evaluations.get(record["evaluation"]) if carnet is not None and genre == "evaluation" else None
    if stockee is not None:
        if record.get("notee") is False and len(stockee.saisies):
            return f"L'évaluation « {stockee.titre} » a déjà des notes : elle ne peut pas devenir une évaluation sans note."
        if "competences" not in record and stockee.competences and record["matiere"] != stockee.matiere:
            return (f"L'évaluation « {stockee.titre} » évalue des compétences de sa matière : donnez ses compétences "
                    "(colonne « competences ») pour en changer la matière.")
        if "competences" in record:
            gardees = set(record["competences"].split())
            if any(c not in gardees for _, c in (getattr(stockee, "positions", None) or {}).keys()):
                return (f"Des élèves sont positionnés dans « {stockee.titre} » sur une compétence que ce fichier lui retire : "
                        "effacez d'abord ces positions.")
    if genre == "competence" and comp is not None:
        ancienne = comp.referentiel.get(record["competence"])
        if ancienne is not None and ancienne["matiere"] != record["matiere"] and record["competence"] in evaluees():
            return f"La compétence « {record['competence']} » est évaluée : sa matière ne peut pas changer."
    return None


def verificateur(annuaire, structure, uai, carnet=None, comp=_SANS_COMPETENCES):
    """The Zope side's check of a record: this establishment, known divisions and students; with ``comp`` (the
    establishment's Competences or None) the skills' rules too, without it skill rows are refused."""
    classes = set(annuaire.divisions_de(structure, "classe")) | set(annuaire.divisions_de(structure, "groupe"))
    deja = []

    def evaluees():
        """The skills stored evaluations use (read once, when a skill of the file changes subject)."""
        if not deja:
            deja.append({i for e in (carnet.evaluations.values() if carnet is not None else ()) for i in e.competences})
        return deja[0]

    def verifier(record):
        if record["uai"] != uai:
            return f"UAI {record['uai']} : ce fichier doit concerner l'établissement {uai}."
        raison = _verifier_competences(record, carnet, comp, evaluees)
        if raison:
            return raison
        if "division" in record and record["division"] not in classes:
            return f"Classe ou groupe inconnu « {record['division']} »."
        # a skill's subject is a BCN code the référentiel accepts without the directory (as @referentiel-competences)
        if "matiere" in record and record["type"] != "competence" and record["matiere"] not in annuaire.matieres:
            return f"Matière inconnue « {record['matiere']} »."
        if "eleve" in record:
            eleve = annuaire.personne(record["eleve"])
            if eleve is None or eleve.categorie != "Eleve" or structure not in eleve.rattachements:
                return f"Élève inconnu dans cet établissement « {record['eleve']} »."
        return None

    return verifier


def _ns():
    return time.time_ns()


def _appliquer_competence(comp, r, qui, quand):
    genre = r["type"]
    if genre == "competence":
        cle, avant = r["competence"], comp.referentiel.get(r["competence"])
        apres = {"id": r["competence"], "matiere": r["matiere"], "cycle": int(r["cycle"]), "libelle": r["libelle"],
                 "composantes": tuple(r["composantes"].split())}
        comp.referentiel[cle] = apres
        comp.journal[("referentiel", cle, quand, _ns())] = (qui, avant, apres)
    elif genre == "positionnement":
        cle = (r["periode"], r["matiere"], r["eleve"])
        avant = (comp.forces.get(cle) or {}).get("niveau")
        comp.forces[cle] = {"niveau": int(r["niveau"]), "division": r["division"], "par": qui, "le": quand}
        comp.journal[("force", cle, quand, _ns())] = (qui, avant, int(r["niveau"]))
    elif genre == "elements":
        cle = (r["periode"], r["division"], r["matiere"])
        elements = tuple(r["texte"].split("\n")) if r["texte"] else ()
        avant = (comp.elements.get(cle) or {}).get("elements")
        comp.elements[cle] = {"elements": elements, "par": qui, "le": quand}
        comp.journal[("elements", cle, quand, _ns())] = (qui, avant, elements)
    elif genre == "fin_de_cycle":
        cle = (int(r["cycle"]), r["eleve"])
        avant = comp.fin_de_cycle.get(cle)
        complement = None
        if r["complement"]:
            complement = {"code": r["complement"], "positionnement": int(r["complement_niveau"]) if r["complement_niveau"] else None}
        apres = {"division": r["division"], "synthese": r["synthese"], "complement": complement, "par": qui, "le": quand,
                 "socle": {code: int(r[colonne]) for colonne, code in zip(format_.COLONNES_SOCLE, CODES_COMPOSANTES, strict=True)
                           if r[colonne]}}
        comp.fin_de_cycle[cle] = apres
        comp.journal[("fin_de_cycle", cle, quand, _ns())] = (qui, avant, apres)


def _appliquer_position(carnet, r, qui, quand):
    e = carnet.evaluations[r["evaluation"]]
    positions = getattr(e, "positions", None)
    if positions is None:
        positions = e.positions = OOBTree()
    journal = getattr(e, "journal_positions", None)
    if journal is None:
        journal = e.journal_positions = OOBTree()
    avant = positions.get((r["eleve"], r["competence"]))
    positions[(r["eleve"], r["competence"])] = (r["niveau"], qui, quand)
    journal[(quand, _ns(), r["eleve"], r["competence"])] = (qui, avant[0] if avant else None, r["niveau"])


def appliquer(carnet, records, qui, quand, comp=None):
    """Write planned records (parents first, as the plan orders them); ``comp``: the establishment's Competences,
    needed when records of skills are among them (``stockage.competences_pour_ecrire``)."""
    for r in records:
        genre = r["type"]
        if genre in ("competence", "positionnement", "elements", "fin_de_cycle"):
            if comp is None:
                raise ValueError("appliquer: records of skills without the establishment's Competences")
            _appliquer_competence(comp, r, qui, quand)
            continue
        if genre == "position":
            _appliquer_position(carnet, r, qui, quand)
            continue
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
            if "competences" in r and tuple(r["competences"].split()) != tuple(e.competences):
                e.competences = tuple(r["competences"].split())
            if "notee" in r and r["notee"] != e.notee:
                e.notee = r["notee"]
            carnet.indexer(e)
        elif genre == "note":
            e = carnet.evaluations[r["evaluation"]]
            avant = e.saisies.get(r["eleve"])
            e.saisies[r["eleve"]] = (r["valeur"], qui, quand)
            e.journal[(quand, time.time_ns(), r["eleve"])] = (qui, avant[0] if avant else None, r["valeur"])
        elif genre == "appreciation":
            carnet.appreciations[(r["periode"], r["matiere"], r["eleve"])] = {"division": r["division"], "texte": r["texte"], "par": qui, "le": quand}
            noter_modification(carnet, r["periode"], r["division"], quand)
        elif genre == "appreciation_generale":
            carnet.appreciations_generales[(r["periode"], r["eleve"])] = {"division": r["division"], "texte": r["texte"], "par": qui, "le": quand}
            noter_modification(carnet, r["periode"], r["division"], quand)
        elif genre == "conseil":
            carnet.decisions[(r["periode"], r["eleve"])] = {"division": r["division"], "avis": r["avis"], "mention": r["mention"] or None,
                                                            "date": r["date"] or None, "par": qui, "le": quand}
            noter_modification(carnet, r["periode"], r["division"], quand)
            if r["date"]:
                carnet.conseils[(r["periode"], r["division"])] = {"date": r["date"], "par": qui, "le": quand}
