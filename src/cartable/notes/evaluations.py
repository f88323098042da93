"""Periods, subject coefficients and evaluations of an establishment."""

import re
import uuid
from datetime import date
from decimal import Decimal, InvalidOperation

from cartable.core import horloge
from cartable.core.refus import Refus
from cartable.notes import droits
from cartable.notes.registre import Evaluation
from cartable.notes.stockage import lire_carnet
from cartable.regles import acces
from cartable.regles.dates_fr import date_fr

_CODE_PERIODE = re.compile(r"^[A-Za-z0-9_-]{1,12}$")


def refus_acces(lecteur, message="Accès refusé."):
    return Refus(401 if lecteur.anonyme else 403, "Unauthorized", message)


def carnet_du_personnel(etablissement, lecteur, structure):
    """The establishment's carnet for one of its staff writing in it (the grids' POST); refused to anyone else,
    404 when it holds no evaluation yet."""
    if not (lecteur.admin or acces.est_personnel(lecteur.personne, structure)):
        raise refus_acces(lecteur, "Réservé aux personnels de l'établissement.")
    carnet = lire_carnet(etablissement)
    if carnet is None:
        raise Refus(404, "NotFound", "Aucune évaluation dans cet établissement.")
    return carnet


def eleve_lisible(annuaire, lecteur, structure, ident, message):
    """(the student ``ident`` names, what the reader may read of them: "tout" or "publie", ``droits.lit_eleve``).
    Anything else — no such student, not a student, not the reader's to read, an id that is not one string — is
    refused with ``message``."""
    eleve = annuaire.personne(ident) if annuaire is not None and isinstance(ident, str) and ident else None
    if eleve is not None and eleve.categorie != "Eleve":
        eleve = None
    portee = "tout" if lecteur.admin else droits.lit_eleve(annuaire, lecteur.personne, eleve, structure)
    if eleve is None or portee is None:
        raise refus_acces(lecteur, message)
    return eleve, portee


def _date(valeur, champ):
    try:
        return date.fromisoformat(valeur) if isinstance(valeur, str) else None
    except ValueError:
        return None


def lire_date(valeur, champ):
    jour = _date(valeur, champ)
    if jour is None:
        raise Refus(400, "BadRequest", f"{champ} : date attendue au format AAAA-MM-JJ.")
    return jour


def lire_coefficient(valeur, champ="coefficient") -> str:
    """A canonical decimal string > 0 ("1", "0.5"); a comma is accepted."""
    try:
        nombre = Decimal(str(valeur).strip().replace(",", "."))
    except InvalidOperation:
        nombre = None
    if nombre is None or not nombre.is_finite() or nombre <= 0 or nombre > 100:
        raise Refus(400, "BadRequest", f"{champ} : nombre positif attendu (par exemple 1 ou 0,5), pas « {valeur} ».")
    return f"{nombre.normalize():f}"


def lire_bareme(valeur) -> int:
    if isinstance(valeur, bool) or not isinstance(valeur, (int, str)) or not str(valeur).strip().isdigit() or not 1 <= int(valeur) <= 1000:
        raise Refus(400, "BadRequest", f"Barème : nombre entier positif attendu (20 par défaut), pas « {valeur} ».")
    return int(valeur)


def periode_json(p):
    return {"code": p["code"], "libelle": p["libelle"], "du": p["du"].isoformat(), "au": p["au"].isoformat(),
            "cloture": p["cloture"].isoformat() if p["cloture"] else None}


def cloturee(carnet, periode_code, jour=None) -> bool:
    """After its closing date, teachers no longer edit a period (the direction still does)."""
    periode = carnet.periodes.get(periode_code) if carnet is not None else None
    jour = jour or horloge.maintenant().date()
    return periode is not None and periode["cloture"] is not None and jour > periode["cloture"]


def periode_du_jour(carnet, jour=None):
    jour = jour or horloge.maintenant().date()
    for p in (carnet.periodes.values() if carnet is not None else ()):
        if p["du"] <= jour <= p["au"]:
            return p["code"]
    return None


def periode_demandee(carnet, valeur):
    """The period asked (else the current one), if the carnet knows it; a French 404 otherwise."""
    periode = valeur or periode_du_jour(carnet)
    if carnet is None or not isinstance(periode, str) or periode not in carnet.periodes:
        raise Refus(404, "NotFound", "Période inconnue.")
    return periode


