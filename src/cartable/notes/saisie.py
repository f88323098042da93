"""The grade-entry grid: a division × the evaluations of a subject and period, with appreciations.

A save carries cells and appreciations, each with the value the teacher's
screen started from (``base``). The later save always wins; when it replaces
somebody else's value, the answer says whose, and the earlier author sees it
on their next refresh (``par`` changed) — nothing is silently lost. Every
change is journaled (who, when, before, after); a replayed save (same
Idempotency-Key) returns the first answer and writes nothing.

An appreciation is its student's fiche (cartable.notes.registre.Fiche), made
with those of the whole class on the class's first one, and the answers are
kept in the teacher's own tree: two teachers saving at once write nothing in
common.
"""

import time
from decimal import Decimal

from cartable.core import horloge, idempotence
from cartable.core.refus import Refus
from cartable.notes import droits
from cartable.notes.evaluations import cloturee, refus_acces
from cartable.notes.registre import fiche_pour_ecrire, noter_modification, reponses_de
from cartable.regles.dates_fr import date_fr
from cartable.regles.releve import moyennes_division, texte
from cartable.regles.saisie_notes import SaisieRefusee, afficher, lire_saisie

LONGUEUR_APPRECIATION = 1000


def _unique():
    """Journal keys start with the time in seconds; nanoseconds keep the order within one second."""
    return time.time_ns()


def canonique(valeur) -> str | None:
    """What is stored: "12.5", "0", a code, or None."""
    if valeur is None or isinstance(valeur, str):
        return valeur
    return f"{valeur.normalize():f}"


def montrer(valeur) -> str:
    return afficher(Decimal(valeur) if valeur and valeur[0].isdigit() else valeur)


def grille(carnet, annuaire, lecteur, structure, division, matiere, periode):
    """The grid as the screen shows it (never writes)."""
    if not division or not matiere or not periode:
        raise Refus(400, "BadRequest", "Précisez division=, matiere= et periode=.")
    if not (lecteur.admin or droits.lit_division(annuaire, lecteur.personne, structure, division, matiere)):
        raise refus_acces(lecteur, "Vous ne pouvez pas consulter les notes de cette classe dans cette matière.")
    if carnet is None or periode not in carnet.periodes:
        raise Refus(404, "NotFound", "Période inconnue : la direction doit d'abord définir les périodes.")
    evaluations = sorted(carnet.evaluations_de(division, periode, matiere), key=lambda e: (e.date, e.titre))
    eleves = annuaire.inscrits(structure, division)
    ferme = cloturee(carnet, periode)
    moyennes = moyennes_division(carnet, [e.id for e in eleves], matiere, periode, evaluations)
    matiere_enr = annuaire.matieres.get(matiere)
    return {
        "division": division, "matiere": matiere, "periode": periode,
        "libelle_matiere": matiere_enr.valeur("ENTLibelleMatiere") if matiere_enr is not None else matiere,
        "cloturee": ferme,
        "modifiable": lecteur.admin or droits.peut_saisir(lecteur.personne, structure, division, matiere, ferme),
        "eleves": [{"id": e.id, "nom": e.nom, "prenom": e.prenom} for e in eleves],
        "evaluations": [
            {"id": e.id, "titre": e.titre, "date": e.date.isoformat(), "date_texte": date_fr(e.date), "periode": e.periode,
             "coefficient": e.coefficient, "bareme": e.bareme, "facultative": e.facultative, "publiee": e.publiee,
             "compte": e.compte, "devoir": e.devoir is not None, "vide": not len(e.saisies), "modifications": len(e.journal),
             "notee": e.notee, "competences": list(e.competences)}
            for e in evaluations
        ],
        "periodes": [{"code": p["code"], "libelle": p["libelle"], "du": p["du"].isoformat(), "au": p["au"].isoformat()}
                     for p in carnet.periodes.values()],
        "aujourd_hui": horloge.aujourd_hui().isoformat(),
        "saisies": {
            e.id: {eleve: {"valeur": montrer(v), "par": par, "le": le} for eleve, (v, par, le) in e.saisies.items()}
            for e in evaluations
        },
        "appreciations": {
            eleve.id: {"texte": a["texte"], "par": a["par"], "le": a["le"]}
            for eleve in eleves
            if (a := carnet.appreciations.get((periode, matiere, eleve.id)))  # a fiche made ahead is empty: none
        },
        "moyennes": {ident: texte(m) for ident, m in moyennes.items()},
    }


