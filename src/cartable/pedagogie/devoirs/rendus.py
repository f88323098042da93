"""A student's own hand-in (Rendu): what they read of it, the changes they send, « Remettre ».

Every decision is ``cartable.regles.devoirs``; this module reads and writes
the content. The Rendu is created on the student's first change, when they
hold « Cartable: Remettre un devoir » on the Devoir (granted by its workflow
while it is published), named after their directory id. Plone's own add form
cannot make one (the type's add permission is the administrators'): a Rendu
always belongs to the student who sent it.
"""

import base64
import binascii
import mimetypes
from urllib.parse import quote

from persistent.list import PersistentList
from plone import api
from plone.api.exc import InvalidParameterError
from plone.namedfile.file import NamedBlobFile
from Products.CMFCore.WorkflowCore import WorkflowException

from cartable.core.refus import Refus
from cartable.pedagogie.content.rendu import IRendu
from cartable.regles import devoirs as regles

NON_RENDU = "non rendu"
WORKFLOW_RENDU = "cartable_rendu_workflow"  # a hand-in's only workflow (profiles/default/workflows.xml)
MODIFIABLES = ("brouillon", "rouvert")


def rendu_de(devoir, eleve):
    """The Rendu of this student in the Devoir, or None."""
    objet = devoir.get(eleve) if eleve else None
    return objet if objet is not None and IRendu.providedBy(objet) else None


def etat_de(rendu, workflow=None):
    """A hand-in's state, read from its workflow history (its only workflow: no chain lookup, one tool lookup;
    a caller reading many hand-ins passes the tool). « brouillon » before any transition."""
    if rendu is None:
        return NON_RENDU
    workflow = workflow if workflow is not None else api.portal.get_tool("portal_workflow")
    return (workflow.getStatusOf(WORKFLOW_RENDU, rendu) or {}).get("review_state") or "brouillon"


def premiers_octets(fichier) -> bytes:
    with fichier.open() as flux:
        return flux.read(regles.PREMIERS_OCTETS)


def url_fichier(devoir, eleve, nom):
    return f"{devoir.absolute_url()}/@rendu-fichier?eleve={quote(eleve)}&nom={quote(nom)}"


def fichiers_de(devoir, rendu):
    return [{"nom": f.filename, "taille": f.getSize(), "taille_texte": regles.taille_lisible(f.getSize()),
             "url": url_fichier(devoir, rendu.eleve, f.filename)} for f in rendu.fichiers_liste()]


def iso(instant):
    return None if instant is None else regles.en_heure_de_paris(instant).isoformat(timespec="seconds")


def retard_enregistre(rendu_regle):
    """The lateness recorded at hand-in (an extension given afterwards does not rewrite it)."""
    retard = rendu_regle.retard
    return f"en retard de {regles.duree_lisible(retard)}" if rendu_regle.en_retard and retard else None


def description_devoir(devoir, regle, eleve):
    """What a student needs of the Devoir: their own dates (extension included) and the expected form."""
    limite = regles.date_limite_de(regle, eleve)
    return {
        "titre": devoir.Title(),
        "etat": regle.etat,
        "ouverture_texte": regles.date_lisible(regle.ouverture),
        "echeance": iso(regles.echeance_de(regle, eleve)),
        "echeance_texte": regles.date_lisible(regles.echeance_de(regle, eleve)),
        "date_limite_texte": regles.date_lisible(limite) if limite else None,
        "prolonge": eleve in regle.prolongations,
        "fichiers_attendus": regle.fichiers_attendus,
        "texte_attendu": regle.texte_attendu,
        "max_fichiers": regle.max_fichiers,
        "taille_max_octets": regle.taille_max_octets,
        "taille_max_texte": regles.taille_lisible(regle.taille_max_octets),
        "types_acceptes": sorted(regles.FAMILLES[f] for f in regle.types_autorises),
        "extensions": sorted(e for e, (famille, _) in regles.TYPES_DE_FICHIERS.items() if famille in regle.types_autorises),
    }


