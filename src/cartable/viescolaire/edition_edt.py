"""The direction imports and edits an establishment's timetable: checks, audit, who is told.

Thin around cartable.regles.import_edt and cartable.regles.edition_edt. Every
write is audited in the VieScolaire's ``journal_edt`` (who, when, action,
before, after), created on first write so that records made before it need no
upgrade. A slot is never deleted: a change or a removal ends it the day before
the change takes effect (today, or the day after its last register already
taken), so past registers keep their slot and stay counted. A change touching the next 7 days is handed to a background task
(cartable.viescolaire.notifications) that tells the students, their parents
and the teachers before and after: nothing is fanned out inside the request.
"""

import base64
import binascii
from dataclasses import replace
from datetime import timedelta

from persistent.list import PersistentList

from cartable.core import horloge
from cartable.core.refus import Refus
from cartable.regles import acces, import_edt
from cartable.regles import edition_edt as regles
from cartable.regles import journal_edt as journal_regles
from cartable.regles.emploi_du_temps import JOURS, date_effet, lire_cle, occurrence, occurrences, sans_periode, terminer
from cartable.viescolaire.bureau import matiere as nom_matiere  # the subject as people write it

TACHE_CHANGEMENTS = "cartable.viescolaire.notifications.notifier_changements_edt"


def exiger_direction(lecteur, structure):
    """The direction of the establishment or the regional administrator: the CPE read, they do not edit."""
    if not (lecteur.admin or acces.est_direction(lecteur.personne, structure)):
        raise Refus(401 if lecteur.anonyme else 403, "Forbidden",
                    "Seules la direction de l'établissement et l'administration régionale modifient l'emploi du temps.")


def referentiel(annuaire, structure):
    """The callback of import_edt.verifier: does this class/group, subject or teacher exist here?"""
    divisions = set(annuaire.divisions_de(structure, "classe")) | set(annuaire.divisions_de(structure, "groupe"))

    def connu(genre, code):
        if genre == "division":
            return code in divisions
        if genre == "matiere":
            return code in annuaire.matieres
        personne = annuaire.personne(code)
        return personne is not None and acces.est_personnel(personne, structure)

    return connu


def creneau_json(c):
    return {"id": c.id, "jour": JOURS[c.jour], "debut": c.debut, "fin": c.fin, "division": c.division[1], "matiere": c.matiere,
            "enseignants": list(c.enseignants), "salle": c.salle, "semaine": c.semaine or "",
            "du": c.du.isoformat() if c.du else None, "au": c.au.isoformat() if c.au else None}


def modification_json(m):
    if m is None:
        return None
    return {"annule": m.annule, "motif": m.motif, "date": m.date.isoformat() if m.date else None, "debut": m.debut, "fin": m.fin,
            "salle": m.salle, "remplacants": list(m.remplacants) if m.remplacants is not None else None}


def journal(vs):
    """The timetable's audit, oldest first (empty before the first change; never writes)."""
    return list(getattr(vs, "journal_edt", ())) if vs is not None else []


def nom_de_login(annuaire, login):
    """Who acted, by name: the directory's person of that login, else the region's administration."""
    personne = annuaire.par_login(login) if annuaire is not None and login else None
    return personne.nom_complet if personne is not None else "l'administration régionale"


def journal_en_mots(vs, annuaire, structure):
    """The journal, oldest first, each entry with ``phrase`` (a French sentence, names never codes) and ``quand_mots``."""
    aujourd_hui = horloge.aujourd_hui()

    def personne(ident):
        fiche = annuaire.personne(ident) if annuaire is not None else None
        return fiche.nom_complet if fiche is not None else "un enseignant"

    def matiere(code):
        return nom_matiere(annuaire, code) if annuaire is not None and code else code

    def cours(entree):
        cle = (entree.get("avant") or entree.get("apres") or {}).get("cle")
        origine = lire_cle(cle) if isinstance(cle, str) else None
        creneau = vs.creneau_de(origine[1], origine[0]) if origine is not None else None
        if creneau is None:
            return None
        genre = "classe" if annuaire is not None and (structure, "classe", creneau.division[1]) in annuaire.divisions else "groupe"
        return journal_regles.description_cours(matiere(creneau.matiere), creneau.division[1], origine[0], creneau.debut,
                                                genre=genre, annee=aujourd_hui.year)

    return [{**e, "qui_nom": nom_de_login(annuaire, e.get("qui")), "quand_mots": journal_regles.quand(e, aujourd_hui),
             "phrase": journal_regles.phrase(e, qui=nom_de_login(annuaire, e.get("qui")), cours=cours(e), matiere=matiere,
                                             personne=personne, annee=aujourd_hui.year)}
            for e in journal(vs)]


