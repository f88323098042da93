"""Suivi de l'élève: one timeline of a student across every establishment and school year of the region.

Marks of the registers (with their motives), declarations, exemptions,
infirmerie, incidents, punitions, sanctions, and the follow-up notes the CPE
write so that they hand over to each other — a note may refer to one event
(a mark, a declaration, an incident). The notes are confidential: the vie
scolaire (every CPE, the direction) reads and writes them. Who reads the
timeline and which reads are logged is cartable.regles.suivi_eleve.
"""

from persistent.list import PersistentList

from cartable.annuaire.contenu import id_etablissement
from cartable.core import horloge
from cartable.core.refus import Refus
from cartable.regles import acces
from cartable.regles import suivi_eleve as regles
from cartable.regles.incidents import LIBELLES_STATUTS
from cartable.viescolaire.absences import evenements
from cartable.viescolaire.journal_suivi import consigner
from cartable.viescolaire.stockage import lire_vie_scolaire

CODES_SUIVI = {
    "APPEL": "Appel à la famille",
    "RDV": "Rendez-vous avec la famille",
    "ENT": "Entretien avec l'élève",
    "MAIL": "Courrier ou message",
    "INFO": "Information",
}
REFERENCES = ("marque", "declaration", "incident")  # what a follow-up note may refer to
MARQUES = ("absence", "retard", "depart")


# One answer for an unknown id and for another school's student: ids cannot be probed.
INACCESSIBLE = "Élève introuvable ou non inscrit dans votre établissement."


def _verifier(lecteur, structure, annuaire, ident):
    """The student, when this reader follows them here: the regional admin, or the vie scolaire of a school they attend."""
    lecteur.exiger_vie_scolaire(structure, "Le suivi est réservé à la vie scolaire et à la direction.")
    eleve = annuaire.personne(ident) if annuaire is not None and isinstance(ident, str) else None
    if eleve is None or eleve.categorie != "Eleve" or not regles.peut_lire(
            lecteur.admin, acces.est_vie_scolaire(lecteur.personne, structure), _rattache(eleve, structure)):
        raise Refus(403, "Forbidden", INACCESSIBLE)
    return eleve


def etablissements_de(eleve) -> list:
    """Structures the directory attaches the student to (attachments, classes, groups), in order."""
    return list(dict.fromkeys([*eleve.rattachements, *(s for s, _ in eleve.classes + eleve.groupes)]))


def _rattache(eleve, structure):
    return structure in etablissements_de(eleve)


def lire(site, annuaire, structure, lecteur, form):
    """GET @suivi: the timeline, newest first; a cross-establishment read is queued to the journal."""
    eleve = _verifier(lecteur, structure, annuaire, form.get("eleve"))
    try:
        filtres = regles.lire_filtres(form)
    except regles.SuiviInvalide as exc:
        raise Refus(400, "BadRequest", str(exc)) from None
    notes_visibles = acces.est_vie_scolaire(lecteur.personne, structure)  # the regional admin does not read them
    items, lus = [], []
    for s in etablissements_de(eleve):
        fiche = annuaire.structures.get(s)
        etab = {"structure": s, "uai": fiche.uai if fiche else None, "nom": (fiche.nom or fiche.uai) if fiche else s}
        if not regles.concerne(filtres.etablissement, etab):
            continue
        contenu = site.get(id_etablissement(fiche.uai)) if fiche is not None else None
        vs = lire_vie_scolaire(contenu) if contenu is not None else None
        lus.append(etab)
        if vs is not None:
            items += [i for i in items_etablissement(vs, annuaire, s, etab, eleve, filtres, notes_visibles) if regles.garder(i, filtres)]
    structures_lues = {e["structure"] for e in lus}
    les_miennes = {s for s in structures_lues if acces.est_vie_scolaire(lecteur.personne, s)}
    journalise = regles.lecture_transversale(lecteur.admin, structures_lues, les_miennes)
    if journalise:
        consigner(site, horloge.maintenant().isoformat(timespec="seconds"), lecteur.login, eleve.id, structure, structures_lues)
    items.sort(key=lambda i: i["quand"], reverse=True)
    return {
        "eleve": eleve.id, "nom": eleve.nom_complet, "etablissements": lus, "journalise": journalise,
        "filtres": {"genre": sorted(filtres.genres), "du": filtres.du.isoformat() if filtres.du else None,
                    "au": filtres.au.isoformat() if filtres.au else None, "etablissement": filtres.etablissement},
        "items": items,
    }


def _periode_des_marques(vs, filtres):
    """The span of the establishment's calendar to read registers in (never past today)."""
    if vs.calendrier is None or (filtres.genres and not filtres.genres & set(MARQUES)):
        return None
    du = max(filtres.du or vs.calendrier.debut, vs.calendrier.debut)
    au = min(filtres.au or vs.calendrier.fin, vs.calendrier.fin, horloge.maintenant().date())
    return (du, au) if du <= au else None


