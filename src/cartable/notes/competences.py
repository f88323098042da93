"""Evaluation by skills (issue 17): the référentiel, positions on skills, period and end-of-cycle bilans.

The rules are pure modules: ``cartable.regles.socle`` (components, levels),
``cartable.regles.positionnement`` (the period's positionnement, the
end-of-cycle proposal), ``cartable.regles.competences_referentiel`` (items,
CSV). This module is the thin Zope side around them, on the establishment's
``Competences`` (``stockage.lire_competences``) and on each Evaluation
(``competences``, ``notee``, ``positions``).

Positions are saved like marks (``cartable.notes.saisie``): a batch of cells
each with the value the screen started from (``base``), the later save wins
and says whose value it replaced, every change is journaled, a refused cell
says why in French while the others are saved, and a replayed batch (same
Idempotency-Key) gets the first answer and writes nothing.

Who: the référentiel is read by the establishment's staff and edited by the
direction; positions and period bilans are written by whoever may write the
subject's marks (``droits.peut_saisir``); the end-of-cycle levels by the
direction (the class council's decision), the synthesis by the direction or
the class's professeur principal; a student and their parents read the
positions of published evaluations.
"""

import time

from BTrees.OOBTree import OOBTree

from cartable.core import horloge, idempotence
from cartable.core.refus import Refus
from cartable.notes import droits
from cartable.notes.evaluations import cloturee, refus_acces
from cartable.notes.referentiel_depart import items_de_depart
from cartable.regles import acces
from cartable.regles.competences_referentiel import ReferentielInvalide, ecrire_csv, lire_csv, lire_items
from cartable.regles.dates_fr import date_fr
from cartable.regles.positionnement import (
    elements_travailles,
    moyenne_niveaux,
    positionnement_periode,
    proposition_fin_de_cycle,
)
from cartable.regles.releve import divisions_eleve
from cartable.regles.socle import (
    CODES_COMPOSANTES,
    COMPOSANTES,
    NIVEAUX,
    NIVEAUX_PAR_CODE,
    NiveauInvalide,
    cycle_du_mef,
    lire_niveau,
)

SERVICE_SAISIE = "@saisie-competences"
LONGUEUR_SYNTHESE = 1500
ENSEIGNEMENTS_COMPLEMENT = ("AUC", "LCA", "LCE", "LCR", "CHK", "PRO", "LSF", "LVE")


def _unique():
    return time.time_ns()


def legende():
    """The levels as every page shows them: word, letters and colour (never colour alone)."""
    return [{"code": n.code, "libelle": n.libelle, "lettres": n.lettres, "couleur": n.couleur} for n in NIVEAUX]


def composantes_json():
    return [{"code": c.code, "domaine": c.domaine, "libelle": c.libelle} for c in COMPOSANTES]


def _niveau_json(code):
    if code is None:
        return None
    n = NIVEAUX_PAR_CODE[code]
    return {"code": n.code, "libelle": n.libelle, "lettres": n.lettres, "couleur": n.couleur}


def _libelle_matiere(annuaire, matiere):
    enregistrement = annuaire.matieres.get(matiere) if annuaire is not None else None
    return enregistrement.valeur("ENTLibelleMatiere") if enregistrement is not None else matiere


# -- référentiel --------------------------------------------------------------------------------


def items(comp, matiere=None, cycle=None):
    if comp is None:
        return []
    return sorted((dict(i) for i in comp.referentiel.values()
                   if (matiere is None or i["matiere"] == matiere) and (cycle is None or i["cycle"] == cycle)),
                  key=lambda i: (i["matiere"], i["cycle"], i["id"]))


def _item_json(item, annuaire=None):
    return {**item, "composantes": list(item["composantes"]),
            **({"libelle_matiere": _libelle_matiere(annuaire, item["matiere"])} if annuaire is not None else {})}


def lire_referentiel(comp, annuaire, lecteur, structure, form):
    """The référentiel (staff of the establishment); ``format=csv`` for the CSV text."""
    if not (lecteur.admin or acces.est_personnel(lecteur.personne, structure)):
        raise refus_acces(lecteur, "Le référentiel de compétences est réservé aux personnels de l'établissement.")
    cycle = form.get("cycle")
    cycle = int(cycle) if isinstance(cycle, str) and cycle in ("3", "4") else None
    liste = items(comp, form.get("matiere") or None, cycle)
    return {"items": [_item_json(i, annuaire) for i in liste], "composantes": composantes_json(), "csv": ecrire_csv(liste)}


