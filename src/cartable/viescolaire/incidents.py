"""Infirmerie, incidents, punitions and sanctions of an establishment, as @incidents uses them.

Thin: who may record, see and move an event is cartable.regles.incidents;
here the reader becomes a ``Profil``, events are stored (one persistent
record each, a random key, a per-student index) and shown in the view the
rule chose — a family's never names another student nor quotes an incident.
"""

import uuid
from datetime import date

from persistent.list import PersistentList
from persistent.mapping import PersistentMapping

from cartable.core import horloge
from cartable.core.refus import Refus
from cartable.regles import acces
from cartable.regles import incidents as regles
from cartable.viescolaire.stockage import lire_vie_scolaire, vie_scolaire_pour_ecrire


def profil(lecteur, annuaire, structure) -> regles.Profil:
    personne = lecteur.personne
    return regles.Profil(
        ident=personne.id if personne is not None else None,
        personnel=acces.est_personnel(personne, structure),
        vie_scolaire=acces.est_vie_scolaire(personne, structure),
        direction=acces.est_direction(personne, structure),
        admin=lecteur.admin,
        enfants=frozenset(e.id for e in acces.enfants_visibles(annuaire, personne)),
    )


def _refus(lecteur, exc):
    return Refus(401 if lecteur.anonyme else 403, "Forbidden", str(exc))


def _nom(annuaire, ident):
    personne = annuaire.personne(ident) if annuaire is not None else None
    return personne.nom_complet if personne is not None else ident


def eleve_de(annuaire, structure, ident):
    """A student of this establishment (attached to it, or in one of its classes)."""
    eleve = annuaire.personne(ident) if annuaire is not None and isinstance(ident, str) else None
    if eleve is None or eleve.categorie != "Eleve":
        raise Refus(400, "BadRequest", f"Élève inconnu : {ident}.")
    if structure not in eleve.rattachements and structure not in {s for s, _ in eleve.classes}:
        raise Refus(400, "BadRequest", f"L'élève {ident} n'est pas inscrit dans cet établissement.")
    return eleve


def natures(vs) -> dict:
    propres = vs.natures_incidents if vs is not None else None
    return {t: list(regles.natures_de(t, propres)) for t in regles.TYPES_FAMILLES}


def en_json(evenement, vue, annuaire, vs=None, pour=None):
    """The complete view, or a family's (only ``pour``, their child; no incident text, no other name)."""
    commun = {
        "id": evenement["id"], "type": evenement["type"], "quand": evenement["quand"], "lieu": evenement["lieu"],
        "nature": evenement["nature"], "statut": evenement["statut"],
        "statut_libelle": regles.LIBELLES_STATUTS.get(evenement["statut"], evenement["statut"]),
        "decide_par": evenement["auteur_nom"],
    }
    if vue == "famille":
        suite = vs.incidents.get(evenement["incident"]) if vs is not None and evenement["incident"] else None
        return {**commun, "eleve": {"id": pour, "nom": _nom(annuaire, pour)}, "motif": evenement["description"],
                "fait_suite_a": {"type": "incident", "quand": suite["quand"]} if suite is not None else None}
    return {
        **commun, "eleves": [{"id": e, "nom": _nom(annuaire, e)} for e in evenement["eleves"]],
        "description": evenement["description"], "incident": evenement["incident"], "auteur": evenement["auteur_login"],
        "cree_le": evenement["cree_le"], "journal": [dict(j) for j in evenement["journal"]],
    }