def definir_periodes(carnet, lecteur, structure, donnees):
    """Replace the establishment's periods (direction). Refused whole when one is wrong."""
    if not (lecteur.admin or droits.est_direction(lecteur.personne, structure)):
        raise refus_acces(lecteur, "Seule la direction définit les périodes.")
    liste = donnees.get("periodes") if isinstance(donnees, dict) else None
    if not isinstance(liste, list) or not liste:
        raise Refus(400, "BadRequest", "Corps attendu : {\"periodes\": [{\"code\", \"libelle\", \"du\", \"au\", \"cloture\"}]}.")
    periodes = []
    for rang, p in enumerate(liste, 1):
        if not isinstance(p, dict) or not isinstance(p.get("code"), str) or not _CODE_PERIODE.match(p["code"]):
            raise Refus(400, "BadRequest", f"Période {rang} : code attendu (lettres et chiffres, par exemple T1).")
        du, au = lire_date(p.get("du"), f"Période {p['code']}, du"), lire_date(p.get("au"), f"Période {p['code']}, au")
        cloture = lire_date(p["cloture"], f"Période {p['code']}, clôture") if p.get("cloture") else None
        if au < du:
            raise Refus(400, "BadRequest", f"Période {p['code']} : la fin précède le début.")
        periodes.append({"code": p["code"], "libelle": str(p.get("libelle") or p["code"])[:60], "du": du, "au": au, "cloture": cloture})
    periodes.sort(key=lambda p: p["du"])
    for avant, apres in zip(periodes, periodes[1:]):
        if apres["du"] <= avant["au"]:
            raise Refus(400, "BadRequest", f"Les périodes {avant['code']} et {apres['code']} se chevauchent.")
    if len({p["code"] for p in periodes}) != len(periodes):
        raise Refus(400, "BadRequest", "Deux périodes ont le même code.")
    utilisees = {e.periode for e in carnet.evaluations.values()}
    retirees = utilisees - {p["code"] for p in periodes}
    if retirees:
        raise Refus(409, "Conflict", f"Des évaluations utilisent la période {', '.join(sorted(retirees))} : elle ne peut pas être retirée.")
    for code in list(carnet.periodes.keys()):
        if code not in {p["code"] for p in periodes}:
            del carnet.periodes[code]
    for p in periodes:
        if carnet.periodes.get(p["code"]) != p:
            carnet.periodes[p["code"]] = p
    return {"items": [periode_json(p) for p in periodes]}


def definir_coefficient(carnet, annuaire, lecteur, structure, donnees):
    if not (lecteur.admin or droits.est_direction(lecteur.personne, structure)):
        raise refus_acces(lecteur, "Seule la direction fixe les coefficients des matières.")
    if not isinstance(donnees, dict) or not isinstance(donnees.get("division"), str) or not isinstance(donnees.get("matiere"), str):
        raise Refus(400, "BadRequest", "Corps attendu : {\"division\", \"matiere\", \"coefficient\"}.")
    if not (annuaire.divisions_de(structure, "classe").get(donnees["division"]) or annuaire.divisions_de(structure, "groupe").get(donnees["division"])):
        raise Refus(400, "BadRequest", f"Classe ou groupe inconnu « {donnees['division']} ».")
    if donnees["matiere"] not in annuaire.matieres:
        raise Refus(400, "BadRequest", f"Matière inconnue « {donnees['matiere']} ».")
    coefficient = lire_coefficient(donnees.get("coefficient"))
    carnet.coefficients[(donnees["division"], donnees["matiere"])] = coefficient
    return {"division": donnees["division"], "matiere": donnees["matiere"], "coefficient": coefficient}


def evaluation_json(e, annuaire=None):
    matiere = annuaire.matieres.get(e.matiere) if annuaire is not None else None
    return {
        "id": e.id, "division": e.division, "matiere": e.matiere,
        "libelle_matiere": matiere.valeur("ENTLibelleMatiere") if matiere is not None else e.matiere,
        "periode": e.periode, "titre": e.titre, "date": e.date.isoformat(), "coefficient": e.coefficient,
        "bareme": e.bareme, "facultative": e.facultative, "publiee": e.publiee, "auteur": e.auteur,
        "date_texte": date_fr(e.date), "compte": e.compte, "devoir": e.devoir, "vide": not len(e.saisies),
        "notee": e.notee, "competences": list(e.competences),
    }


def _champs(carnet, donnees, actuelle=None):
    """The evaluation's fields from a body, checked (defaults from ``actuelle``)."""
    def valeur(cle, defaut=None):
        return donnees[cle] if cle in donnees else (getattr(actuelle, cle) if actuelle is not None else defaut)

    titre = str(valeur("titre", "") or "").strip()
    if not titre:
        raise Refus(400, "BadRequest", "Titre de l'évaluation manquant.")
    jour = valeur("date")
    jour = jour if isinstance(jour, date) else lire_date(jour, "date")
    periode = valeur("periode")
    if periode not in carnet.periodes:
        connues = ", ".join(carnet.periodes.keys()) or "aucune : la direction doit d'abord définir les périodes"
        raise Refus(400, "BadRequest", f"Période inconnue « {periode} » ({connues}).")
    facultative = valeur("facultative", False)
    if not isinstance(facultative, bool):
        raise Refus(400, "BadRequest", "facultative : vrai ou faux.")
    return {"titre": titre[:200], "date": jour, "periode": periode, "coefficient": lire_coefficient(valeur("coefficient", "1")),
            "bareme": lire_bareme(valeur("bareme", 20)), "facultative": facultative}


