"""Cahier de textes: who may do what, reading entries, writing one, the visa.

Thin around ``regles.agenda`` (``appliquer``, ``viser``, the visa's
additions-only rule) and ``regles.cahier_de_textes`` (keys, travaux from JSON).
Every write goes through ``ecrire``: the entry, its history line and the
agenda index change in the same transaction, or nothing does.
"""

import base64
import binascii
import time
from dataclasses import replace
from datetime import date

from AccessControl import getSecurityManager
from plone import api
from plone.namedfile.file import NamedBlobFile

from cartable.core import horloge
from cartable.pedagogie.agenda import index
from cartable.pedagogie.agenda.refus import Refus, interdit
from cartable.pedagogie.agenda.stockage import EntreeCahier
from cartable.pedagogie.content.devoir import instant
from cartable.pedagogie.espaces import ID_CAHIER
from cartable.regles import agenda as regles_agenda
from cartable.regles import cahier_de_textes as regles
from cartable.regles import devoirs
from cartable.regles import droits_pedagogie as droits
from cartable.regles.emploi_du_temps import lire_cle

PIECES_MAX = 5
TAILLE_MAX_PIECE = 10 * devoirs.MO
CONTENU_MAX = 20_000


def qualites(lecteur, espace) -> frozenset:
    if lecteur.personne is None or lecteur.annuaire is None:
        return frozenset()
    return droits.qualites(lecteur.annuaire, lecteur.personne, droits.espace_de(espace))


def exiger(lecteur, espace, *permises):
    """The reader's qualities when one of ``permises`` is among them (the admin passes), else a refusal."""
    found = qualites(lecteur, espace)
    if not (lecteur.admin or found & set(permises)):
        raise interdit(lecteur, "Accès refusé à ce cahier de textes.")
    return found


LECTEURS = (droits.ENSEIGNANT, droits.ELEVE, droits.PARENT, droits.VIE_SCOLAIRE, droits.DIRECTION)


def cahier_de(espace):
    cahier = espace.get(ID_CAHIER) if hasattr(espace, "get") else None
    if cahier is None:
        raise Refus(404, "NotFound", "Cet espace n'a pas de cahier de textes.")
    return cahier


def qui(lecteur) -> str:
    return lecteur.personne.id if lecteur.personne is not None else lecteur.login


def nom_de(annuaire, ident) -> str:
    personne = annuaire.personne(ident) if annuaire is not None and ident else None
    return personne.nom_complet if personne is not None else (ident or "")


# --- JSON ----------------------------------------------------------------------------------


def entree_json(espace, enregistrement, annuaire) -> dict:
    entree = enregistrement.entree
    base = espace.absolute_url()
    return {
        "cle": entree.cle,
        "date": entree.date.isoformat(),
        "hors_edt": regles.est_hors_edt(entree.cle),
        "contenu": entree.contenu,
        "travaux": [regles.travail_json(t) for t in entree.travaux],
        "pieces_jointes": [
            {"id": ident, "taille": getattr(enregistrement.fichiers.get(ident), "size", 0),
             "url": f"{base}/@@cahier-de-textes-piece?cle={entree.cle}&id={ident}"}
            for ident in entree.pieces_jointes
        ],
        "visa": None if entree.visa is None else {
            "quand": entree.visa.quand.isoformat(), "qui": entree.visa.qui, "nom": nom_de(annuaire, entree.visa.qui)},
    }


def _valeur_json(champ, valeur):
    if champ == "travaux":
        return [regles.travail_json(t) for t in valeur]
    if champ == "pieces_jointes":
        return list(valeur)
    if champ == "visa":
        return None if valeur is None else {"quand": valeur.quand.isoformat(), "qui": valeur.qui}
    return valeur


def trace_json(trace, annuaire) -> dict:
    return {
        "qui": trace.qui, "nom": nom_de(annuaire, trace.qui), "quand": trace.quand.isoformat(),
        "avant": {k: _valeur_json(k, v) for k, v in trace.avant.items()},
        "apres": {k: _valeur_json(k, v) for k, v in trace.apres.items()},
    }