def ecrire_referentiel(comp, carnet, lecteur, structure, donnees):
    """Direction: ``{"items": [...]}`` adds or replaces items, ``{"csv": "..."}`` the same from a CSV, ``{"depart": true}``
    adds the starter référentiel's items it does not have (``referentiel_depart``),
    ``{"supprimer": [ids]}`` removes items no evaluation uses. Refused whole when one thing is wrong."""
    if not (lecteur.admin or droits.est_direction(lecteur.personne, structure)):
        raise refus_acces(lecteur, "Seule la direction modifie le référentiel de compétences.")
    if not isinstance(donnees, dict) or not any(k in donnees for k in ("items", "csv", "supprimer", "depart")):
        raise Refus(400, "BadRequest", "Corps attendu : {\"items\": [...]}, {\"csv\": \"...\"}, {\"depart\": true} "
                                       "ou {\"supprimer\": [identifiants]}.")
    try:
        nouveaux = []
        if "items" in donnees:
            if not isinstance(donnees["items"], list):
                raise ReferentielInvalide(["items : liste attendue"])
            nouveaux += lire_items(donnees["items"])
        if "csv" in donnees:
            if not isinstance(donnees["csv"], str):
                raise ReferentielInvalide(["csv : texte attendu"])
            nouveaux += lire_csv(donnees["csv"])
    except ReferentielInvalide as exc:
        raise Refus(400, "BadRequest", "Référentiel refusé : " + " ; ".join(exc.problemes)) from None
    if donnees.get("depart") is True:  # the starter référentiel: only the skills the establishment does not have yet
        nouveaux += [i for i in items_de_depart() if i["id"] not in comp.referentiel and i["id"] not in {n["id"] for n in nouveaux}]
    supprimer = donnees.get("supprimer") or []
    if not isinstance(supprimer, list) or not all(isinstance(i, str) for i in supprimer):
        raise Refus(400, "BadRequest", "supprimer : liste d'identifiants attendue.")
    utilisees = _competences_utilisees(carnet)
    for ident in supprimer:
        if ident in utilisees:
            raise Refus(409, "Conflict", f"La compétence « {ident} » est évaluée dans « {utilisees[ident]} » : elle ne peut pas être supprimée.")
        if ident not in comp.referentiel:
            raise Refus(404, "NotFound", f"Compétence « {ident} » introuvable.")
    for item in nouveaux:
        ancien = comp.referentiel.get(item["id"])
        if ancien is not None and ancien["matiere"] != item["matiere"] and item["id"] in utilisees:
            raise Refus(409, "Conflict", f"La compétence « {item['id']} » est évaluée : sa matière ne peut pas changer.")
    quand = horloge.maintenant().isoformat(timespec="seconds")
    for ident in supprimer:
        comp.journal[("referentiel", ident, quand, _unique())] = (lecteur.login, comp.referentiel[ident], None)
        del comp.referentiel[ident]
    for item in nouveaux:
        ancien = comp.referentiel.get(item["id"])
        if ancien != item:
            comp.referentiel[item["id"]] = item
            comp.journal[("referentiel", item["id"], quand, _unique())] = (lecteur.login, ancien, item)
    return {"items": [_item_json(i) for i in items(comp)], "ajoutees_ou_modifiees": len(nouveaux), "supprimees": len(supprimer)}


def _competences_utilisees(carnet):
    utilisees = {}
    for e in (carnet.evaluations.values() if carnet is not None else ()):
        for ident in e.competences:
            utilisees.setdefault(ident, e.titre)
    return utilisees


# -- the skills of an evaluation ------------------------------------------------------------------


def attacher(comp, evaluation, donnees):
    """Set the skills (``competences``: item ids of the evaluation's subject) and ``notee`` of an evaluation."""
    if "competences" in donnees:
        liste = donnees["competences"]
        if not isinstance(liste, list) or not all(isinstance(i, str) for i in liste):
            raise Refus(400, "BadRequest", "competences : liste d'identifiants du référentiel attendue.")
        for ident in liste:
            item = comp.referentiel.get(ident) if comp is not None else None
            if item is None:
                raise Refus(400, "BadRequest", f"Compétence « {ident} » absente du référentiel de l'établissement.")
            if item["matiere"] != evaluation.matiere:
                raise Refus(400, "BadRequest", f"La compétence « {item['libelle']} » n'est pas de la matière de l'évaluation.")
        retirees = [i for i in evaluation.competences if i not in liste]
        positions = getattr(evaluation, "positions", None)
        if positions is not None and any(c in retirees for _, c in positions.keys()):
            raise Refus(409, "Conflict", "Des élèves sont déjà positionnés sur une compétence retirée : effacez d'abord ces positions.")
        nouvelles = tuple(dict.fromkeys(liste))
        if nouvelles != tuple(evaluation.competences):
            evaluation.competences = nouvelles
    if "notee" in donnees:
        if not isinstance(donnees["notee"], bool):
            raise Refus(400, "BadRequest", "notee : vrai ou faux.")
        if not donnees["notee"] and len(evaluation.saisies):
            raise Refus(409, "Conflict", "Cette évaluation a déjà des notes : effacez-les avant d'en faire une évaluation sans note.")
        if donnees["notee"] != evaluation.notee:
            evaluation.notee = donnees["notee"]
    if not evaluation.notee and not evaluation.competences:
        raise Refus(400, "BadRequest", "Une évaluation sans note porte au moins une compétence.")


