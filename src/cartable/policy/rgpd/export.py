"""« Mes données »: everything Cartable holds about a person (and a legal responsable's children), read-only.

Each module is read through its own readers (``lire_*``, never writing); what
goes in a section and how it is said is cartable.regles.rgpd. Nothing of
another person: a register lists the class, only this student's mark is kept;
incidents are read in the family's view (no other student named, no incident
text); the CPE's confidential notes are left out of a family export, and the
export says so.
"""

from datetime import date, datetime

from Acquisition import aq_parent
from plone import api

from cartable.annuaire.contenu import id_etablissement
from cartable.core import horloge
from cartable.core import notifications as boites
from cartable.core.refus import Interdit
from cartable.messagerie import lecture as lecture_messagerie
from cartable.messagerie import rgpd as messagerie_rgpd
from cartable.messagerie.stockage import lire_boite, lire_messagerie
from cartable.notes.stockage import lire_carnet
from cartable.pedagogie.agenda.stockage import lire_faits, lire_index
from cartable.regles import acces, releve
from cartable.regles import incidents as regles_incidents
from cartable.regles import rgpd as regles
from cartable.viescolaire.absences import evenements
from cartable.viescolaire.incidents import en_json as incident_en_json
from cartable.viescolaire.stockage import lire_vie_scolaire
from cartable.viescolaire.suivi import etablissements_de

REFUS = "Vous ne pouvez exporter que vos données ou celles d'un enfant dont vous êtes responsable légal."


def sujet(lecteur, annuaire, eleve_id=None):
    """(whose data, the students whose school records go in): refused for anyone but oneself and one's children."""
    if lecteur.anonyme:
        raise Interdit(REFUS)
    moi = lecteur.personne
    if eleve_id:
        eleve = annuaire.personne(eleve_id) if annuaire is not None and isinstance(eleve_id, str) else None
        if eleve is None or eleve.categorie != "Eleve" or moi is None or not (
                moi.id == eleve.id or acces.responsable_legal(moi, eleve)):
            raise Interdit(REFUS)
        return eleve, [eleve]
    if moi is None:
        return None, []
    if moi.categorie == "Eleve":
        return moi, [moi]
    return moi, acces.enfants_visibles(annuaire, moi)


def _etablissement(site, annuaire, structure):
    fiche = annuaire.structures.get(structure)
    contenu = site.get(id_etablissement(fiche.uai)) if fiche is not None and fiche.uai else None
    return fiche, contenu


def identite(site, annuaire, personne, lecteur):
    if personne is None:  # a regional administrator outside the directory: their Plone account only
        utilisateur = api.user.get(userid=lecteur.login)
        nom = (utilisateur.getProperty("fullname") if utilisateur is not None else "") or lecteur.login
        return {"nom": nom, "categorie": "Administrateur de la plateforme", "identifiant": lecteur.login,
                "etablissements": [], "responsables": [], "historique": []}
    etablissements = []
    for s in etablissements_de(personne) if personne.categorie == "Eleve" else personne.rattachements:
        fiche = annuaire.structures.get(s)
        classes = [annuaire.divisions.get((s, "classe", c)) or c for st, c in personne.classes if st == s]
        etablissements.append({"structure": s, "nom": (fiche.nom or fiche.uai) if fiche else s, "classe": ", ".join(classes)})
    responsables = []
    if personne.categorie == "Eleve":
        responsables = [annuaire.personne(i).nom_complet for i in acces.responsables_legaux(annuaire, personne)]
    return {
        "id": personne.id, "nom": personne.nom_complet, "categorie": regles.CATEGORIES.get(personne.categorie, personne.categorie),
        "identifiant": personne.login, "courriel": personne.mail or None, "date_naissance": personne.date_naissance or None,
        "actif": personne.actif, "etablissements": etablissements, "responsables": responsables,
        "historique": [{"quand": q, "evenement": e} for q, e, *_ in personne.historique],
    }


def notifications(site, titulaire):
    return {"items": [{k: n.get(k) for k in ("quand", "genre", "titre", "texte", "lue")} for n in boites.lire(site, titulaire)],
            "preferences": boites.lire_preferences(site, titulaire)}


