"""Parents declare absences; any CPE of the establishment accepts or refuses them."""

import base64
import binascii
import uuid
from datetime import date

from BTrees.OOBTree import OOTreeSet
from persistent.mapping import PersistentMapping
from plone.namedfile.file import NamedBlobFile

from cartable.core import horloge
from cartable.core.refus import Refus
from cartable.regles import acces, periode_declaree
from cartable.regles.declarations import DeclarationInvalide, decider

TAILLE_MAX_PIECE = 5 * 1024 * 1024
SIGNATURES = {b"%PDF": "application/pdf", b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def _eleve(annuaire, ident):
    eleve = annuaire.personne(ident) if annuaire is not None and isinstance(ident, str) else None
    if eleve is None or eleve.categorie != "Eleve":
        raise Refus(400, "BadRequest", "Élève inconnu.")
    return eleve


def _refus_acces(lecteur):
    return Refus(401 if lecteur.anonyme else 403, "Unauthorized", "Vous ne pouvez pas déclarer ou consulter les absences de cet élève.")


def piece_jointe(donnees):
    """A checked attachment (PDF, PNG, JPEG, ≤ 5 Mo) or None."""
    if not donnees:
        return None
    try:
        contenu = base64.b64decode(donnees.get("data", ""), validate=True)
    except (binascii.Error, AttributeError, TypeError):
        raise Refus(400, "BadRequest", "Pièce jointe illisible (base64 attendu).") from None
    if len(contenu) > TAILLE_MAX_PIECE:
        raise Refus(400, "BadRequest", "Pièce jointe trop lourde (5 Mo au plus).")
    genre = next((g for s, g in SIGNATURES.items() if contenu.startswith(s)), None)
    if genre is None:
        raise Refus(400, "BadRequest", "Pièce jointe refusée : PDF, PNG ou JPEG seulement.")
    nom = str(donnees.get("filename") or "justificatif").replace("/", "_")[:100]
    return NamedBlobFile(data=contenu, contentType=genre, filename=nom)


def _nom(annuaire, login):
    """A person's name from their login (the records keep logins), else None."""
    if annuaire is None or not login:
        return None
    personne = annuaire.par_login(login)
    return personne.nom_complet if personne is not None else None


def limite_du_jour(vs, jour):
    """The half-day boundary the establishment has in force on ``jour`` (its counting settings); today's when
    ``jour`` is not a date (the rule then refuses the body anyway)."""
    try:
        quand = date.fromisoformat(str(jour)[:10])
    except (TypeError, ValueError):
        quand = horloge.aujourd_hui()
    return vs.chronologie_decompte().en_vigueur(quand).limite


def periode_en_mots(declaration, annee=None):
    """« le jeudi 3 décembre, matin », « du jeudi 3 au vendredi 4 décembre » (regles.periode_declaree)."""
    return periode_declaree.en_mots(declaration.get("forme"), declaration["du"], declaration["au"],
                                    declaration.get("demi_journee"), annee)


def en_json(declaration, vs, annuaire=None):
    motif = vs.motifs.get(declaration["motif"], {})
    eleve = annuaire.personne(declaration["eleve"]) if annuaire is not None else None
    return {
        "forme": declaration.get("forme") or "moments", "demi_journee": declaration.get("demi_journee"),
        "periode": periode_en_mots(declaration, horloge.maintenant().year),
        "declaree_par_nom": _nom(annuaire, declaration["declaree_par"]), "traitee_par_nom": _nom(annuaire, declaration["traitee_par"]),
        "id": declaration["id"], "eleve": declaration["eleve"], "nom_eleve": eleve.nom_complet if eleve else None, "du": declaration["du"].isoformat(timespec="minutes"),
        "au": declaration["au"].isoformat(timespec="minutes"), "motif": {"code": declaration["motif"], "libelle": motif.get("libelle")},
        "commentaire": declaration["commentaire"], "piece": declaration["piece"].filename if declaration["piece"] else None,
        "statut": declaration["statut"], "raison": declaration["raison"], "declaree_par": declaration["declaree_par"],
        "declaree_le": declaration["declaree_le"], "traitee_par": declaration["traitee_par"], "traitee_le": declaration["traitee_le"],
    }


def declarer(vs, annuaire, structure, lecteur, donnees):
    if not isinstance(donnees, dict):
        raise Refus(400, "BadRequest", "Corps JSON attendu (un objet).")
    eleve = _eleve(annuaire, donnees.get("eleve"))
    if not (acces.responsable_legal(lecteur.personne, eleve) or lecteur.est_vie_scolaire(structure)):
        raise _refus_acces(lecteur)
    if structure not in eleve.rattachements:
        raise Refus(400, "BadRequest", "Cet élève n'est pas inscrit dans cet établissement.")
    motif = vs.motifs.get(donnees.get("motif"))
    if motif is None or not (motif["utilisable_familles"] or lecteur.est_vie_scolaire(structure)):
        utilisables = ", ".join(f"{c} ({m['libelle']})" for c, m in vs.motifs.items() if m["utilisable_familles"])
        raise Refus(400, "BadRequest", f"Motif non proposé aux familles. Motifs possibles : {utilisables}.")
    try:
        periode = periode_declaree.lire(donnees, limite_du_jour(vs, donnees.get("jour") or donnees.get("du")))
    except DeclarationInvalide as exc:
        raise Refus(400, "BadRequest", str(exc)) from None
    commentaire = str(donnees.get("commentaire") or "")[:2000]
    piece = piece_jointe(donnees.get("piece"))
    ident = uuid.uuid4().hex
    vs.declarations[ident] = PersistentMapping(
        id=ident, eleve=eleve.id, du=periode["du"], au=periode["au"], forme=periode["forme"],
        demi_journee=periode["demi_journee"], motif=donnees["motif"], commentaire=commentaire, piece=piece,
        statut="a_traiter", raison=None, declaree_par=lecteur.login, declaree_le=horloge.maintenant().isoformat(timespec="seconds"),
        traitee_par=None, traitee_le=None,
    )
    if eleve.id not in vs.declarations_eleve:
        vs.declarations_eleve[eleve.id] = OOTreeSet()
    vs.declarations_eleve[eleve.id].add(ident)
    return en_json(vs.declarations[ident], vs, annuaire)


def traiter(vs, structure, lecteur, ident, donnees):
    lecteur.exiger_vie_scolaire(structure, "Seule la vie scolaire traite les déclarations.")
    declaration = vs.declarations.get(ident) if vs is not None else None
    if declaration is None:
        raise Refus(404, "NotFound", "Déclaration introuvable.")
    donnees = donnees if isinstance(donnees, dict) else {}
    try:
        statut = decider(declaration["statut"], donnees.get("decision"), donnees.get("raison"))
    except DeclarationInvalide as exc:
        raise Refus(409 if declaration["statut"] != "a_traiter" else 400, "BadRequest", str(exc)) from None
    declaration.update(statut=statut, raison=(donnees.get("raison") or None), traitee_par=lecteur.login,
                       traitee_le=horloge.maintenant().isoformat(timespec="seconds"))
    return en_json(declaration, vs, lecteur.annuaire)


def lister(vs, annuaire, structure, lecteur, form):
    """A student's declarations (family, vie scolaire), or the establishment's to treat (vie scolaire)."""
    if vs is None:
        return {"items": []}
    if form.get("eleve"):
        eleve = _eleve(annuaire, form["eleve"])
        if not (lecteur.admin or acces.voit_eleve(annuaire, lecteur.personne, eleve)) or (
            lecteur.personne is not None and lecteur.personne.categorie == "PersEducNat" and not lecteur.est_vie_scolaire(structure)
        ):
            raise _refus_acces(lecteur)
        items = vs.declarations_de(eleve.id)
    elif lecteur.est_vie_scolaire(structure):
        statut = form.get("statut")
        items = [d for d in vs.declarations.values() if not statut or d["statut"] == statut]
    else:
        raise _refus_acces(lecteur)
    return {"items": [en_json(d, vs, annuaire) for d in sorted(items, key=lambda d: d["declaree_le"])]}