def competences_json(comp, evaluation):
    referentiel = comp.referentiel if comp is not None else {}
    return [{"id": i, "libelle": referentiel[i]["libelle"] if i in referentiel else i,
             "composantes": list(referentiel[i]["composantes"]) if i in referentiel else []} for i in evaluation.competences]


# -- the positioning grid ---------------------------------------------------------------------------


def grille(carnet, comp, annuaire, lecteur, structure, division, matiere, periode):
    """Students × (evaluation, skill) of a division, subject and period (never writes)."""
    if not all(isinstance(v, str) and v for v in (division, matiere, periode)):
        raise Refus(400, "BadRequest", "Précisez division=, matiere= et periode= (une fois chacun).")
    if not (lecteur.admin or droits.lit_division(annuaire, lecteur.personne, structure, division, matiere)):
        raise refus_acces(lecteur, "Vous ne pouvez pas consulter les compétences de cette classe dans cette matière.")
    if carnet is None or periode not in carnet.periodes:
        raise Refus(404, "NotFound", "Période inconnue : la direction doit d'abord définir les périodes.")
    evaluations = sorted((e for e in carnet.evaluations_de(division, periode, matiere) if e.competences),
                         key=lambda e: (e.date, e.titre))
    ferme = cloturee(carnet, periode)
    positions = {}
    for e in evaluations:
        par_competence = positions.setdefault(e.id, {})
        for (eleve, ident), (code, par, le) in (getattr(e, "positions", None) or {}).items():
            par_competence.setdefault(ident, {})[eleve] = {"niveau": code, "par": par, "le": le}
    return {
        "division": division, "matiere": matiere, "periode": periode, "libelle_matiere": _libelle_matiere(annuaire, matiere),
        "cloturee": ferme,
        "modifiable": lecteur.admin or droits.peut_saisir(lecteur.personne, structure, division, matiere, ferme),
        "niveaux": legende(),
        "eleves": [{"id": e.id, "nom": e.nom, "prenom": e.prenom} for e in annuaire.inscrits(structure, division)],
        "evaluations": [{"id": e.id, "titre": e.titre, "date": e.date.isoformat(), "date_texte": date_fr(e.date),
                         "publiee": e.publiee, "notee": e.notee, "competences": competences_json(comp, e),
                         "modifications": len(getattr(e, "journal_positions", None) or ())} for e in evaluations],
        "positions": positions,
        # what a new evaluation may carry: the subject's skills of the class's cycle (all of them when it has none)
        "referentiel": [_item_json(i) for i in items(comp, matiere, (cycle_division(annuaire, structure, division) or (None,))[0])],
        "aujourd_hui": horloge.aujourd_hui().isoformat(),
        "periode_du": carnet.periodes[periode]["du"].isoformat(), "periode_au": carnet.periodes[periode]["au"].isoformat(),
    }


