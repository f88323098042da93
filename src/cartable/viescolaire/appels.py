"""Registers and timetables of an establishment, as the REST services and the page use them.

Thin: the rules are in cartable.regles (appel, emploi_du_temps) and the
access model in cartable.regles.acces.
"""

from datetime import date, datetime

from cartable.core import horloge
from cartable.core.refus import Refus
from cartable.regles import acces
from cartable.regles import appel as regles
from cartable.viescolaire import notifications
from cartable.viescolaire.registre import Appel, ReponseGardee, reponse_gardee


def enseigne_occurrence(lecteur, occurrence):
    return lecteur.personne is not None and lecteur.personne.id in occurrence.enseignants


def verifier_droit(lecteur, structure, occurrence, etat):
    """The roll-call rule for this reader and this occurrence, today."""
    regles.verifier_droit(
        enseignant=enseigne_occurrence(lecteur, occurrence),
        vie_scolaire=lecteur.est_vie_scolaire(structure),
        etat=etat,
        jour_du_cours=occurrence.date,
        aujourd_hui=horloge.maintenant().date(),
    )


def _dispense(vs, eleve_id, occurrence):
    d = vs.dispense(eleve_id, occurrence.matiere, occurrence.date)
    return {"motif": d["motif"], "au": d["au"].isoformat()} if d is not None else None


def _nom(annuaire, ident):
    personne = annuaire.personne(ident)
    return personne.nom_complet if personne is not None else ident


def fiche(vs, annuaire, structure, occurrence, lecteur, url):
    """A register as the roll-call screen shows it (never writes)."""
    appel = vs.appels.get(occurrence.cle)
    marques = appel.marques if appel is not None else {}
    eleves = annuaire.inscrits(structure, occurrence.division[1])
    matiere = annuaire.matieres.get(occurrence.matiere)
    etat = appel.etat if appel is not None else "a_faire"
    try:
        verifier_droit(lecteur, structure, occurrence, etat)
        modifiable = not occurrence.annule
    except regles.ModificationRefusee:
        modifiable = False
    return {
        "@id": f"{url}/@appel/{occurrence.cle}",
        "cle": occurrence.cle,
        "date": occurrence.date.isoformat(),
        "debut": occurrence.debut,
        "fin": occurrence.fin,
        "division": {"code": occurrence.division[1], "libelle": annuaire.divisions_de(structure, "classe").get(occurrence.division[1])
                     or annuaire.divisions_de(structure, "groupe").get(occurrence.division[1], occurrence.division[1])},
        "matiere": matiere.valeur("ENTLibelleMatiere") if matiere is not None else occurrence.matiere,
        "enseignants": [_nom(annuaire, i) for i in occurrence.enseignants],
        "salle": occurrence.salle,
        "annule": occurrence.annule,
        "motif": occurrence.motif,
        "etat": etat,
        "modifiable": modifiable,
        "eleves": [
            {"id": ident, "nom": nom, "prenom": prenom, "marque": dict(marques[ident]) if ident in marques else None,
             "dispense": _dispense(vs, ident, occurrence)}
            for nom, prenom, ident in eleves
        ],
        # the audit (who, when, before, after) is the vie scolaire's
        "journal": [
            {"quand": q, "qui": qui, "eleve": e, "avant": avant, "apres": apres}
            for q, qui, e, avant, apres in (appel.journal if appel is not None else ())
        ] if lecteur.est_vie_scolaire(structure) else None,
    }


def occurrence_visible(vs, annuaire, structure, cle, lecteur):
    occurrence = vs.occurrence(cle) if vs is not None else None
    if occurrence is None:
        raise Refus(404, "NotFound", "Cours introuvable.")
    if not (enseigne_occurrence(lecteur, occurrence) or lecteur.est_vie_scolaire(structure)):
        raise Refus(401 if lecteur.anonyme else 403, "Unauthorized", "Seuls l'enseignant du cours et la vie scolaire voient cet appel.")
    return occurrence