def auditer(vs, lecteur, action, avant, apres, **precisions):
    if getattr(vs, "journal_edt", None) is None:
        vs.journal_edt = PersistentList()
    vs.journal_edt.append({"quand": horloge.maintenant().isoformat(timespec="seconds"), "qui": lecteur.login, "action": action,
                           "avant": avant, "apres": apres, **precisions})


def _jours_occupes(vs):
    """slot id → days from today on that already hold a register or an ended version of it."""
    aujourd_hui = horloge.maintenant().date()
    jours = {}
    for cle, appel in vs.appels.items(min=f"{aujourd_hui.isoformat()}@"):
        origine = lire_cle(cle)
        if origine is not None and not appel.vierge():  # the morning's empty register holds nothing (preparation.py)
            jours.setdefault(origine[1], []).append(origine[0])
    for (ident, _), ancien in (vs.creneaux_termines.items() if vs.creneaux_termines is not None else ()):
        jours.setdefault(ident, []).append(ancien.au)
    return jours


def _effet(jours_occupes, ids):
    """The day a change of these slots takes effect: never over a register already taken."""
    return date_effet(horloge.maintenant().date(), [j for i in ids for j in jours_occupes.get(i, ())])


def _remplacer(vs, ancien, nouveau, effet, ouvert=False):
    """End ``ancien`` the day before ``effet`` (kept with its history) and put ``nouveau`` from ``effet`` (or all year)."""
    if ancien is not None:
        del vs.creneaux[ancien.id]
        termine = terminer(ancien, effet)
        if termine is not None:
            vs.terminer_creneau(termine)
    if nouveau is not None:
        vs.creneaux[nouveau.id] = replace(nouveau, du=None if ouvert else effet, au=None)


# -- import ------------------------------------------------------------------


def _lire_demande(donnees):
    if not isinstance(donnees, dict) or not isinstance(donnees.get("fichier"), str) or not isinstance(donnees.get("nom"), str):
        raise Refus(400, "BadRequest", "Corps attendu : {\"fichier\": contenu en base64, \"nom\": \"edt.csv\", \"confirmer\": faux}.")
    if not isinstance(donnees.get("confirmer", False), bool):
        raise Refus(400, "BadRequest", "« confirmer » vaut vrai ou faux.")
    try:
        return base64.b64decode(donnees["fichier"], validate=True), donnees["nom"], donnees.get("confirmer", False)
    except (binascii.Error, ValueError):
        raise Refus(400, "BadRequest", "« fichier » n'est pas du base64 valide.") from None


def creneau_en_mots(annuaire):
    """A slot (``creneau_json``) → « mathématiques de la 3A le lundi de 8 h à 9 h, avec David Mathieu »: names from
    the directory; a subject or teacher it does not know is said unknown (the line's error gives its code)."""

    def matiere(code):
        if not code:
            return ""  # a slot without a subject: « cours de la 3A … »
        return nom_matiere(annuaire, code) if annuaire is not None and code in annuaire.matieres else "matière inconnue"

    def personne(ident):
        fiche = annuaire.personne(ident) if annuaire is not None else None
        return fiche.nom_complet if fiche is not None else "un enseignant inconnu"

    return lambda creneau: journal_regles.description_creneau(creneau, matiere, personne)


def _ligne_json(ligne, en_mots):
    """One line of the import's report: ``contenu``, the slot it reads in words (empty when the line could not be
    read as a slot: then ``source``, the file's raw line, is what helps find the error)."""
    statut = "erreur" if ligne.erreurs else ("retenue" if ligne.creneau is not None else "ignoree")
    creneau = creneau_json(ligne.creneau) if ligne.creneau is not None else None
    return {"numero": ligne.numero, "source": ligne.source, "statut": statut, "erreurs": list(ligne.erreurs),
            "remarque": ligne.remarque, "creneau": creneau, "contenu": en_mots(creneau) if creneau is not None else ""}


def _avec_appels(vs, ids):
    """Of the slots ``ids``, those with at least one register taken (registers are never deleted; the morning's
    empty ones, preparation.py, hold nothing)."""
    suffixes = {f"@{i}" for i in ids}
    return sorted({cle.split("@", 1)[1] for cle in vs.appels.keys()
                   if cle[cle.find("@"):] in suffixes and not vs.appels[cle].vierge()}) if ids else []