def _cellule(carnet, annuaire, lecteur, structure, inscrits, cellule, quand):
    ident, eleve, competence = cellule.get("evaluation"), cellule.get("eleve"), cellule.get("competence")
    resultat = {"evaluation": ident if isinstance(ident, str) else None, "eleve": eleve if isinstance(eleve, str) else None,
                "competence": competence if isinstance(competence, str) else None}
    if not all(isinstance(v, str) for v in (ident, eleve, competence)):
        return {**resultat, "statut": "refuse", "message": "evaluation, competence et eleve attendus (identifiants)."}
    evaluation = carnet.evaluations.get(ident)
    if evaluation is None:
        return {**resultat, "statut": "refuse", "message": "Évaluation introuvable."}
    if competence not in evaluation.competences:
        return {**resultat, "statut": "refuse", "message": "Cette compétence n'est pas évaluée dans cette évaluation."}
    if not (lecteur.admin or droits.peut_saisir(lecteur.personne, structure, evaluation.division, evaluation.matiere,
                                               cloturee(carnet, evaluation.periode))):
        return {**resultat, "statut": "refuse", "message": "Vous ne pouvez pas positionner dans cette évaluation (période close ?)."}
    if evaluation.division not in inscrits:
        inscrits[evaluation.division] = set(annuaire.eleves(structure, evaluation.division))
    if eleve not in inscrits[evaluation.division]:
        return {**resultat, "statut": "refuse", "message": "Cet élève n'est pas dans cette classe."}
    saisie = cellule.get("niveau")
    try:
        niveau = None if saisie in (None, "") or (isinstance(saisie, str) and not saisie.strip()) else lire_niveau(saisie)
    except NiveauInvalide as exc:
        return {**resultat, "statut": "refuse", "message": str(exc) + "."}
    positions = getattr(evaluation, "positions", None)
    actuel = positions.get((eleve, competence)) if positions is not None else None
    avant, auteur = (actuel[0], actuel[1]) if actuel is not None else (None, None)
    if avant == niveau:
        return {**resultat, "statut": "inchange", "niveau": niveau or ""}
    ecrase = None
    if auteur not in (None, lecteur.login) and (cellule.get("base") or "") != (avant or ""):
        personne = annuaire.par_login(auteur)
        ecrase = {"par": auteur, "nom": personne.nom_complet if personne is not None else auteur, "niveau": avant or ""}
    if positions is None:
        positions = evaluation.positions = OOBTree()
    journal = getattr(evaluation, "journal_positions", None)
    if journal is None:
        journal = evaluation.journal_positions = OOBTree()
    if niveau is None:
        del positions[(eleve, competence)]
    else:
        positions[(eleve, competence)] = (niveau, lecteur.login, quand)
    journal[(quand, _unique(), eleve, competence)] = (lecteur.login, avant, niveau)
    return {**resultat, "statut": "enregistre", "niveau": niveau or "", "ecrase": ecrase}


def enregistrer(carnet, annuaire, lecteur, structure, donnees, cle_idempotence):
    """A batch of positions ``{"cellules": [{evaluation, competence, eleve, niveau, base}]}``."""
    connue = idempotence.reponse_connue(carnet.reponses, lecteur.login, cle_idempotence, SERVICE_SAISIE)
    if connue is not None:
        return connue[1]
    cellules = donnees.get("cellules") if isinstance(donnees, dict) else None
    if not isinstance(cellules, list) or not all(isinstance(c, dict) for c in cellules):
        raise Refus(400, "BadRequest", "Corps attendu : {\"cellules\": [{evaluation, competence, eleve, niveau, base}]}.")
    if len(cellules) > 2000:
        raise Refus(400, "BadRequest", "Trop de cellules dans un seul envoi (2000 au plus).")
    quand = horloge.maintenant().isoformat(timespec="seconds")
    inscrits = {}
    reponse = {"cellules": [_cellule(carnet, annuaire, lecteur, structure, inscrits, c, quand) for c in cellules], "le": quand}
    idempotence.retenir(carnet.reponses, lecteur.login, cle_idempotence, SERVICE_SAISIE, 200, reponse)
    return reponse


# -- period bilans: positionnement and éléments du programme travaillés ------------------------------------


def _positions_eleve(evaluations, eleve_id):
    """[(evaluation, skill id, level code)] of one student, in date order."""
    resultat = []
    for e in sorted(evaluations, key=lambda e: (e.date, e.titre)):
        positions = getattr(e, "positions", None)
        if positions is None:
            continue
        for ident in e.competences:
            position = positions.get((eleve_id, ident))
            if position is not None:
                resultat.append((e, ident, position[0]))
    return resultat


def elements_calcules(comp, evaluations):
    """Labels of the skills of ``evaluations`` (date order, each once)."""
    referentiel = comp.referentiel if comp is not None else {}
    libelles = [referentiel[i]["libelle"] for e in sorted(evaluations, key=lambda e: (e.date, e.titre))
                for i in e.competences if i in referentiel]
    return elements_travailles(libelles)


def positionnement_eleve(comp, evaluations, periode, matiere, eleve_id):
    force = (comp.forces.get((periode, matiere, eleve_id)) or {}).get("niveau") if comp is not None else None
    return positionnement_periode([code for _, _, code in _positions_eleve(evaluations, eleve_id)], force=force)


def _positionnement_json(p):
    return {"calcule": p.calcule, "retenu": p.retenu, "force": p.force, "comptees": p.comptees,
            "moyenne": None if p.moyenne is None else f"{float(p.moyenne):.2f}".replace(".", ",")}