def messagerie(site, annuaire, titulaire):
    """The person's own conversations: the messages they wrote or received, each as they see it (a message to a
    group names only the group), with their attachments listed (cartable.messagerie.rgpd). Only in one's own export:
    a child's correspondence is not in the parent's (nor their draft)."""
    boite, tout = lire_boite(site, titulaire), lire_messagerie(site)
    if boite is None or tout is None:
        return []
    conversations = []
    for ident, fil in boite.fils.items():
        conversation = tout.conversations.get(ident)
        if conversation is None:
            continue
        messages = [{"de": lecture_messagerie.nom(annuaire, m.auteur, m),
                     "a": [lecture_messagerie.nom(annuaire, i) for i in lecture_messagerie.destinataires_vus(m, titulaire)],
                     "groupes": [libelle for _, libelle in m.groupes], "envoye": m.envoye, "texte": m.texte,
                     "pieces": messagerie_rgpd.pieces(site, conversation.id, m)}
                    for m in conversation.chronologie(titulaire)]
        if messages:
            conversations.append({"sujet": conversation.sujet, "dossier": fil.dossier, "messages": messages})
    return sorted(conversations, key=lambda c: c["messages"][0]["envoye"])


def vie_scolaire(site, annuaire, eleve):
    sections = []
    aujourd_hui = horloge.aujourd_hui()
    for structure in etablissements_de(eleve):
        fiche, contenu = _etablissement(site, annuaire, structure)
        vs = lire_vie_scolaire(contenu) if contenu is not None else None
        if vs is None:
            continue
        section = {"etablissement": (fiche.nom or fiche.uai) if fiche else structure, "marques": [], "declarations": [],
                   "dispenses": [], "punitions": []}
        if vs.calendrier is not None and vs.calendrier.debut <= aujourd_hui:
            for occ, marque, motif in evenements(vs, eleve, structure, vs.calendrier.debut, min(vs.calendrier.fin, aujourd_hui))[1]:
                m = vs.motifs.get(motif) if motif else None
                occurrence = {"quand": f"{occ.date.isoformat()}T{occ.debut}", "matiere": _matiere(annuaire, occ.matiere),
                              "motif": m["libelle"] if m and m.get("visible_familles") else None,
                              "marques": {eleve.id: dict(marque)}}
                section["marques"].append(regles.marque(occurrence, eleve.id))
        for d in vs.declarations_de(eleve.id):
            section["declarations"].append({
                "declaree_le": d["declaree_le"], "du": d["du"].isoformat(timespec="minutes"), "au": d["au"].isoformat(timespec="minutes"),
                "motif": (vs.motifs.get(d["motif"]) or {}).get("libelle"), "commentaire": d["commentaire"], "statut": d["statut"],
                "statut_libelle": regles.etat_declaration(d["statut"]), "raison": d["raison"],
                "pieces": [d["piece"].filename] if d["piece"] else []})  # listed, never embedded
        for d in vs.dispenses.get(eleve.id, ()):
            section["dispenses"].append({"matiere": _matiere(annuaire, d["matiere"]), "du": d["du"].isoformat(), "au": d["au"].isoformat()})
        profil = regles_incidents.Profil(ident=eleve.id)
        for e in vs.incidents_de(eleve.id) if vs.incidents is not None else ():
            if regles_incidents.vue(profil, e) == "famille":
                vu = incident_en_json(e, "famille", annuaire, vs, pour=eleve.id)
                section["punitions"].append({"quand": vu["quand"], "type": vu["type"], "nature": vu["nature"], "motif": vu["motif"],
                                             "statut": vu["statut_libelle"], "decide_par": vu["decide_par"]})
        for cle in ("marques", "declarations", "punitions"):
            section[cle].sort(key=lambda i: i.get("quand") or i.get("declaree_le") or "")
        sections.append(section)
    return sections


def _matiere(annuaire, code):
    enregistrement = annuaire.matieres.get(code) if code else None
    return enregistrement.valeur("ENTLibelleMatiere") if enregistrement is not None else code


