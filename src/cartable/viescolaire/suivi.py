"""Suivi de l'élève: one timeline of what the vie scolaire knows of a student in this establishment.

Marks of the registers (with their motives), declarations, exemptions and the
follow-up notes the CPE write so that they hand over to each other. The
notes are confidential: the vie scolaire (every CPE, the direction) reads
and writes them; families and teachers have @absences and @declarations.
"""

from persistent.list import PersistentList

from cartable.viescolaire.absences import evenements
from cartable.viescolaire.appels import Refus, exiger_vie_scolaire, maintenant

CODES_SUIVI = {
    "APPEL": "Appel à la famille",
    "RDV": "Rendez-vous avec la famille",
    "ENT": "Entretien avec l'élève",
    "MAIL": "Courrier ou message",
    "INFO": "Information",
}


def _verifier(lecteur, structure, annuaire, ident):
    exiger_vie_scolaire(lecteur, structure, "Le suivi est réservé à la vie scolaire et à la direction.")
    eleve = annuaire.personne(ident) if annuaire is not None and isinstance(ident, str) else None
    if eleve is None or eleve.categorie != "Eleve":
        raise Refus(404, "NotFound", "Élève introuvable.")
    return eleve


def chronologie(vs, annuaire, structure, lecteur, ident, du, au):
    """Newest first: marks, declarations, exemptions and notes."""
    eleve = _verifier(lecteur, structure, annuaire, ident)
    items = []
    if vs is not None:
        _, marques = evenements(vs, eleve, structure, du, au)
        for occ, marque, motif in marques:
            libelle = vs.motifs[motif]["libelle"] if motif in vs.motifs else None
            items.append({"quand": f"{occ.date.isoformat()}T{occ.debut}", "genre": marque["type"], "cours": occ.cle,
                          "minutes": marque.get("minutes"), "motif": libelle})
        for d in vs.declarations_de(eleve.id):
            items.append({"quand": d["declaree_le"], "genre": "declaration", "statut": d["statut"], "du": d["du"].isoformat(timespec="minutes"),
                          "au": d["au"].isoformat(timespec="minutes"), "par": d["declaree_par"], "traitee_par": d["traitee_par"]})
        for d in vs.dispenses.get(eleve.id, ()):
            items.append({"quand": d["le"], "genre": "dispense", "matiere": d["matiere"], "du": d["du"].isoformat(), "au": d["au"].isoformat(),
                          "par": d["par"]})
        for n in vs.notes_suivi.get(eleve.id, ()):
            items.append({"quand": n["quand"], "genre": "note", "code": n["code"], "libelle": CODES_SUIVI.get(n["code"]), "texte": n["texte"],
                          "par": n["qui"]})
    return {"eleve": eleve.id, "nom": eleve.nom_complet, "du": du.isoformat(), "au": au.isoformat(),
            "items": sorted(items, key=lambda i: i["quand"], reverse=True)}


def noter(vs, annuaire, structure, lecteur, donnees):
    if not isinstance(donnees, dict):
        raise Refus(400, "BadRequest", "Corps JSON attendu (un objet).")
    eleve = _verifier(lecteur, structure, annuaire, donnees.get("eleve"))
    code, texte = donnees.get("code"), str(donnees.get("texte") or "").strip()
    if code not in CODES_SUIVI:
        raise Refus(400, "BadRequest", f"Code de suivi attendu : {', '.join(CODES_SUIVI)}.")
    if not texte:
        raise Refus(400, "BadRequest", "Le texte de la note est vide.")
    if eleve.id not in vs.notes_suivi:
        vs.notes_suivi[eleve.id] = PersistentList()
    vs.notes_suivi[eleve.id].append({"quand": maintenant().isoformat(timespec="seconds"), "qui": lecteur.login, "code": code, "texte": texte[:4000]})
    return {"eleve": eleve.id, "notes": len(vs.notes_suivi[eleve.id])}