def bilan(carnet, comp, annuaire, lecteur, structure, division, matiere, periode):
    if not all(isinstance(v, str) and v for v in (division, matiere, periode)):
        raise Refus(400, "BadRequest", "Précisez division=, matiere= et periode= (une fois chacun).")
    if not (lecteur.admin or droits.lit_division(annuaire, lecteur.personne, structure, division, matiere)):
        raise refus_acces(lecteur, "Vous ne pouvez pas consulter le bilan de cette classe dans cette matière.")
    if carnet is None or periode not in carnet.periodes:
        raise Refus(404, "NotFound", "Période inconnue.")
    evaluations = [e for e in carnet.evaluations_de(division, periode, matiere) if e.competences]
    edites = comp.elements.get((periode, division, matiere)) if comp is not None else None
    return {
        "division": division, "matiere": matiere, "periode": periode, "libelle_matiere": _libelle_matiere(annuaire, matiere),
        "elements": list(edites["elements"]) if edites is not None else elements_calcules(comp, evaluations),
        "elements_edites": edites is not None,
        "elements_calcules": elements_calcules(comp, evaluations),
        "eleves": [{"id": e.id, "nom": e.nom, "prenom": e.prenom,
                    "positionnement": _positionnement_json(positionnement_eleve(comp, evaluations, periode, matiere, e.id))}
                   for e in annuaire.inscrits(structure, division)],
    }


def ecrire_bilan(carnet, comp, annuaire, lecteur, structure, donnees):
    """``{division, matiere, periode, "elements"?: [...] | null, "forces"?: [{eleve, niveau: 1–4 | null}]}``."""
    if not isinstance(donnees, dict) or not all(isinstance(donnees.get(k), str) for k in ("division", "matiere", "periode")):
        raise Refus(400, "BadRequest", "Corps attendu : {\"division\", \"matiere\", \"periode\", \"elements\"?, \"forces\"?}.")
    division, matiere, periode = donnees["division"], donnees["matiere"], donnees["periode"]
    if carnet is None or periode not in carnet.periodes:
        raise Refus(404, "NotFound", "Période inconnue.")
    if not (lecteur.admin or droits.peut_saisir(lecteur.personne, structure, division, matiere, cloturee(carnet, periode))):
        raise refus_acces(lecteur, "Vous ne pouvez pas écrire le bilan de cette matière dans cette classe (période close ?).")
    inscrits = set(annuaire.eleves(structure, division))
    forces = donnees.get("forces") or []
    if not isinstance(forces, list) or not all(isinstance(f, dict) for f in forces):
        raise Refus(400, "BadRequest", "forces : liste de {eleve, niveau} attendue.")
    for f in forces:
        if not isinstance(f.get("eleve"), str) or f["eleve"] not in inscrits:
            raise Refus(400, "BadRequest", "Un élève du positionnement n'est pas dans cette classe.")
        n = f.get("niveau")
        if n is not None and (isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 4):
            raise Refus(400, "BadRequest", f"Positionnement « {n} » invalide : 1 à 4, ou null pour revenir au calcul.")
    elements = None
    if "elements" in donnees and donnees["elements"] is not None:
        if not isinstance(donnees["elements"], list) or not all(isinstance(t, str) for t in donnees["elements"]):
            raise Refus(400, "BadRequest", "elements : liste de textes attendue (null pour revenir aux compétences évaluées).")
        elements = tuple(elements_travailles([], edites=donnees["elements"]))
        trop = [t for t in elements if len(t) > 300]
        if trop:
            raise Refus(400, "BadRequest", f"Élément du programme trop long ({len(trop[0])} caractères, 300 au plus).")
    quand = horloge.maintenant().isoformat(timespec="seconds")
    if "elements" in donnees:
        cle = (periode, division, matiere)
        avant = comp.elements.get(cle)
        if elements is None and avant is not None:
            del comp.elements[cle]
        elif elements is not None and (avant or {}).get("elements") != elements:
            comp.elements[cle] = {"elements": elements, "par": lecteur.login, "le": quand}
        comp.journal[("elements", cle, quand, _unique())] = (lecteur.login, (avant or {}).get("elements"), elements)
    for f in forces:
        cle = (periode, matiere, f["eleve"])
        avant = comp.forces.get(cle)
        if f.get("niveau") is None:
            comp.forces.pop(cle, None)
        else:
            comp.forces[cle] = {"niveau": f["niveau"], "division": division, "par": lecteur.login, "le": quand}
        comp.journal[("force", cle, quand, _unique())] = (lecteur.login, (avant or {}).get("niveau"), f.get("niveau"))
    return bilan(carnet, comp, annuaire, lecteur, structure, division, matiere, periode)


# -- end of cycle -------------------------------------------------------------------------------------


def cycle_division(annuaire, structure, division):
    """(cycle, ends it) of a class from its students' MEF (the most common), or None (not a collège class)."""
    comptes = {}
    for ident in annuaire.eleves(structure, division):
        eleve = annuaire.personne(ident)
        cycle = cycle_du_mef(eleve.valeur("ENTEleveMEF")) if eleve is not None else None
        if cycle is not None:
            comptes[cycle] = comptes.get(cycle, 0) + 1
    return max(comptes, key=lambda c: (comptes[c], c)) if comptes else None