def fiche(acces, maintenant):
    """GET @rendu: the reader's own hand-in; « non rendu » when they have none (never a 404)."""
    devoir, eleve = acces.devoir, acces.qui
    regle = acces.regle()
    rendu = rendu_de(devoir, eleve)
    rendu_regle = rendu.regle() if rendu is not None else regles.Rendu(eleve=eleve)
    possible, message = regles.peut_remettre(regle, eleve, maintenant)
    visible = regles.visible_par_l_eleve(rendu_regle)
    etat = etat_de(rendu)
    return {
        "@id": f"{devoir.absolute_url()}/@rendu",
        "devoir": description_devoir(devoir, regle, eleve),
        "eleve": eleve,
        "etat": etat,
        "etat_libelle": regles.ETATS_RENDU.get(etat, "Non rendu"),
        "fichiers": fichiers_de(devoir, rendu) if rendu is not None else [],
        "texte": (rendu.texte or "") if rendu is not None else "",
        "remis_le": iso(visible["remis_le"]),
        "remis_le_texte": regles.date_lisible(visible["remis_le"]) if visible["remis_le"] else None,
        "en_retard": visible["en_retard"],
        "retard_texte": retard_enregistre(rendu_regle),
        "peut_remettre": possible,
        "message": message,
        "modifiable": possible and etat in (NON_RENDU, *MODIFIABLES),
        "transitions": regles.transitions_possibles(regle, rendu_regle, eleve, maintenant),
        "appreciation": visible["appreciation"],
        "note": None if visible["note"] is None else _note_texte(visible["note"]),
        "bareme": devoir.bareme or 20,
    }


def _note_texte(note):
    return format(note.normalize(), "f").replace(".", ",")


def _lire_demande(donnees):
    """(nouveaux fichiers [(nom, octets)], texte | None, noms à retirer, remettre); Refus 400 when malformed."""
    if not isinstance(donnees, dict):
        raise Refus(400, "BadRequest", "Corps JSON attendu (un objet).")
    fichiers, texte = donnees.get("fichiers") or [], donnees.get("texte")
    retirer, remettre = donnees.get("retirer") or [], donnees.get("remettre", False)
    if not isinstance(fichiers, list) or not all(isinstance(f, dict) for f in fichiers):
        raise Refus(400, "BadRequest", "fichiers : une liste de {\"nom\", \"contenu\"} est attendue.")
    if texte is not None and not isinstance(texte, str):
        raise Refus(400, "BadRequest", "texte : du texte est attendu.")
    if not isinstance(retirer, list) or not all(isinstance(n, str) for n in retirer):
        raise Refus(400, "BadRequest", "retirer : une liste de noms de fichiers est attendue.")
    if not isinstance(remettre, bool):
        raise Refus(400, "BadRequest", "remettre : vrai ou faux.")
    nouveaux = []
    for fichier in fichiers:
        nom, contenu = fichier.get("nom"), fichier.get("contenu")
        if not isinstance(nom, str) or not isinstance(contenu, str):
            raise Refus(400, "BadRequest", "Chaque fichier a un nom et un contenu (base64).")
        try:
            octets = base64.b64decode(contenu, validate=True)
        except (binascii.Error, ValueError):
            raise Refus(400, "BadRequest", f"« {nom} » : contenu illisible (base64 attendu).") from None
        nouveaux.append((nom, octets))
    return nouveaux, texte, retirer, remettre


