"""Large grade imports in the background (the confirmed @notes-import of more than SEUIL_LIGNES rows).

Only for a client that sends ``Prefer: respond-async`` (the @@transfert-notes
page does): it gets 202 and the job's ``suivi`` URL. The request keeps the
file as a blob with the establishment and queues ``importer_notes``; the task plans the file again against what is stored
then, refuses the whole file if any row is rejected, and writes every record
in the task's single transaction (all or nothing, as the synchronous path).
Progress goes to the job record: rows checked while planning, records
written while writing. The stored file is removed in the same transaction.
"""

import time
import uuid

from BTrees.OOBTree import OOBTree
from plone import api
from plone.namedfile.file import NamedBlobFile
from zope.annotation.interfaces import IAnnotations

from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge
from cartable.core.refus import Refus
from cartable.core.tasks import cartable_task, enqueue, job_for_key
from cartable.notes import transfert
from cartable.notes.stockage import carnet_pour_ecrire, competences_pour_ecrire, lire_carnet, lire_competences
from cartable.regles import transfert_notes as format_

SEUIL_LIGNES = 5000
PAS = 500  # rows between two progress reports
CLE_DEPOTS = "cartable.notes.imports"
CONSERVATION = 7 * 24 * 3600  # a file whose task failed is dropped after the job record expires
RAISONS_MAX = 50


def en_arriere_plan(request, lecture):
    """A large file whose sender accepts an answer before the work is done (RFC 7240 ``Prefer: respond-async``,
    which the page sends); other clients keep the synchronous answer they were written for."""
    preferences = {p.strip().lower() for p in (request.getHeader("Prefer") or "").split(",")}
    return len(lecture.lignes) > SEUIL_LIGNES and "respond-async" in preferences


def message_de_rejet(nombre):
    return f"{nombre} ligne(s) rejetée(s) : corrigez le fichier, rien n'a été écrit."


def depots(etab):
    """The stored files awaiting their task: {id: {"fichier", "nom", "par", "depose_le"}}."""
    annotations = IAnnotations(etab)
    if CLE_DEPOTS not in annotations:
        annotations[CLE_DEPOTS] = OOBTree()
    return annotations[CLE_DEPOTS]


def deposer(etab, contenu, nom, qui):
    """Store the file for the worker; drop files left by tasks that failed long ago."""
    stockes = depots(etab)
    limite = time.time() - CONSERVATION
    for ancien in [k for k, v in stockes.items() if v["depose_le"] < limite]:
        del stockes[ancien]
    ident = uuid.uuid4().hex
    stockes[ident] = {"fichier": NamedBlobFile(data=contenu, contentType="application/octet-stream", filename=nom),
                      "nom": nom, "par": qui, "depose_le": time.time()}
    return ident


def lancer(etab, lecteur, contenu, nom, lecture, cle_idempotence=None):
    """Queue the import of an already decoded file; the answer carries the job's ``suivi`` URL."""
    erreurs = lecture.erreurs()
    if erreurs:  # refused rows found while decoding: no need to wait for the worker
        raise Refus(400, "BadRequest", message_de_rejet(len(erreurs)))
    portail = api.portal.get()
    job = job_for_key(lecteur.login, cle_idempotence)
    if job is None:
        depot = deposer(etab, contenu, nom, lecteur.login)
        job = enqueue(f"{importer_notes.__module__}.importer_notes", "/".join(portail.getPhysicalPath()), lecteur.login,
                      {"etablissement": "/".join(etab.getPhysicalPath()), "depot": depot}, idempotency_key=cle_idempotence)
    return {"confirme": False, "en_cours": True, "job": job, "lignes_fichier": len(lecture.lignes),
            "suivi": f"{portail.absolute_url()}/@cartable-tasks/{job}"}


def planifier_fichier(etab, annuaire, contenu, nom, signaler=None):
    """Decode and plan a file against the establishment's stored grades; ``signaler(vus)`` every PAS rows checked."""
    structure = etab.jointure
    uai = annuaire.structures[structure].uai
    carnet, comp = lire_carnet(etab), lire_competences(etab)
    lecture = format_.lire(contenu, nom, **transfert.contexte_lecture(carnet, comp, uai))
    verifier = transfert.verificateur(annuaire, structure, uai, carnet, comp)
    vus = 0

    def verifier_en_comptant(record):
        nonlocal vus
        vus += 1
        if signaler is not None and vus % PAS == 0:
            signaler(vus, len(lecture.lignes))
        return verifier(record)

    return lecture, format_.planifier(lecture, transfert.existant(carnet, uai, lecture.cles_utiles(), comp), verifier_en_comptant)


def _refus(message, plan=None):
    rejets = plan.rejets() if plan is not None else []
    return {"confirme": False, "message": message, "resume": plan.resume() if plan is not None else None,
            "nb_rejets": len(rejets), "rejets": rejets[:RAISONS_MAX]}


@cartable_task(permission="cmf.ManagePortal", title="Import de notes")
def importer_notes(site, progress, etablissement, depot):
    """Plan the stored file again and write it in this one transaction, or refuse it whole."""
    etab = site.unrestrictedTraverse(etablissement)
    entree = depots(etab).get(depot)
    if entree is None:
        return _refus("Fichier introuvable (déjà importé ou expiré) : rien n'a été écrit.")
    del depots(etab)[depot]  # used once, whatever the outcome; committed with it
    progress(0, None, "Lecture du fichier…")

    def signaler(vus, lignes):
        # until the plan is known every row may have to be written: the bar only moves forward
        progress(vus, 2 * lignes, f"Vérification : {vus} / {lignes} lignes")

    try:
        lecture, plan = planifier_fichier(etab, lire_annuaire(site), entree["fichier"].data, entree["nom"], signaler)
    except format_.TransfertInvalide as exc:
        return _refus(str(exc))
    lignes, a_ecrire = len(lecture.lignes), plan.a_ecrire
    total = lignes + len(a_ecrire)
    progress(lignes, total, f"Vérification : {lignes} / {lignes} lignes")
    if plan.rejets():
        return _refus(message_de_rejet(len(plan.rejets())), plan)
    carnet, quand = carnet_pour_ecrire(etab), horloge.maintenant().isoformat(timespec="seconds")
    # skills (the référentiel, positions, bilans) written in the establishment's Competences, made if needed
    comp = competences_pour_ecrire(etab) if any(r["type"] in format_.TYPES_COMPETENCES for r in a_ecrire) else lire_competences(etab)
    for debut in range(0, len(a_ecrire), PAS):
        lot = a_ecrire[debut:debut + PAS]
        transfert.appliquer(carnet, lot, entree["par"], quand, comp)
        ecrits = debut + len(lot)
        progress(lignes + ecrits, total, f"Écriture : {ecrits} / {len(a_ecrire)} enregistrements")
    return {"confirme": True, "resume": plan.resume(), "ecrits": len(a_ecrire), "lignes_fichier": lignes}