def proposition_eleve(carnet, comp, eleve, structure):
    """The proposed level per component from every position of the student kept in the establishment."""
    referentiel = comp.referentiel if comp is not None else {}
    evaluations = []
    for division in divisions_eleve(eleve, structure):
        evaluations += [e for e in carnet.evaluations_de(division) if e.competences]
    positions = [(referentiel[i]["composantes"], code) for _, i, code in _positions_eleve(evaluations, eleve.id) if i in referentiel]
    return proposition_fin_de_cycle(positions)


def _lit_fin_de_cycle(annuaire, lecteur, structure, division):
    return lecteur.admin or droits.est_direction(lecteur.personne, structure) or droits.est_principal(
        annuaire, lecteur.personne, structure, division)


def fin_de_cycle(carnet, comp, annuaire, lecteur, structure, division):
    if not isinstance(division, str) or not division:
        raise Refus(400, "BadRequest", "Précisez division= (une fois).")
    if not _lit_fin_de_cycle(annuaire, lecteur, structure, division):
        raise refus_acces(lecteur, "Le bilan de fin de cycle est réservé à la direction et au professeur principal de la classe.")
    cycle = cycle_division(annuaire, structure, division)
    if cycle is None or not cycle[1]:
        raise Refus(409, "Conflict", "Cette classe ne termine pas un cycle (sixième : cycle 3, troisième : cycle 4).")
    eleves = []
    for inscrit in annuaire.inscrits(structure, division):
        eleve = annuaire.personne(inscrit.id)  # the proposal reads the student's divisions: the record
        enregistre = (comp.fin_de_cycle.get((cycle[0], eleve.id)) if comp is not None else None) or {}
        proposition = proposition_eleve(carnet, comp, eleve, structure) if carnet is not None else dict.fromkeys(CODES_COMPOSANTES)
        eleves.append({"id": eleve.id, "nom": eleve.nom, "prenom": eleve.prenom, "proposition": proposition,
                       "decision": dict(enregistre.get("socle") or {}), "synthese": enregistre.get("synthese", ""),
                       "enseignement_complement": enregistre.get("complement"),
                       "complet": len(enregistre.get("socle") or {}) == len(CODES_COMPOSANTES) and bool(enregistre.get("synthese"))})
    return {"division": division, "cycle": cycle[0], "composantes": composantes_json(), "eleves": eleves,
            "modifiable_niveaux": lecteur.admin or droits.est_direction(lecteur.personne, structure)}