def importer(vs, ecrire, annuaire, structure, lecteur, donnees, site_path):
    """Dry run (every line's fate) or, confirmed and without error, replace the slots at once. → (status, answer)"""
    exiger_direction(lecteur, structure)
    contenu, nom, confirmer = _lire_demande(donnees)
    calendrier = vs.calendrier if vs is not None else None
    try:
        lignes = import_edt.lire_fichier(nom, contenu, structure, calendrier.type_semaine if calendrier else None)
    except import_edt.FichierInvalide as exc:
        raise Refus(400, "FichierInvalide", str(exc)) from None
    lignes = import_edt.verifier(lignes, referentiel(annuaire, structure))
    actuels = dict(vs.creneaux.items()) if vs is not None else {}
    bilan = import_edt.bilan(lignes, actuels)
    en_mots = creneau_en_mots(annuaire)
    erreurs = sum(1 for ligne in lignes if ligne.erreurs)
    rapport = {"nom": nom, "confirme": confirmer, "ecrit": False, "erreurs": erreurs, "bilan": bilan,
               "retires_avec_appels": _avec_appels(vs, bilan["retires"]) if vs is not None else [],
               "lignes": [_ligne_json(ligne, en_mots) for ligne in lignes]}
    rapport["retires_avec_appels_mots"] = [en_mots(creneau_json(actuels[i])) for i in rapport["retires_avec_appels"] if i in actuels]
    if not any(ligne.retenue for ligne in lignes) and not erreurs:
        raise Refus(400, "FichierInvalide", "Le fichier ne contient aucun créneau.")
    if erreurs:
        rapport["message"] = f"{erreurs} ligne(s) en erreur : rien n'est importé."
        return (400 if confirmer else 200), rapport
    if not confirmer:
        rapport["message"] = "Simulation : rien n'est encore écrit."
        return 200, rapport
    if not (bilan["ajoutes"] or bilan["modifies"] or bilan["retires"]):
        rapport["message"] = "Aucun changement : l'emploi du temps est déjà celui du fichier."
        return 200, rapport
    vs = ecrire()
    nouveaux = {ligne.creneau.id: ligne.creneau for ligne in lignes if ligne.retenue}
    avant = [creneau_json(actuels[i]) for i in bilan["modifies"] + bilan["retires"]]
    premier = not actuels and vs.creneaux_termines is None  # a first timetable covers the whole year
    occupes = _jours_occupes(vs)
    effets = {i: _effet(occupes, [i]) for i in bilan["ajoutes"] + bilan["modifies"] + bilan["retires"]}
    for ident in bilan["retires"]:
        _remplacer(vs, actuels[ident], None, effets[ident])
    for ident in bilan["modifies"]:
        _remplacer(vs, actuels[ident], nouveaux[ident], effets[ident])
    for ident in bilan["ajoutes"]:
        _remplacer(vs, None, nouveaux[ident], effets[ident], ouvert=premier)
    apres = [creneau_json(vs.creneaux[i]) for i in bilan["modifies"] + bilan["ajoutes"]]
    rapport["effets"] = {i: effet.isoformat() for i, effet in sorted(effets.items())}
    auditer(vs, lecteur, "import", {"fichier": nom, "creneaux": avant}, {"creneaux": apres}, effets=rapport["effets"])
    changes = [actuels[i] for i in bilan["modifies"] + bilan["retires"]] + [nouveaux[i] for i in bilan["modifies"] + bilan["ajoutes"]]
    rapport["notifies"] = _signaler(vs, structure, lecteur, site_path, _prochaines(vs, changes), "L'emploi du temps a changé")
    rapport["ecrit"] = True
    rapport["message"] = (f"Emploi du temps importé : {len(bilan['ajoutes'])} ajouté(s), {len(bilan['modifies'])} modifié(s), "
                          f"{len(bilan['retires'])} retiré(s). Les appels déjà faits gardent leur créneau et restent comptés.")
    return 200, rapport


# -- direction's edits ---------------------------------------------------------