# --- Reading ---------------------------------------------------------------------------------


def lire(espace, lecteur, du, au) -> dict:
    found = exiger(lecteur, espace, *LECTEURS)
    cahier = cahier_de(espace)
    if au < du:
        raise Refus(400, "BadRequest", "La fin de la période précède son début.")
    if (au - du).days > 366:
        raise Refus(400, "BadRequest", "Période limitée à un an.")
    entrees = [entree_json(espace, e, lecteur.annuaire) for e in cahier.entrees_du(du, au)]
    devoirs_donnes = devoirs_par_seance(espace, entrees)
    for entree in entrees:
        entree["devoirs"] = devoirs_donnes.get(entree["cle"], [])
    return {
        "espace": espace.Title(), "division": getattr(espace, "division", None),
        "du": du.isoformat(), "au": au.isoformat(),
        "modifiable": droits.ENSEIGNANT in found,
        "peut_viser": lecteur.admin or droits.DIRECTION in found,
        "vise_jusqu_au": cahier.vise_jusqu_au.isoformat() if cahier.vise_jusqu_au else None,
        "entrees": entrees,
    }


def horaires(espace, cles) -> dict:
    """{entry key: (start, end)} of the sessions the timetable knows (the vie scolaire add-on is optional)."""
    try:
        from cartable.viescolaire.stockage import lire_vie_scolaire
    except ImportError:  # no vie scolaire: no hours, each Devoir goes to its day's first session
        return {}
    etablissement = espace.etablissement()
    vs = lire_vie_scolaire(etablissement) if etablissement is not None else None
    if vs is None:
        return {}
    occurrences = {cle: vs.occurrence(cle) for cle in cles if not regles.est_hors_edt(cle)}
    return {cle: (occ.debut, occ.fin) for cle, occ in occurrences.items() if occ is not None}


def devoirs_par_seance(espace, entrees) -> dict:
    """{entry key: [{"titre", "url", "pour_le_mots"}]}: each Devoir of the space the reader may see, in the session
    where it was given (regles.cahier_de_textes.seance_du_devoir: the course during which it opens). One
    catalog query for the space, the Devoirs of the period's days woken (a few a week)."""
    if not entrees:
        return {}
    heures = horaires(espace, [e["cle"] for e in entrees])
    seances = [(e["cle"], date.fromisoformat(e["date"]), *heures.get(e["cle"], (None, None))) for e in entrees]
    jours = {s[1] for s in seances}
    catalogue = api.portal.get_tool("portal_catalog")
    securite = getSecurityManager()
    resultat = {}
    # unrestricted, then each Devoir checked: the space's roles come from a local-role provider (the directory)
    # that the catalog's allowedRolesAndUsers cannot list
    for brain in catalogue.unrestrictedSearchResults(portal_type="Devoir", path={"query": "/".join(espace.getPhysicalPath())}):
        devoir = brain._unrestrictedGetObject()
        if not securite.checkPermission("View", devoir):
            continue
        ouverture = devoirs.en_heure_de_paris(instant(devoir.ouverture)).replace(tzinfo=None) if devoir.ouverture else None
        if ouverture is None or ouverture.date() not in jours:
            continue
        cle = regles.seance_du_devoir(ouverture, seances)
        if cle is not None:
            echeance = instant(getattr(devoir, "echeance", None))
            resultat.setdefault(cle, []).append({
                "titre": devoir.Title(), "url": devoir.absolute_url(),
                "pour_le_mots": devoirs.date_lisible(echeance) if echeance is not None else None})
    for liste in resultat.values():
        liste.sort(key=lambda d: d["titre"])
    return resultat