def ecrire_fin_de_cycle(comp, annuaire, lecteur, structure, donnees):
    """``{division, eleves: [{eleve, socle?: {code: 0–4}, synthese?: str, enseignement_complement?: {code, positionnement}}]}``.

    Levels and enseignement de complément: the direction (the council's decision); synthesis: the direction or the
    class's professeur principal. Refused whole when one thing is wrong.
    """
    if not isinstance(donnees, dict) or not isinstance(donnees.get("division"), str) or not isinstance(donnees.get("eleves"), list):
        raise Refus(400, "BadRequest", "Corps attendu : {\"division\", \"eleves\": [{eleve, socle, synthese}]}.")
    division = donnees["division"]
    if not _lit_fin_de_cycle(annuaire, lecteur, structure, division):
        raise refus_acces(lecteur, "Le bilan de fin de cycle est réservé à la direction et au professeur principal de la classe.")
    direction = lecteur.admin or droits.est_direction(lecteur.personne, structure)
    cycle = cycle_division(annuaire, structure, division)
    if cycle is None or not cycle[1]:
        raise Refus(409, "Conflict", "Cette classe ne termine pas un cycle (sixième : cycle 3, troisième : cycle 4).")
    inscrits = set(annuaire.eleves(structure, division))
    lus = []
    for d in donnees["eleves"]:
        if not isinstance(d, dict) or not isinstance(d.get("eleve"), str) or d["eleve"] not in inscrits:
            raise Refus(400, "BadRequest", "Un élève du bilan n'est pas dans cette classe.")
        socle = d.get("socle")
        if socle is not None:
            if not direction:
                raise refus_acces(lecteur, "Les niveaux du socle sont décidés par le conseil de classe : la direction les enregistre.")
            if not isinstance(socle, dict):
                raise Refus(400, "BadRequest", "socle : objet {composante: niveau} attendu.")
            for code, n in socle.items():
                if code not in CODES_COMPOSANTES:
                    raise Refus(400, "BadRequest", f"Composante du socle « {code} » inconnue.")
                if n is not None and (isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= 4):
                    raise Refus(400, "BadRequest", f"Niveau « {n} » invalide pour {code} : 0 (dispensé) à 4, ou null.")
        synthese = d.get("synthese")
        if synthese is not None:
            if not isinstance(synthese, str):
                raise Refus(400, "BadRequest", "synthese : texte attendu.")
            synthese = synthese.strip()
            if len(synthese) > LONGUEUR_SYNTHESE:
                raise Refus(400, "BadRequest", f"Synthèse trop longue ({len(synthese)} caractères, {LONGUEUR_SYNTHESE} au plus).")
        complement = d.get("enseignement_complement", ...)
        if complement is not ...:
            if not direction:
                raise refus_acces(lecteur, "L'enseignement de complément est enregistré par la direction.")
            if complement is not None:
                code = complement.get("code") if isinstance(complement, dict) else None
                pos = complement.get("positionnement") if isinstance(complement, dict) else None
                if code not in ENSEIGNEMENTS_COMPLEMENT or cycle[0] != 4:
                    raise Refus(400, "BadRequest", f"Enseignement de complément invalide ({', '.join(ENSEIGNEMENTS_COMPLEMENT)}, fin de cycle 4).")
                if code != "AUC" and pos not in (1, 2):
                    raise Refus(400, "BadRequest", "Positionnement de l'enseignement de complément : 1 (atteint) ou 2 (dépassé).")
                complement = {"code": code, "positionnement": None if code == "AUC" else pos}
        lus.append((d["eleve"], socle, synthese, complement))
    quand = horloge.maintenant().isoformat(timespec="seconds")
    for eleve, socle, synthese, complement in lus:
        cle = (cycle[0], eleve)
        avant = dict(comp.fin_de_cycle.get(cle) or {"division": division, "socle": {}, "synthese": "", "complement": None})
        apres = dict(avant, division=division, par=lecteur.login, le=quand)
        if socle is not None:
            niveaux = dict(avant.get("socle") or {})
            for code, n in socle.items():
                if n is None:
                    niveaux.pop(code, None)
                else:
                    niveaux[code] = n
            apres["socle"] = niveaux
        if synthese is not None:
            apres["synthese"] = synthese
        if complement is not ...:
            apres["complement"] = complement
        comp.fin_de_cycle[cle] = apres
        comp.journal[("fin_de_cycle", cle, quand, _unique())] = (lecteur.login, avant, apres)
    return {"division": division, "cycle": cycle[0], "enregistres": len(lus)}


# -- families ---------------------------------------------------------------------------------------------


def competences_eleve(carnet, comp, annuaire, eleve, structure, periode, publiees):
    """A student's skills with their levels in a period, per subject (published evaluations for families)."""
    evaluations = []
    for division in divisions_eleve(eleve, structure):
        evaluations += [e for e in carnet.evaluations_de(division, periode) if e.competences and (e.publiee or not publiees)]
    referentiel = comp.referentiel if comp is not None else {}
    matieres = {}
    for e, ident, code in _positions_eleve(evaluations, eleve.id):
        item = referentiel.get(ident)
        m = matieres.setdefault(e.matiere, {"matiere": e.matiere, "libelle": _libelle_matiere(annuaire, e.matiere), "competences": {}})
        c = m["competences"].setdefault(ident, {"id": ident, "libelle": item["libelle"] if item else ident,
                                                "composantes": [{"code": k, "libelle": COMPOSANTES[CODES_COMPOSANTES.index(k)].libelle}
                                                                for k in (item["composantes"] if item else ())],
                                                "positions": []})
        c["positions"].append({"evaluation": e.id, "titre": e.titre, "date": e.date.isoformat(), "date_texte": date_fr(e.date),
                               "niveau": _niveau_json(code)})
    resultat = []
    for m in sorted(matieres.values(), key=lambda m: m["libelle"]):
        siennes = [e for e in evaluations if e.matiere == m["matiere"]]
        p = positionnement_eleve(comp, siennes, periode, m["matiere"], eleve.id)
        resultat.append({**m, "competences": list(m["competences"].values()), "positionnement": _positionnement_json(p)})
    return {"eleve": {"id": eleve.id, "nom": eleve.nom, "prenom": eleve.prenom}, "periode": periode,
            "periodes": [{"code": p["code"], "libelle": p["libelle"]} for p in carnet.periodes.values()],
            "niveaux": legende(), "matieres": resultat, "cycle": progression_cycle(carnet, comp, eleve, structure, publiees)}