def notes(site, annuaire, eleve):
    periodes = []
    for structure in etablissements_de(eleve):
        fiche, contenu = _etablissement(site, annuaire, structure)
        carnet = lire_carnet(contenu) if contenu is not None else None
        if carnet is None:
            continue
        for code, periode in carnet.periodes.items():
            vu = releve.releve_eleve(carnet, annuaire, structure, eleve, code, publiees=True)
            matieres = [{"matiere": m["libelle"], "moyenne": m["moyenne"], "appreciation": m["appreciation"] or None,
                         "evaluations": [{k: e[k] for k in ("titre", "date", "note", "bareme", "coefficient")} for e in m["evaluations"]]}
                        for m in vu["matieres"] if m["evaluations"] or m["appreciation"]]
            if matieres or vu["bulletin_publie"]:
                periodes.append({"etablissement": (fiche.nom or fiche.uai) if fiche else structure,
                                 "periode": periode.get("libelle") or code, "matieres": matieres,
                                 "moyenne_generale": vu["moyenne_generale"], "bulletin_publie": vu["bulletin_publie"]})
    return periodes


def rendus(site, eleve):
    """The student's hand-ins: one catalog query (a Rendu is named after its student)."""
    catalogue = api.portal.get_tool("portal_catalog")
    trouves = []
    for marque in catalogue.unrestrictedSearchResults(portal_type="Rendu", getId=eleve.id):
        objet = marque._unrestrictedGetObject()
        if getattr(objet, "eleve", None) != eleve.id:
            continue
        devoir = aq_parent(objet)
        remis = objet.remis_le.isoformat(timespec="minutes") if objet.remis_le else None
        trouves.append(regles.rendu({
            "devoir": devoir.Title(), "etat": api.content.get_state(objet, default="brouillon"), "remis_le": remis,
            "en_retard": objet.en_retard, "note": objet.note, "appreciation": objet.appreciation,
            "fichiers": [getattr(f, "filename", "") for f in objet.fichiers_liste()], "texte": getattr(objet, "texte", None)}))
    return sorted(trouves, key=lambda r: r["remis_le"] or "")


def travaux_faits(site, annuaire, eleve):
    faits = lire_faits(site)
    ids = list(faits.de(eleve.id)) if faits is not None else []
    if not ids:
        return []
    index = [lire_index(c) for c in (_etablissement(site, annuaire, s)[1] for s in etablissements_de(eleve)) if c is not None]
    travaux = []
    for ident in ids:
        inscription = next((i for idx in index if idx is not None for i in idx.du_travail(ident).values()), None)
        travail = inscription.travail if inscription is not None else None
        travaux.append({"titre": travail.titre if travail else "Travail retiré du cahier de textes",
                        "matiere": travail.matiere if travail else None,
                        "pour_le": travail.pour_le.isoformat() if travail else None})
    return travaux


def eleve_complet(site, annuaire, eleve):
    return {"id": eleve.id, "nom": eleve.nom_complet, "vie_scolaire": vie_scolaire(site, annuaire, eleve),
            "notes_confidentielles": regles.NOTES_CPE_EXCLUES, "notes": notes(site, annuaire, eleve),
            "rendus": rendus(site, eleve), "travaux_faits": travaux_faits(site, annuaire, eleve)}


def _json(valeur):
    """Dates and date-times of the records as ISO text, containers walked (the export is plain JSON)."""
    if isinstance(valeur, dict):
        return {str(k): _json(v) for k, v in valeur.items()}
    if isinstance(valeur, list | tuple):
        return [_json(v) for v in valeur]
    if isinstance(valeur, date | datetime):
        return valeur.isoformat()
    return valeur


def exporter(site, lecteur, eleve_id=None) -> dict:
    """The whole export (JSON-ready; dates ISO, their words in the PDF)."""
    annuaire = lecteur.annuaire
    personne, eleves = sujet(lecteur, annuaire, eleve_id)
    titulaire = personne.id if personne is not None else lecteur.login
    soi_meme = personne is not None and lecteur.personne is not None and lecteur.personne.id == personne.id
    demandeur = lecteur.personne.nom_complet if lecteur.personne is not None else identite(site, annuaire, None, lecteur)["nom"]
    return _json({
        "genere_le": horloge.maintenant().isoformat(timespec="seconds"),
        "demande_par": demandeur,
        "personne": {"id": titulaire, "nom": personne.nom_complet if personne is not None else demandeur},
        "identite": identite(site, annuaire, personne, lecteur),
        "notifications": notifications(site, titulaire),
        "messagerie": messagerie(site, annuaire, titulaire) if soi_meme else [],
        "messagerie_brouillon": messagerie_rgpd.brouillon(site, annuaire, titulaire) if soi_meme else None,
        "eleves": [eleve_complet(site, annuaire, e) for e in eleves],
        "sections": [{"cle": c, "titre": t} for c, t in regles.SECTIONS],
    })