def modifier(acces, donnees, maintenant):
    """POST @rendu: add/replace/remove files, set the text, hand in. All or nothing; the answer is ``fiche``."""
    devoir, eleve = acces.devoir, acces.qui
    nouveaux, texte, retirer, remettre = _lire_demande(donnees)
    if not (nouveaux or retirer or texte is not None or remettre):
        return fiche(acces, maintenant)  # nothing asked: nothing written
    regle = acces.regle()
    rendu = rendu_de(devoir, eleve)
    etat = etat_de(rendu)
    if etat not in (NON_RENDU, *MODIFIABLES):
        raise Refus(409, "Conflict", f"Ce rendu est à l'état « {regles.ETATS_RENDU[etat]} » : il ne peut plus être modifié.")
    possible, raison = regles.peut_remettre(regle, eleve, maintenant)
    if not possible:
        raise Refus(409, "Conflict", raison)
    existants = rendu.fichiers_liste() if rendu is not None else []
    noms_existants = {f.filename for f in existants}
    inconnus = [n for n in retirer if n not in noms_existants]
    if inconnus:
        raise Refus(400, "BadRequest", f"« {inconnus[0]} » ne fait pas partie de ce rendu.")
    # a file sent again under the same name replaces the previous one
    remplaces = {regles.nettoyer_nom(nom) for nom, _ in nouveaux}
    gardes = [f for f in existants if f.filename not in retirer and f.filename not in remplaces]
    liste = [(f.filename, f.getSize(), premiers_octets(f)) for f in gardes]
    liste += [(nom, len(octets), octets[: regles.PREMIERS_OCTETS]) for nom, octets in nouveaux]
    texte_final = texte if texte is not None else (rendu.texte if rendu is not None else None)
    if remettre:
        erreurs = regles.verifier_rendu(regle, liste, texte_final)
    else:
        erreurs = (regles.verifier_fichiers(regle, liste) if nouveaux or retirer else []) + \
                  (regles.verifier_texte(regle, texte) if texte is not None else [])
    if len({regles.nettoyer_nom(n) for n, _ in nouveaux}) < len(nouveaux):
        erreurs.append("Deux fichiers envoyés portent le même nom : renommez l'un d'eux.")
    if erreurs:
        raise Refus(400, "BadRequest", " ".join(erreurs))
    nouveau_rendu = regles.appliquer(regle, rendu.regle() if rendu is not None else regles.Rendu(eleve=eleve),
                                     "remettre", eleve, maintenant) if remettre else None
    if rendu is None:
        rendu = creer(devoir, acces)
    rendu.fichiers = PersistentList(gardes + [
        NamedBlobFile(data=octets, filename=regles.nettoyer_nom(nom),
                      contentType=mimetypes.guess_type(regles.nettoyer_nom(nom))[0] or "application/octet-stream")
        for nom, octets in nouveaux])
    if texte is not None:
        rendu.texte = texte
    if remettre:
        transition(rendu, "remettre", raison)
        rendu.retenir(nouveau_rendu)
    rendu.reindexObject()
    return fiche(acces, maintenant)


def creer(devoir, acces):
    """The student's Rendu, created as the student (the Devoir's workflow grants them the add permission)."""
    personne = acces.lecteur.personne
    from cartable.pedagogie.devoirs.acces import nom_de_dossier

    if not api.user.has_permission("Cartable: Remettre un devoir", obj=devoir):
        raise Refus(403, "Forbidden", "Ce devoir n'accepte pas de rendu.")
    with api.env.adopt_roles(["Manager"]):  # the student's own id stays the creator
        rendu = api.content.create(container=devoir, type="Rendu", id=personne.id, safe_id=False,
                                   title=f"Rendu de {nom_de_dossier(personne)}", eleve=personne.id)
    # no Owner role: it would let the student delete or share their hand-in; « Auteur du rendu »
    # (from the directory) is all the workflow needs
    rendu.manage_delLocalRoles([acces.lecteur.login])
    return rendu


def transition(objet, nom, message):
    """The DCWorkflow transition as the current user (its guard re-checks the rules); Refus 409 when refused."""
    try:
        api.content.transition(obj=objet, transition=nom)
    except (WorkflowException, InvalidParameterError):
        raise Refus(409, "Conflict", message) from None


def fichier(acces, eleve, nom):
    """(NamedBlobFile) for @rendu-fichier: the student's own, or any handed-in one for the space's teachers and direction."""
    devoir = acces.devoir
    if not (acces.lit_les_rendus or (acces.eleve and eleve == acces.qui)):
        raise acces.refus("Vous ne pouvez pas télécharger ce fichier.")
    rendu = rendu_de(devoir, eleve) if isinstance(eleve, str) else None
    if rendu is not None and eleve != acces.qui and etat_de(rendu) == "brouillon":
        rendu = None  # a draft is the student's alone until handed in
    for f in rendu.fichiers_liste() if rendu is not None else ():
        if f.filename == nom:
            return f
    raise Refus(404, "NotFound", "Fichier introuvable.")
