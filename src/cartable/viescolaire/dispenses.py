"""Exemptions (dispenses): a student excused from a subject for a period.

Set by the vie scolaire; the roll call shows them, and the exempted courses
are not expected courses for the half-day count (rule 2).
"""

from datetime import date

from persistent.list import PersistentList

from cartable.core import horloge
from cartable.core.refus import Refus
from cartable.regles import acces


def _eleve(annuaire, lecteur, ident, structure):
    eleve = annuaire.personne(ident) if annuaire is not None and isinstance(ident, str) else None
    if eleve is None or eleve.categorie != "Eleve" or not (lecteur.admin or acces.voit_eleve(annuaire, lecteur.personne, eleve)):
        raise Refus(401 if lecteur.anonyme else 403, "Unauthorized", "Vous ne pouvez pas consulter les dispenses de cet élève.")
    return eleve


def en_json(d):
    return {"matiere": d["matiere"], "du": d["du"].isoformat(), "au": d["au"].isoformat(), "motif": d["motif"], "par": d["par"], "le": d["le"]}


def lister(vs, annuaire, structure, lecteur, ident):
    eleve = _eleve(annuaire, lecteur, ident, structure)
    return {"eleve": eleve.id, "items": [en_json(d) for d in (vs.dispenses.get(eleve.id, ()) if vs is not None else ())]}


def ajouter(vs, annuaire, structure, lecteur, donnees):
    lecteur.exiger_vie_scolaire(structure, "Seule la vie scolaire enregistre les dispenses.")
    if not isinstance(donnees, dict):
        raise Refus(400, "BadRequest", "Corps JSON attendu (un objet).")
    eleve = _eleve(annuaire, lecteur, donnees.get("eleve"), structure)
    matiere = donnees.get("matiere")
    if matiere not in annuaire.matieres:
        raise Refus(400, "BadRequest", f"Matière inconnue « {matiere} » (code national à 6 chiffres).")
    try:
        du, au = date.fromisoformat(donnees.get("du")), date.fromisoformat(donnees.get("au"))
    except (TypeError, ValueError):
        raise Refus(400, "BadRequest", "du et au attendus au format AAAA-MM-JJ.") from None
    if au < du:
        raise Refus(400, "BadRequest", "La fin de la dispense précède son début.")
    if eleve.id not in vs.dispenses:
        vs.dispenses[eleve.id] = PersistentList()
    vs.dispenses[eleve.id].append({"matiere": matiere, "du": du, "au": au, "motif": str(donnees.get("motif") or "")[:200],
                                   "par": lecteur.login, "le": horloge.maintenant().isoformat(timespec="seconds")})
    return lister(vs, annuaire, structure, lecteur, eleve.id)