def items_etablissement(vs, annuaire, structure, etab, eleve, filtres, notes_visibles):
    """What one establishment knows of the student, each item named with the establishment and school year."""
    items = []
    periode = _periode_des_marques(vs, filtres)
    if periode is not None:
        for occ, marque, motif in evenements(vs, eleve, structure, *periode)[1]:
            items.append({"quand": f"{occ.date.isoformat()}T{occ.debut}", "genre": marque["type"], "cours": occ.cle,
                          "minutes": marque.get("minutes"), "motif": vs.motifs[motif]["libelle"] if motif in vs.motifs else None,
                          "ref": {"genre": "marque", "id": occ.cle}})
    for d in vs.declarations_de(eleve.id):
        items.append({"quand": d["declaree_le"], "genre": "declaration", "statut": d["statut"], "du": d["du"].isoformat(timespec="minutes"),
                      "au": d["au"].isoformat(timespec="minutes"), "par": d["declaree_par"], "traitee_par": d["traitee_par"],
                      "ref": {"genre": "declaration", "id": d["id"]}})
    for d in vs.dispenses.get(eleve.id, ()):
        items.append({"quand": d["le"], "genre": "dispense", "matiere": d["matiere"], "du": d["du"].isoformat(), "au": d["au"].isoformat(),
                      "par": d["par"]})
    for e in vs.incidents_de(eleve.id):
        autres = [annuaire.personne(i) for i in e["eleves"] if i != eleve.id]
        items.append({"quand": e["quand"], "genre": e["type"], "nature": e["nature"], "statut": LIBELLES_STATUTS.get(e["statut"], e["statut"]),
                      "lieu": e["lieu"], "description": e["description"], "par": e["auteur_nom"],
                      "autres_eleves": [p.nom_complet if p is not None else "?" for p in autres],
                      "ref": {"genre": "incident", "id": e["id"]}})
    if notes_visibles:
        actions = {}
        for n in vs.notes_suivi.get(eleve.id, ()):
            note = {"quand": n["quand"], "genre": "note", "code": n["code"], "libelle": CODES_SUIVI.get(n["code"]), "texte": n["texte"],
                    "par": n["qui"], "evenement": n.get("evenement")}  # notes written before references have none
            items.append(note)
            if note["evenement"]:
                actions.setdefault((note["evenement"]["genre"], note["evenement"]["id"]), []).append(note)
        for item in items:
            if "ref" in item:
                item["actions"] = [{k: a[k] for k in ("quand", "code", "libelle", "texte", "par")}
                                   for a in actions.get((item["ref"]["genre"], item["ref"]["id"]), ())]
    for item in items:
        item["etablissement"] = etab
        item["annee_scolaire"] = regles.annee_scolaire(item["quand"])
    return items


def _reference(vs, eleve, ref):
    """A checked reference to one event of this student in this establishment."""
    if not isinstance(ref, dict) or ref.get("genre") not in REFERENCES or not isinstance(ref.get("id"), str):
        raise Refus(400, "BadRequest", f"Référence attendue : {{\"genre\": {' | '.join(REFERENCES)}, \"id\": …}}.")
    genre, ident = ref["genre"], ref["id"]
    if genre == "marque":
        appel = vs.appels.get(ident)
        trouve = appel is not None and eleve.id in appel.marques
    elif genre == "declaration":
        declaration = vs.declarations.get(ident)
        trouve = declaration is not None and declaration["eleve"] == eleve.id
    else:
        evenement = vs.incidents.get(ident) if vs.incidents is not None else None
        trouve = evenement is not None and eleve.id in evenement["eleves"]
    if not trouve:
        raise Refus(400, "BadRequest", "Événement introuvable pour cet élève dans cet établissement.")
    return {"genre": genre, "id": ident}


def noter(etablissement, pour_ecrire, annuaire, structure, lecteur, donnees):
    """POST @suivi {"eleve", "code", "texte", "evenement"?}: a confidential note, or a follow-up action on one event.

    Every check reads; only then ``pour_ecrire(etablissement)`` gives the record to write to.
    """
    lecteur.exiger_vie_scolaire(structure, "Le suivi est réservé à la vie scolaire et à la direction.")
    if not isinstance(donnees, dict):
        raise Refus(400, "BadRequest", "Corps JSON attendu (un objet).")
    eleve = _verifier(lecteur, structure, annuaire, donnees.get("eleve"))
    code, texte = donnees.get("code"), donnees.get("texte")
    if not isinstance(code, str) or code not in CODES_SUIVI:
        raise Refus(400, "BadRequest", f"Code de suivi attendu : {', '.join(CODES_SUIVI)}.")
    texte = texte.strip() if isinstance(texte, str) else ""
    if not texte:
        raise Refus(400, "BadRequest", "Le texte de la note est vide (un texte est attendu).")
    if donnees.get("evenement") is not None:
        lu = lire_vie_scolaire(etablissement)
        if lu is None:
            raise Refus(400, "BadRequest", "Événement introuvable pour cet élève dans cet établissement.")
        reference = _reference(lu, eleve, donnees["evenement"])
    else:
        reference = None
    vs = pour_ecrire(etablissement)
    if eleve.id not in vs.notes_suivi:
        vs.notes_suivi[eleve.id] = PersistentList()
    note = {"quand": horloge.maintenant().isoformat(timespec="seconds"), "qui": lecteur.login, "code": code, "texte": texte[:4000]}
    if reference is not None:
        note["evenement"] = reference
    vs.notes_suivi[eleve.id].append(note)
    return {"eleve": eleve.id, "notes": len(vs.notes_suivi[eleve.id])}