def enregistrer(vs, annuaire, structure, occurrence, lecteur, donnees, cle_idempotence, url):
    """Apply a POST to a register; return the answer (the first one again for a known key)."""
    appel = vs.appels.get(occurrence.cle)
    if cle_idempotence and appel is not None:
        connue = appel.reponses.get(cle_idempotence)
        if connue is not None:
            return reponse_gardee(connue)
    if occurrence.annule:
        raise Refus(409, "CoursAnnule", f"Cours annulé ({occurrence.motif or 'sans motif'}) : pas d'appel.")
    if not isinstance(donnees, dict) or not isinstance(donnees.get("marques", {}), dict) or not isinstance(donnees.get("fait", False), bool):
        raise Refus(400, "BadRequest", "Corps attendu : {\"marques\": {élève: {\"type\": …}}, \"fait\": vrai ou faux}.")
    inscrits = set(annuaire.eleves(structure, occurrence.division[1]))
    changements = {}
    for eleve, marque in donnees.get("marques", {}).items():
        if eleve not in inscrits:
            raise Refus(400, "BadRequest", f"L'élève {eleve} n'est pas dans ce cours.")
        try:
            changements[eleve] = regles.lire_marque(marque)
        except regles.MarqueInvalide as exc:
            raise Refus(400, "BadRequest", str(exc)) from None
    etat = appel.etat if appel is not None else "a_faire"
    try:
        verifier_droit(lecteur, structure, occurrence, etat)
    except regles.ModificationRefusee as exc:
        raise Refus(403, "Forbidden", str(exc)) from None
    if appel is None:
        appel = vs.appels[occurrence.cle] = Appel(occurrence.cle)
    nouvelles, changes = regles.appliquer(dict(appel.marques), changements)
    quand = horloge.maintenant().isoformat(timespec="seconds")
    for eleve, avant, apres in changes:
        appel.journal.append((quand, lecteur.login, eleve, avant, apres))
    if changes:
        vs.poser_marques(appel, nouvelles)
    nouvel_etat = regles.etat_apres(appel.etat, donnees.get("fait", False), changes)
    if nouvel_etat == "fait" and appel.etat != "fait":
        appel.fait_par, appel.fait_le = lecteur.login, quand
    appel.etat = nouvel_etat
    notifications.apres_appel(vs, structure, appel, lecteur)  # the family's grouped notification, queued
    reponse = {**fiche(vs, annuaire, structure, occurrence, lecteur, url), "enregistre": True, "changements": len(changes)}
    if cle_idempotence:
        appel.reponses[cle_idempotence] = ReponseGardee(reponse)
    return reponse


def appels_du_jour(vs, annuaire, structure, jour: date, lecteur, url):
    """Registers of a day: the teacher's own, or all of them for the vie scolaire, with "non fait"."""
    tout = lecteur.est_vie_scolaire(structure)
    if not tout and (lecteur.personne is None or not acces.est_personnel(lecteur.personne, structure)):
        raise Refus(401 if lecteur.anonyme else 403, "Unauthorized", "Réservé aux personnels de l'établissement.")
    now = horloge.maintenant()
    result = []
    for occ in vs.occurrences(jour, jour) if vs is not None else []:
        if not tout and not enseigne_occurrence(lecteur, occ):
            continue
        appel = vs.appels.get(occ.cle)
        etat = appel.etat if appel is not None else "a_faire"
        debut = datetime.combine(occ.date, datetime.strptime(occ.debut, "%H:%M").time())
        result.append({
            "@id": f"{url}/@appel/{occ.cle}", "cle": occ.cle, "debut": occ.debut, "fin": occ.fin, "division": occ.division[1],
            "enseignants": [_nom(annuaire, i) for i in occ.enseignants], "annule": occ.annule, "motif": occ.motif,
            "etat": etat, "non_fait": regles.non_fait(etat, occ.annule, debut, now),
            "absents": sum(1 for m in (appel.marques.values() if appel is not None else ()) if m["type"] == "absence"),
        })
    return {"date": jour.isoformat(), "items": result}