def historique(espace, lecteur, cle) -> dict:
    exiger(lecteur, espace, droits.ENSEIGNANT, droits.DIRECTION)
    if not cle or lire_cle(cle) is None:
        raise Refus(400, "BadRequest", "Paramètre cle attendu (AAAA-MM-JJ@créneau).")
    traces = cahier_de(espace).traces_de(cle)
    return {"cle": cle, "items": [trace_json(t, lecteur.annuaire) for t in traces]}


# --- Writing -------------------------------------------------------------------------------------


def _pieces(donnees, deja):
    """[(id, NamedBlobFile)] of the attachments sent (base64), checked like a hand-in's files."""
    pieces = donnees.get("pieces_jointes") or []
    if not isinstance(pieces, list):
        raise Refus(400, "BadRequest", "« pieces_jointes » : une liste est attendue.")
    lus = []
    for rang, piece in enumerate(pieces, 1):
        if not isinstance(piece, dict) or not isinstance(piece.get("nom"), str):
            raise Refus(400, "BadRequest", f"Pièce jointe n° {rang} : {{nom, contenu}} attendu.")
        try:
            contenu = base64.b64decode(piece.get("contenu") or "", validate=True)
        except (binascii.Error, ValueError):
            raise Refus(400, "BadRequest", f"« {piece['nom']} » : contenu illisible (base64 attendu).") from None
        lus.append((piece["nom"], contenu))
    if not lus:
        return []
    maintenant = horloge.instant()
    regle = devoirs.Devoir(ouverture=maintenant, echeance=maintenant, max_fichiers=PIECES_MAX,
                           taille_max_octets=TAILLE_MAX_PIECE)
    erreurs = devoirs.verifier_fichiers(regle, [(nom, len(c), c[: devoirs.PREMIERS_OCTETS]) for nom, c in lus])
    if len(deja) + len(lus) > PIECES_MAX:
        erreurs.append(f"Une séance a au plus {PIECES_MAX} pièces jointes.")
    if erreurs:
        raise Refus(400, "BadRequest", " ".join(erreurs))
    noms = devoirs.noms_uniques(list(deja) + [nom for nom, _ in lus])[len(deja):]
    return [(ident, NamedBlobFile(data=contenu, filename=ident)) for ident, (_, contenu) in zip(noms, lus)]


def ecrire(espace, lecteur, donnees) -> dict:
    """Create or change one entry: {cle?, date?, contenu?, travaux?, pieces_jointes?, pieces_retirees?}."""
    exiger_ecriture(lecteur, espace)
    cahier = cahier_de(espace)
    if not isinstance(donnees, dict):
        raise Refus(400, "BadRequest", "Corps JSON attendu (un objet).")
    quand = horloge.instant()
    try:
        jour = regles.lire_date(donnees["date"], "Date de la séance") if donnees.get("date") else None
        cle = donnees.get("cle")
        if not cle:
            if jour is None:
                raise regles_agenda.SaisieInvalide("Indiquez la séance (cle) ou sa date.")
            existantes = [e.entree.cle for e in cahier.entrees_du(jour, jour)]
            cle = regles.cle_hors_edt(jour, existantes)
        if not isinstance(cle, str):
            raise regles_agenda.SaisieInvalide("La clé de la séance doit être un texte.")
        enregistrement = cahier.entrees.get(cle) if cahier.entrees is not None else None
        entree = enregistrement.entree if enregistrement is not None else regles_agenda.nouvelle_entree(cle, jour)
        contenu = donnees.get("contenu")
        if isinstance(contenu, str) and len(contenu) > CONTENU_MAX:
            raise regles_agenda.SaisieInvalide(f"Le contenu de la séance dépasse {CONTENU_MAX} caractères.")
        travaux = None
        if "travaux" in donnees:
            travaux = regles.lire_travaux(donnees["travaux"], index.chemin(espace), index.matiere_de(espace), quand,
                                          anciens=entree.travaux)
        retirees = donnees.get("pieces_retirees") or []
        if not isinstance(retirees, list):
            raise regles_agenda.SaisieInvalide("« pieces_retirees » : une liste est attendue.")
        gardees = [p for p in entree.pieces_jointes if p not in retirees]
        nouvelles = _pieces(donnees, gardees)
        pieces = tuple(gardees + [ident for ident, _ in nouvelles]) if (nouvelles or retirees) else None
        changement = regles_agenda.Changement(contenu=contenu, travaux=travaux, pieces_jointes=pieces)
        # bad input is a 400 visa or not; what only the visa forbids is a 409
        mal_forme = regles_agenda.modification_autorisee(replace(entree, visa=None), changement)
        if mal_forme:
            raise regles_agenda.SaisieInvalide(mal_forme)
        nouvelle, trace = regles_agenda.appliquer(entree, changement, qui(lecteur), quand)
    except regles_agenda.ModificationRefusee as exc:
        raise Refus(409, "Conflict", str(exc)) from None
    except regles_agenda.SaisieInvalide as exc:
        raise Refus(400, "BadRequest", str(exc)) from None
    entrees = cahier.entrees_pour_ecrire()
    if enregistrement is None:
        enregistrement = entrees[cle] = EntreeCahier(nouvelle)
    elif nouvelle is not entree:
        enregistrement.entree = nouvelle
    for ident in set(entree.pieces_jointes) - set(nouvelle.pieces_jointes):
        enregistrement.fichiers.pop(ident, None)
    for ident, fichier in nouvelles:
        enregistrement.fichiers[ident] = fichier
    if trace is not None:
        cahier.historique[(cle, quand.isoformat(), time.time_ns())] = trace
    index.mettre_a_jour(espace, index.inscriptions(espace, entree.travaux, cle),
                        index.inscriptions(espace, nouvelle.travaux, cle))
    return entree_json(espace, enregistrement, lecteur.annuaire)


