"""@absences: who reads a student's absences, who gives them a motive."""

from datetime import date

from cartable.core import horloge
from cartable.core.refus import Refus
from cartable.regles import acces
from cartable.regles.reglages_decompte import en_mots
from cartable.viescolaire.absences import decompte


def periode(vs, form):
    """du/au from the request, by default the school year up to today."""
    try:
        du = date.fromisoformat(form["du"]) if form.get("du") else None
        au = date.fromisoformat(form["au"]) if form.get("au") else None
    except ValueError:
        raise Refus(400, "BadRequest", "du et au attendus au format AAAA-MM-JJ.") from None
    if vs is not None and vs.calendrier is not None:
        du = du or vs.calendrier.debut
        au = au or min(vs.calendrier.fin, horloge.maintenant().date())
    if du is None or au is None:
        raise Refus(404, "NotFound", "Pas d'emploi du temps dans cet établissement.")
    return du, au


def _eleve_visible(annuaire, lecteur, ident):
    eleve = annuaire.personne(ident) if annuaire is not None and ident else None
    if eleve is None or eleve.categorie != "Eleve" or not (lecteur.admin or acces.voit_eleve(annuaire, lecteur.personne, eleve)):
        raise Refus(401 if lecteur.anonyme else 403, "Unauthorized", "Vous ne pouvez pas consulter les absences de cet élève.")
    return eleve


def lire(vs, annuaire, structure, lecteur, ident, du, au):
    eleve = _eleve_visible(annuaire, lecteur, ident)
    compte, marques = decompte(vs, eleve, structure, du, au)
    # families see a motive's label only when the establishment says it may be shown to them
    famille = lecteur.personne is not None and lecteur.personne.categorie in ("Eleve", "PersRelEleve")
    items = []
    for occ, marque, code in marques:
        motif = vs.motifs.get(code) if code else None
        montre = motif is not None and (not famille or motif["visible_familles"])
        items.append({
            "cle": occ.cle, "date": occ.date.isoformat(), "debut": occ.debut, "fin": occ.fin, "annule": occ.annule,
            **marque,
            "motif": {"code": code, "libelle": motif["libelle"], "recevable": motif["recevable"]} if montre
            else ({"code": None, "libelle": "Motif enregistré par l'établissement"} if motif is not None else None),
        })
    return {"eleve": eleve.id, "nom": eleve.nom_complet, "du": du.isoformat(), "au": au.isoformat(), "decompte": compte,
            "reglages": reglages_de_la_periode(vs, du, au), "evenements": items}


def reglages_de_la_periode(vs, du, au):
    """How the period was counted: one item per stretch of constant settings (French words in ``texte``)."""
    return [{"du": debut.isoformat(), "au": fin.isoformat(), **reglages.en_dict(), "texte": en_mots(reglages)}
            for debut, fin, reglages in vs.chronologie_decompte().periodes(du, au)]


def motiver(etablissement, pour_ecrire, annuaire, structure, lecteur, donnees):
    lecteur.exiger_vie_scolaire(structure, "Seule la vie scolaire donne un motif aux absences.")
    if not isinstance(donnees, dict) or not isinstance(donnees.get("cles"), list):
        raise Refus(400, "BadRequest", "Corps attendu : {\"eleve\": …, \"cles\": [clés des cours], \"motif\": code}.")
    eleve = _eleve_visible(annuaire, lecteur, donnees.get("eleve"))
    vs = pour_ecrire(etablissement)
    code = donnees.get("motif")
    if code is not None and code not in vs.motifs:
        raise Refus(400, "BadRequest", f"Motif inconnu « {code} » ({', '.join(vs.motifs.keys())}).")
    quand = horloge.maintenant().isoformat(timespec="seconds")
    for cle in donnees["cles"]:
        appel = vs.appels.get(cle) if isinstance(cle, str) else None
        marque = appel.marques.get(eleve.id) if appel is not None else None
        if marque is None or marque["type"] != "absence":
            raise Refus(400, "BadRequest", f"Pas d'absence de cet élève au cours {cle}.")
    for cle in donnees["cles"]:
        avant = vs.motifs_absences.get((eleve.id, cle))
        if avant == code:
            continue
        if code is None:
            del vs.motifs_absences[(eleve.id, cle)]
        else:
            vs.motifs_absences[(eleve.id, cle)] = code
        vs.journal_motifs.append((quand, lecteur.login, eleve.id, cle, avant, code))
    du, au = periode(vs, {})
    return lire(vs, annuaire, structure, lecteur, eleve.id, du, au)