def modifier(vs, ecrire, annuaire, structure, lecteur, donnees, site_path):
    """One action of the direction (see cartable.regles.edition_edt.ACTIONS); refused → nothing written."""
    exiger_direction(lecteur, structure)
    if not isinstance(donnees, dict) or donnees.get("action") not in regles.ACTIONS:
        raise Refus(400, "BadRequest", f"« action » attendue parmi : {', '.join(regles.ACTIONS)}.")
    if vs is None or vs.calendrier is None:
        raise Refus(409, "SansCalendrier", "Cet établissement n'a pas encore de calendrier scolaire.")
    action = donnees["action"]
    try:
        if action in regles.ACTIONS_CRENEAU:
            return _action_creneau(vs, ecrire, annuaire, structure, lecteur, donnees, site_path)
        if action in regles.ACTIONS_OCCURRENCE:
            return _action_occurrence(vs, ecrire, annuaire, structure, lecteur, donnees, site_path)
        return _action_fermeture(vs, ecrire, structure, lecteur, donnees, site_path)
    except (regles.ActionInvalide, ValueError) as exc:
        raise Refus(400, "BadRequest", str(exc)) from None


def _verifier_references(annuaire, structure, creneau=None, enseignants=()):
    connu = referentiel(annuaire, structure)
    erreurs = []
    if creneau is not None:
        if not connu("division", creneau.division[1]):
            erreurs.append(f"classe ou groupe inconnu : {creneau.division[1]}")
        if creneau.matiere and not connu("matiere", creneau.matiere):
            erreurs.append(f"matière inconnue : {creneau.matiere}")
        enseignants = creneau.enseignants
    erreurs += [f"enseignant inconnu : {e}" for e in enseignants if not connu("enseignant", e)]
    if erreurs:
        raise Refus(400, "BadRequest", "Refusé : " + " ; ".join(erreurs) + ".")


def _action_creneau(vs, ecrire, annuaire, structure, lecteur, donnees, site_path):
    action = donnees["action"]
    ancien = None
    if action != "ajouter_creneau":
        if not isinstance(donnees.get("id"), str):
            raise Refus(400, "BadRequest", "« id » du créneau attendu (texte).")
        ancien = vs.creneaux.get(donnees["id"])
        if ancien is None:
            raise Refus(404, "NotFound", f"Créneau introuvable : « {donnees.get('id')} ».")
    nouveau = None
    if action != "retirer_creneau":
        if not isinstance(donnees.get("creneau"), dict):
            raise Refus(400, "BadRequest", "« creneau » attendu : {jour, debut, fin, division, matiere, enseignants, salle, semaine}.")
        nouveau = import_edt.creneau_depuis(donnees["creneau"], structure)
        _verifier_references(annuaire, structure, nouveau)
        if nouveau.id in vs.creneaux and (ancien is None or nouveau.id != ancien.id):
            raise Refus(409, "Conflit", f"Un créneau {nouveau.id} existe déjà.")
        autres = [c for c in vs.creneaux.values() if ancien is None or c.id != ancien.id]
        conflits = import_edt.conflits(nouveau, autres)
        if conflits:
            raise Refus(409, "Conflit", "Refusé : " + " ; ".join(conflits) + ".")
    if ancien is not None and nouveau is not None and sans_periode(ancien) == nouveau:
        return {"action": action, "change": False, "avant": creneau_json(ancien), "apres": creneau_json(ancien), "notifies": False}
    effet = _effet(_jours_occupes(vs), {c.id for c in (ancien, nouveau) if c is not None})
    vs = ecrire()
    _remplacer(vs, ancien, nouveau, effet)
    avant = creneau_json(ancien) if ancien is not None else None
    apres = creneau_json(vs.creneaux[nouveau.id]) if nouveau is not None else None
    auditer(vs, lecteur, action, avant, apres, effet=effet.isoformat())
    touches = _prochaines(vs, [sans_periode(c) for c in (ancien, nouveau) if c is not None])
    return {"action": action, "change": True, "avant": avant, "apres": apres, "effet": effet.isoformat(),
            "notifies": _signaler(vs, structure, lecteur, site_path, touches, "Changement d'emploi du temps")}