def _qui(lecteur):
    return lecteur.login


def _cellule(carnet, annuaire, lecteur, structure, inscrits, cellule, quand):
    """One cell: (result dict). Refusals are per cell: the others are saved."""
    ident, eleve = cellule.get("evaluation"), cellule.get("eleve")
    evaluation = carnet.evaluations.get(ident) if isinstance(ident, str) else None
    if not isinstance(eleve, str):
        return {"evaluation": ident if isinstance(ident, str) else None, "eleve": None, "statut": "refuse", "message": "Élève attendu (un identifiant)."}
    resultat = {"evaluation": ident, "eleve": eleve}
    if evaluation is None:
        return {**resultat, "statut": "refuse", "message": "Évaluation introuvable."}
    if not (lecteur.admin or droits.peut_saisir(lecteur.personne, structure, evaluation.division, evaluation.matiere,
                                               cloturee(carnet, evaluation.periode))):
        return {**resultat, "statut": "refuse", "message": "Vous ne pouvez pas saisir dans cette évaluation (période close ?)."}
    if not evaluation.notee:
        return {**resultat, "statut": "refuse", "message": "Évaluation sans note : positionnez les élèves sur ses compétences."}
    if evaluation.division not in inscrits:
        inscrits[evaluation.division] = set(annuaire.eleves(structure, evaluation.division))
    if eleve not in inscrits[evaluation.division]:
        return {**resultat, "statut": "refuse", "message": "Cet élève n'est pas dans cette classe."}
    try:
        valeur = canonique(lire_saisie(str(cellule.get("valeur") or ""), evaluation.bareme))
    except SaisieRefusee as exc:
        return {**resultat, "statut": "refuse", "message": str(exc)}
    actuel = evaluation.saisies.get(eleve)
    avant, auteur = (actuel[0], actuel[1]) if actuel is not None else (None, None)
    if avant == valeur:
        return {**resultat, "statut": "inchange", "valeur": montrer(valeur) if valeur else ""}
    base = cellule.get("base")
    ecrase = None
    if auteur not in (None, _qui(lecteur)) and (base or "") != (montrer(avant) if avant else ""):
        ecrase = {"par": auteur, "valeur": montrer(avant) if avant else ""}
    if valeur is None:
        del evaluation.saisies[eleve]
    else:
        evaluation.saisies[eleve] = (valeur, _qui(lecteur), quand)
    evaluation.journal[(quand, _unique(), eleve)] = (_qui(lecteur), avant, valeur)
    return {**resultat, "statut": "enregistre", "valeur": montrer(valeur) if valeur else "", "ecrase": ecrase}