def creer(carnet, annuaire, lecteur, structure, donnees):
    """A teacher creates an evaluation in a subject they teach (the direction anywhere)."""
    if not isinstance(donnees, dict):
        raise Refus(400, "BadRequest", "Corps JSON attendu (un objet).")
    division, matiere = donnees.get("division"), donnees.get("matiere")
    if not isinstance(division, str) or not isinstance(matiere, str) or not division or not matiere:
        raise Refus(400, "BadRequest", "division et matiere sont obligatoires.")
    champs = _champs(carnet, donnees)
    if not (lecteur.admin or droits.peut_saisir(lecteur.personne, structure, division, matiere, cloturee(carnet, champs["periode"]))):
        raise refus_acces(lecteur, "Vous n'enseignez pas cette matière dans cette classe, ou la période est close.")
    ident = uuid.uuid4().hex[:12]
    auteur = lecteur.personne.id if lecteur.personne is not None else lecteur.login
    evaluation = Evaluation(ident, division, matiere, champs["periode"], champs["titre"], champs["date"], champs["coefficient"],
                            champs["bareme"], champs["facultative"], auteur)
    carnet.evaluations[ident] = evaluation
    carnet.indexer(evaluation)
    return evaluation_json(evaluation, annuaire)


def evaluation_modifiable(carnet, lecteur, structure, ident):
    evaluation = carnet.evaluations.get(ident) if carnet is not None else None
    if evaluation is None:
        raise Refus(404, "NotFound", "Évaluation introuvable.")
    if not (lecteur.admin or droits.peut_saisir(lecteur.personne, structure, evaluation.division, evaluation.matiere,
                                               cloturee(carnet, evaluation.periode))):
        raise refus_acces(lecteur, "Vous ne pouvez pas modifier cette évaluation.")
    return evaluation


def modifier(carnet, annuaire, lecteur, structure, ident, donnees):
    """Change an evaluation's fields, publish or unpublish it."""
    evaluation = evaluation_modifiable(carnet, lecteur, structure, ident)
    if not isinstance(donnees, dict):
        raise Refus(400, "BadRequest", "Corps JSON attendu (un objet).")
    champs = _champs(carnet, donnees, evaluation)
    # moving it into another period needs the right to write there too (a closed one: the direction only)
    if champs["periode"] != evaluation.periode and not (
        lecteur.admin or droits.peut_saisir(lecteur.personne, structure, evaluation.division, evaluation.matiere,
                                            cloturee(carnet, champs["periode"]))):
        raise refus_acces(lecteur, f"La période {champs['periode']} est close : seule la direction y modifie les notes.")
    if "publiee" in donnees and not isinstance(donnees["publiee"], bool):
        raise Refus(400, "BadRequest", "publiee : vrai ou faux.")
    if champs["bareme"] != evaluation.bareme:
        trop = [e for e, (v, _, _) in evaluation.saisies.items() if v[0].isdigit() and Decimal(v) > champs["bareme"]]
        if trop:
            raise Refus(409, "Conflict", f"{len(trop)} note(s) dépassent le nouveau barème /{champs['bareme']}.")
    if champs["periode"] != evaluation.periode:
        carnet.desindexer(evaluation)
    for cle, valeur in champs.items():
        if getattr(evaluation, cle) != valeur:
            setattr(evaluation, cle, valeur)
    carnet.indexer(evaluation)
    if "publiee" in donnees and donnees["publiee"] != evaluation.publiee:
        evaluation.publiee = donnees["publiee"]
    return evaluation_json(evaluation, annuaire)


def supprimer(carnet, lecteur, structure, ident):
    """Delete an evaluation while it has no mark (one linked to a Devoir lives as long as the Devoir sends marks)."""
    evaluation = evaluation_modifiable(carnet, lecteur, structure, ident)
    if len(evaluation.saisies):
        raise Refus(409, "Conflict", f"« {evaluation.titre} » a déjà {len(evaluation.saisies)} note(s) : "
                                     "effacez-les avant de supprimer l'évaluation.")
    if evaluation.devoir is not None:
        raise Refus(409, "Conflict", f"« {evaluation.titre} » reçoit les notes d'un devoir : elle ne peut pas être supprimée.")
    carnet.desindexer(evaluation)
    del carnet.evaluations[ident]
    return {"id": ident, "supprimee": True}


def lister(carnet, annuaire, lecteur, structure, form):
    division, matiere, periode = form.get("division"), form.get("matiere") or None, form.get("periode") or None
    if not division:
        raise Refus(400, "BadRequest", "Précisez division=.")
    if not (lecteur.admin or droits.lit_division(annuaire, lecteur.personne, structure, division, matiere)):
        raise refus_acces(lecteur, "Vous ne pouvez pas consulter les évaluations de cette classe.")
    items = carnet.evaluations_de(division, periode, matiere) if carnet is not None else []
    return {"items": [evaluation_json(e, annuaire) for e in sorted(items, key=lambda e: (e.date, e.titre))]}