def _action_occurrence(vs, ecrire, annuaire, structure, lecteur, donnees, site_path):
    cle = donnees.get("cle")
    if not isinstance(cle, str):
        raise Refus(400, "BadRequest", "« cle » du cours attendue (texte, AAAA-MM-JJ@créneau).")
    avant = vs.occurrence(cle)
    if avant is None:
        raise Refus(404, "NotFound", f"Cours introuvable : « {cle} ».")
    ancienne = vs.modifications.get(cle)
    nouvelle = regles.modification_apres(ancienne, donnees)
    if nouvelle is not None and nouvelle.remplacants:
        _verifier_references(annuaire, structure, enseignants=nouvelle.remplacants)
    jour_original = lire_cle(cle)[0]  # modifications are keyed by the original day
    apres = occurrence(vs.creneau_de(avant.creneau, jour_original), vs.calendrier, jour_original, nouvelle)
    if donnees["action"] == "deplacer" and vs.calendrier.fermeture(apres.date) is not None:
        raise Refus(409, "Conflit", f"Le {apres.date.isoformat()} est un jour de fermeture ({vs.calendrier.fermeture(apres.date).libelle}).")
    voisins = [o for o in vs.occurrences(apres.date - timedelta(days=14), apres.date + timedelta(days=14)) if o.cle != cle]
    conflits = regles.conflits_du_jour(apres, voisins)
    if conflits:
        raise Refus(409, "Conflit", "Refusé : " + " ".join(conflits))
    if nouvelle == ancienne:
        return {"action": donnees["action"], "change": False, "avant": modification_json(ancienne), "apres": modification_json(nouvelle),
                "notifies": False}
    vs = ecrire()
    vs.poser_modification(cle, nouvelle)  # also indexed by the day it is held
    auditer(vs, lecteur, donnees["action"], {"cle": cle, "modification": modification_json(ancienne)},
            {"cle": cle, "modification": modification_json(nouvelle)})
    touches = [o for o in (avant, apres) if regles.proche([o.date], horloge.maintenant().date())]
    return {"action": donnees["action"], "change": True, "cle": cle, "avant": modification_json(ancienne),
            "apres": modification_json(nouvelle),
            "notifies": _signaler(vs, structure, lecteur, site_path, touches, "Changement d'emploi du temps")}


def _action_fermeture(vs, ecrire, structure, lecteur, donnees, site_path):
    avant = vs.calendrier.fermetures
    fermetures = regles.fermetures_apres(avant, donnees)
    du, au = regles.lire_date(donnees.get("du"), "du"), regles.lire_date(donnees.get("au"), "au")
    aujourd_hui = horloge.maintenant().date()
    debut, fin = max(du, aujourd_hui), min(au, aujourd_hui + timedelta(days=regles.HORIZON_NOTIFICATION))
    touches = [o for o in vs.occurrences(debut, fin) if not o.annule] if debut <= fin else []
    vs = ecrire()
    vs.calendrier = replace(vs.calendrier, fermetures=fermetures)
    if donnees["action"] == "retirer_fermeture":
        touches = [o for o in vs.occurrences(debut, fin) if not o.annule] if debut <= fin else []
    en_json = lambda fs: [{"du": f.du.isoformat(), "au": f.au.isoformat(), "libelle": f.libelle} for f in fs]  # noqa: E731
    auditer(vs, lecteur, donnees["action"], {"fermetures": en_json(avant)}, {"fermetures": en_json(fermetures)})
    return {"action": donnees["action"], "change": True, "fermetures": en_json(fermetures),
            "notifies": _signaler(vs, structure, lecteur, site_path, touches, "Fermeture de l'établissement")}


# -- who is told -------------------------------------------------------------


def _prochaines(vs, creneaux):
    """The occurrences of these slots from today to the notification horizon."""
    if vs.calendrier is None or not creneaux:
        return []
    aujourd_hui = horloge.maintenant().date()
    return occurrences(creneaux, vs.calendrier, {}, aujourd_hui, aujourd_hui + timedelta(days=regles.HORIZON_NOTIFICATION))


def _signaler(vs, structure, lecteur, site_path, touches, titre):
    """Queue one task (after commit) that notifies the classes and teachers of ``touches``; False when nothing is near."""
    if not touches or site_path is None:
        return False
    from cartable.core import tasks

    par_division = {}
    for o in touches:
        entree = par_division.setdefault(o.division[1], {"division": o.division[1], "enseignants": set(), "seances": set()})
        entree["enseignants"].update(o.enseignants)
        entree["seances"].add(f"{o.date.isoformat()} {o.debut}-{o.fin}")
    # the teachers before the change are in the old occurrences, those after in the new ones
    changements = [{"division": e["division"], "enseignants": sorted(e["enseignants"]), "seances": sorted(e["seances"])}
                   for e in par_division.values()]
    tasks.enqueue(TACHE_CHANGEMENTS, site_path, lecteur.login,
                  {"structure": structure, "titre": titre, "quand": horloge.maintenant().isoformat(timespec="seconds"),
                   "changements": changements})
    return True