def _appreciation(carnet, annuaire, lecteur, structure, donnee, quand):
    periode, matiere, eleve = donnee.get("periode"), donnee.get("matiere"), donnee.get("eleve")
    division = donnee.get("division")
    if not all(isinstance(v, str) for v in (periode, matiere, eleve, division)):
        return {"periode": None, "matiere": None, "eleve": None, "statut": "refuse", "message": "periode, division, matiere et eleve attendus (textes)."}
    resultat = {"periode": periode, "matiere": matiere, "eleve": eleve}
    if periode not in carnet.periodes:
        return {**resultat, "statut": "refuse", "message": "Période inconnue."}
    if not (lecteur.admin or droits.peut_saisir(lecteur.personne, structure, division, matiere, cloturee(carnet, periode))):
        return {**resultat, "statut": "refuse", "message": "Vous ne pouvez pas écrire cette appréciation (période close ?)."}
    inscrits = annuaire.eleves(structure, division)
    if eleve not in set(inscrits):
        return {**resultat, "statut": "refuse", "message": "Cet élève n'est pas dans cette classe."}
    texte = str(donnee.get("texte") or "").strip()
    if len(texte) > LONGUEUR_APPRECIATION:
        return {**resultat, "statut": "refuse", "message": f"Appréciation trop longue ({len(texte)} caractères, {LONGUEUR_APPRECIATION} au plus)."}
    cle = (periode, matiere, eleve)
    actuelle = carnet.appreciations.get(cle)
    avant = actuelle.get("texte", "") if actuelle else ""
    if avant == texte:
        return {**resultat, "statut": "inchange", "texte": texte}
    ecrase = None
    if actuelle and actuelle.get("par") != _qui(lecteur) and (donnee.get("base") or "") != avant:
        ecrase = {"par": actuelle.get("par"), "texte": avant}
    fiche = fiche_pour_ecrire(carnet.appreciations, cle, [(periode, matiere, e) for e in inscrits])
    # an appreciation erased leaves its fiche empty (read as none), its journal says who erased it
    fiche.ecrire({"division": division, "texte": texte, "par": _qui(lecteur), "le": quand} if texte else {},
                 _qui(lecteur), quand, avant, texte)
    noter_modification(carnet, periode, division, quand)
    return {**resultat, "statut": "enregistre", "texte": texte, "ecrase": ecrase}


SERVICE = "@saisie-notes"


def enregistrer(carnet, annuaire, lecteur, structure, donnees, cle_idempotence):
    """Apply a save of the grid; a known Idempotency-Key returns the first answer."""
    connue = reponse_connue(carnet, lecteur.login, cle_idempotence)
    if connue is not None:
        return connue
    if not isinstance(donnees, dict) or not isinstance(donnees.get("cellules", []), list) or not isinstance(donnees.get("appreciations", []), list):
        raise Refus(400, "BadRequest", "Corps attendu : {\"cellules\": [{evaluation, eleve, valeur, base}], \"appreciations\": [...]}.")
    if not all(isinstance(c, dict) for c in donnees.get("cellules", []) + donnees.get("appreciations", [])):
        raise Refus(400, "BadRequest", "Chaque cellule et chaque appréciation est un objet.")
    if len(donnees.get("cellules", [])) + len(donnees.get("appreciations", [])) > 2000:
        raise Refus(400, "BadRequest", "Trop de cellules dans un seul envoi (2000 au plus).")
    quand = horloge.maintenant().isoformat(timespec="seconds")
    inscrits = {}  # division → its students, read once per save
    reponse = {
        "cellules": [_cellule(carnet, annuaire, lecteur, structure, inscrits, c, quand) for c in donnees.get("cellules", [])],
        "appreciations": [_appreciation(carnet, annuaire, lecteur, structure, a, quand) for a in donnees.get("appreciations", [])],
        "le": quand,
    }
    if lecteur.login and cle_idempotence:
        idempotence.retenir(reponses_de(carnet, lecteur.login, creer=True), lecteur.login, cle_idempotence, SERVICE, 200,
                            reponse)
    return reponse


def reponse_connue(carnet, login, cle):
    """The first answer of a batch under (login, key), or None (never writes): in the person's own tree, or
    in the carnet's shared one where answers were kept before."""
    if not login or not cle:
        return None
    connue = idempotence.reponse_connue(reponses_de(carnet, login), login, cle, SERVICE)
    if connue is not None:
        return connue[1]
    ancienne = carnet.reponses.get((login, cle))
    if ancienne is not None and "service" not in ancienne:
        return ancienne  # kept before answers were dated: the next daily pruning removes it
    connue = idempotence.reponse_connue(carnet.reponses, login, cle, SERVICE)
    return connue[1] if connue is not None else None


def magasins(site):
    """Every establishment's grid answers (``IMagasinsDeReponses``: pruned daily by the periodic tour)."""
    from cartable.annuaire.contenu import etablissements
    from cartable.notes.stockage import lire_carnet

    for etablissement in etablissements(site):
        carnet = lire_carnet(etablissement)
        yield carnet.reponses if carnet is not None else None
        yield from (getattr(carnet, "reponses_par_login", None) or {}).values()