def creer(etablissement, annuaire, structure, lecteur, donnees):
    """POST @incidents: every check before the first write."""
    qui = profil(lecteur, annuaire, structure)
    try:
        regles.verifier_creation(qui, donnees.get("type") if isinstance(donnees, dict) else None)
    except regles.IncidentRefuse as exc:
        raise _refus(lecteur, exc) from None
    except regles.IncidentInvalide as exc:
        raise Refus(400, "BadRequest", str(exc)) from None
    vs = lire_vie_scolaire(etablissement)
    try:
        lu = regles.lire_evenement(donnees, vs.natures_incidents if vs is not None else None)
    except regles.IncidentInvalide as exc:
        raise Refus(400, "BadRequest", str(exc)) from None
    for ident in lu["eleves"]:
        eleve_de(annuaire, structure, ident)
    if lu["incident"] is not None:
        suite = vs.incidents.get(lu["incident"]) if vs is not None and vs.incidents is not None else None
        if suite is None or suite["type"] != "incident" or lu["eleves"][0] not in suite["eleves"]:
            raise Refus(400, "BadRequest", "L'incident auquel cette mesure fait suite est introuvable ou ne concerne pas cet élève.")
    vs = vie_scolaire_pour_ecrire(etablissement)
    ident = uuid.uuid4().hex
    evenement = PersistentMapping(
        id=ident, **lu, statut=regles.STATUT_INITIAL[lu["type"]], auteur=qui.ident, auteur_login=lecteur.login,
        auteur_nom=lecteur.personne.nom_complet if lecteur.personne is not None else lecteur.login,
        cree_le=horloge.maintenant().isoformat(timespec="seconds"), journal=PersistentList(),
    )
    vs.incidents_()[ident] = evenement
    for eleve in lu["eleves"]:
        vs.incidents_eleve[(eleve, ident)] = lu["quand"]
    return en_json(evenement, "complete", annuaire)


def changer(vs, annuaire, structure, lecteur, ident, donnees):
    """POST @incidents/<id> {"statut"}: audited (who, when, before, after)."""
    evenement = vs.incidents.get(ident) if vs is not None and vs.incidents is not None else None
    qui = profil(lecteur, annuaire, structure)
    if evenement is None or (regles.vue(qui, evenement) is None and not qui.direction):
        raise Refus(404, "NotFound", "Événement introuvable.")
    if not isinstance(donnees, dict):
        raise Refus(400, "BadRequest", "Corps JSON attendu : {\"statut\": …}.")
    try:
        nouveau = regles.changer_statut(qui, evenement, donnees.get("statut"))
    except regles.IncidentRefuse as exc:
        raise _refus(lecteur, exc) from None
    except regles.IncidentInvalide as exc:
        raise Refus(409, "Conflict", str(exc)) from None
    evenement["journal"].append({"quand": horloge.maintenant().isoformat(timespec="seconds"), "qui": lecteur.login,
                                 "avant": evenement["statut"], "apres": nouveau})
    evenement["statut"] = nouveau
    return en_json(evenement, "complete", annuaire)


def lister(vs, annuaire, structure, lecteur, form):
    """GET @incidents?eleve=&type=&du=&au=: what this reader may see, in the view they may see it."""
    qui = profil(lecteur, annuaire, structure)
    if form.get("eleve") is not None and not isinstance(form.get("eleve"), str):
        raise Refus(400, "BadRequest", "Un seul élève attendu (eleve=identifiant).")
    eleve = form.get("eleve") or (qui.ident if lecteur.personne is not None and lecteur.personne.categorie == "Eleve" else None)
    famille = eleve is not None and (eleve == qui.ident or eleve in qui.enfants)
    if not (qui.admin or qui.personnel or famille):
        raise Refus(401 if lecteur.anonyme else 403, "Forbidden", "Vous ne pouvez pas consulter ces événements.")
    type_ = form.get("type") or None
    if type_ is not None and type_ not in regles.TYPES:
        raise Refus(400, "BadRequest", f"Type attendu : {', '.join(regles.TYPES)}.")
    du, au = form.get("du") or None, form.get("au") or None
    for borne in (du, au):
        if borne is not None and not _date_valide(borne):
            raise Refus(400, "BadRequest", "du et au attendus au format AAAA-MM-JJ.")
    if vs is None or vs.incidents is None:
        tous = []
    else:
        tous = vs.incidents_de(eleve) if eleve is not None else vs.incidents.values()
    items = []
    for evenement in regles.filtrer(tous, eleve, type_, du, au):
        vue = regles.vue(qui, evenement)
        if vue == "famille" and eleve is None:
            continue
        if vue is not None:
            items.append(en_json(evenement, vue, annuaire, vs, pour=eleve))
    return {"items": sorted(items, key=lambda i: i["quand"], reverse=True), "natures": natures(vs)}


def _date_valide(texte):
    try:
        date.fromisoformat(texte)
        return True
    except (TypeError, ValueError):
        return False