def exiger_ecriture(lecteur, espace):
    """Teachers of the space only: the cahier is what they did in class."""
    if droits.ENSEIGNANT not in qualites(lecteur, espace):
        raise interdit(lecteur, "Seuls les enseignants de cet espace écrivent son cahier de textes.")


def viser(espace, lecteur, au) -> dict:
    """The direction's visa on every entry held up to ``au``; visaed entries take additions only."""
    if not (lecteur.admin or droits.DIRECTION in qualites(lecteur, espace)):
        raise interdit(lecteur, "Le visa est réservé à la direction de l'établissement.")
    cahier = cahier_de(espace)
    quand = horloge.instant()
    qui_ = qui(lecteur)
    vises = 0
    if cahier.entrees is not None:
        for enregistrement in cahier.entrees.values(max=f"{au.isoformat()}@\uffff"):
            entree = enregistrement.entree
            if entree.date > au or entree.visa is not None:
                continue  # an entry keeps its first visa (date and signer); viewing again writes nothing
            enregistrement.entree = regles_agenda.viser(entree, qui_, quand)
            cahier.historique[(entree.cle, quand.isoformat(), time.time_ns())] = regles_agenda.Trace(
                qui=qui_, quand=quand, avant={"visa": entree.visa}, apres={"visa": enregistrement.entree.visa})
            vises += 1
    if cahier.vise_jusqu_au is None or cahier.vise_jusqu_au < au:
        cahier.vise_jusqu_au = au
    return {"au": au.isoformat(), "vises": vises, "quand": quand.isoformat()}


def piece(espace, lecteur, cle, ident):
    """(NamedBlobFile) of an attachment, for the members of the space."""
    exiger(lecteur, espace, *LECTEURS)
    cahier = cahier_de(espace)
    enregistrement = cahier.entrees.get(cle) if cahier.entrees is not None and cle else None
    fichier = enregistrement.fichiers.get(ident) if enregistrement is not None else None
    if fichier is None or ident not in enregistrement.entree.pieces_jointes:
        raise Refus(404, "NotFound", "Pièce jointe introuvable.")
    return fichier


def date_du_jour():
    from cartable.pedagogie.content.devoir import PARIS

    return horloge.instant().astimezone(PARIS).date()