def progression_cycle(carnet, comp, eleve, structure, publiees):
    """Per socle component, the mean level of each period's positions on the skills linked to it (the cycle's
    progress a family reads: the numbers are printed, the bar only draws them)."""
    referentiel = comp.referentiel if comp is not None else {}
    periodes = sorted(carnet.periodes.values(), key=lambda p: p["du"])
    par_periode = {}
    for p in periodes:
        evaluations = []
        for division in divisions_eleve(eleve, structure):
            evaluations += [e for e in carnet.evaluations_de(division, p["code"]) if e.competences and (e.publiee or not publiees)]
        par_periode[p["code"]] = [(referentiel[i]["composantes"], code) for _, i, code in _positions_eleve(evaluations, eleve.id)
                                  if i in referentiel]
    resultat = []
    for c in COMPOSANTES:
        lignes = []
        for p in periodes:
            moyenne, comptees = moyenne_niveaux(code for composantes, code in par_periode[p["code"]] if c.code in composantes)
            lignes.append({"code": p["code"], "libelle": p["libelle"], "comptees": comptees,
                           "moyenne": None if moyenne is None else f"{float(moyenne):.2f}".replace(".", ","),
                           "largeur": None if moyenne is None else round(float(moyenne) * 25)})
        resultat.append({"code": c.code, "libelle": c.libelle, "periodes": lignes})
    return resultat


# -- LSU --------------------------------------------------------------------------------------------------


def completer_lsu(donnees, carnet, comp, annuaire, structure, code_periode, avec_fin_de_cycle):
    """Add to ``lsu_export.donnees``'s output the skills' positionnements and éléments travaillés, and, when
    ``avec_fin_de_cycle``, the bilans de fin de cycle of the classes that end a cycle (the council's levels)."""
    if comp is None:
        comp_vide = True
    else:
        comp_vide = not len(comp.referentiel)
    par_eleve = {e["id"]: e for e in donnees["eleves"]}
    enseignants_par_classe_matiere = {}
    for classe in donnees["classes"]:
        cycle = cycle_division(annuaire, structure, classe["code"])
        if avec_fin_de_cycle and cycle is not None and cycle[1]:
            classe["fin_de_cycle"] = cycle[0]
    for eleve in donnees["eleves"]:
        for acquis in eleve["acquis"]:
            enseignants_par_classe_matiere[(eleve["classe"], acquis["matiere"])] = acquis["enseignants"]
    if comp_vide and not avec_fin_de_cycle:
        return donnees
    classes_fin = {c["code"]: c["fin_de_cycle"] for c in donnees["classes"] if "fin_de_cycle" in c}
    matieres = {m["code"] for m in donnees["matieres"]}
    for ident, eleve_lsu in par_eleve.items():
        eleve = annuaire.personne(ident)
        if eleve is None:
            continue
        evaluations = []
        for division in divisions_eleve(eleve, structure):
            evaluations += [e for e in carnet.evaluations_de(division, code_periode) if e.competences]
        par_matiere = {}
        for e in evaluations:
            par_matiere.setdefault(e.matiere, []).append(e)
        acquis_par_matiere = {a["matiere"]: a for a in eleve_lsu["acquis"]}
        for matiere, siennes in sorted(par_matiere.items()):
            p = positionnement_eleve(comp, siennes, code_periode, matiere, ident)
            if p.retenu is None and matiere not in acquis_par_matiere:
                continue
            acquis = acquis_par_matiere.get(matiere)
            if acquis is None:
                acquis = {"matiere": matiere,
                          "enseignants": enseignants_par_classe_matiere.get((eleve_lsu["classe"], matiere), []),
                          "moyenne": None,
                          "appreciation": (carnet.appreciations.get((code_periode, matiere, ident)) or {}).get("texte", "")}
                eleve_lsu["acquis"].append(acquis)
                acquis_par_matiere[matiere] = acquis
                if matiere not in matieres:
                    donnees["matieres"].append({"code": matiere, "libelle": _libelle_matiere(annuaire, matiere)[:40], "modalite": "S"})
                    matieres.add(matiere)
            divisions = {e.division for e in siennes}
            edites = [comp.elements.get((code_periode, d, matiere)) for d in sorted(divisions)] if comp is not None else []
            if any(x is not None for x in edites):
                acquis["elements_programme"] = [t for x in edites if x is not None for t in x["elements"]]
            else:
                acquis["elements_programme"] = elements_calcules(comp, siennes)
            if p.retenu is not None:
                acquis["positionnement"] = p.retenu
        eleve_lsu["acquis"].sort(key=lambda a: a["matiere"])
        cycle = classes_fin.get(eleve_lsu["classe"])
        if cycle is not None:
            enregistre = comp.fin_de_cycle.get((cycle, ident)) if comp is not None else None
            if enregistre is not None:
                bilan = {"cycle": cycle, "socle": dict(enregistre.get("socle") or {}), "synthese": enregistre.get("synthese", "")}
                if enregistre.get("complement"):
                    bilan["enseignement_complement"] = dict(enregistre["complement"])
                eleve_lsu["bilan_cycle"] = bilan
    return donnees
