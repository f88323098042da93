"""Pedagogy notifications, deposited in the in-app boxes (cartable.core.notifications) by background tasks.

- a Devoir published → the space's students and their legal responsables
  (« Nouveau devoir : <titre>, à rendre le … »);
- a *travail à faire* added to a cahier de textes (``ITravailAjoute``) → the same people;
- a Rendu restitué → its student and their legal responsables only (« Devoir
  corrigé : … », with the mark: nobody else receives it);
- the day before a due date, « échéance proche » to each student of the space
  (once per student and work: the notification's key), by the periodic tour.

The request only queues (after its commit) an internal task with what it
knows; the task, in the worker, looks up the recipients in the directory
(30 students + 50 parents = 80 deposits) and deposits with a key, so a re-run
merges instead of duplicating. Each published work is also noted in the
reminders tree (``rappels``: (due date, key) → what to remind), which the
periodic tour reads by date range: no scan of every Devoir of the region.
"""

import logging
from datetime import date, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

from Acquisition import aq_inner, aq_parent
from BTrees.OOBTree import OOBTree
from plone import api
from zope.annotation.interfaces import IAnnotations

from cartable.core import horloge, notifications, periodique
from cartable.pedagogie.content.espace import espace_englobant
from cartable.pedagogie.evenements import en_masse
from cartable.regles import devoirs as regles_devoirs
from cartable.regles.acces import responsables_legaux

logger = logging.getLogger("cartable.pedagogie.suivi")

PARIS = ZoneInfo("Europe/Paris")
TACHE = "cartable.pedagogie.suivi.notifications.deposer_notifications"
CLE_RAPPELS = "cartable.pedagogie.rappels"
RAPPELS_PAR_TOUR = 200  # a tour handles at most this many works: small transactions, the rest next minute
ETATS_RENDUS = ("remis", "corrige", "restitue")  # already handed in: no reminder


def chemin(objet) -> str:
    return "/".join(objet.getPhysicalPath())


# -- who ----------------------------------------------------------------------------


def eleves_de_l_espace(annuaire, espace) -> list:
    """Active students of a space: its class or group roster, or a free space's members."""
    if getattr(espace, "libre", False):
        ids = list(espace.membres or ())
    else:
        ids = annuaire.eleves(espace.structure(), espace.division)
    eleves = []
    for ident in ids:
        personne = annuaire.personne(ident)
        if personne is not None and personne.actif and personne.categorie == "Eleve":
            eleves.append(personne)
    return eleves


def avec_familles(annuaire, eleves) -> set:
    personnes = set()
    for eleve in eleves:
        personnes.add(eleve.id)
        personnes.update(responsables_legaux(annuaire, eleve))
    return personnes


# -- the task ---------------------------------------------------------------------------


@periodique.tache_interne("Notifications de la pédagogie")
def deposer_notifications(site, progress, destinataires=(), espace=None, eleves=(), genre="pedagogie", titre="",
                          texte="", details=None, cle=None, quand=None, rappel=None):
    """Deposit one notification to: ``destinataires``, the students of ``espace`` (path) and the
    students ``eleves`` with their legal responsables; note ``rappel`` for the day before."""
    from cartable.annuaire.stockage import lire_annuaire

    annuaire = lire_annuaire(site)
    personnes = set(destinataires)
    objets = []
    if annuaire is not None:
        if espace:
            objet = site.unrestrictedTraverse(espace, None)
            if objet is not None:
                objets = eleves_de_l_espace(annuaire, objet)
        objets += [p for p in (annuaire.personne(i) for i in eleves) if p is not None and p.actif]
        personnes |= avec_familles(annuaire, objets)
    quand = quand or horloge.instant().isoformat(timespec="seconds")
    for rang, personne in enumerate(sorted(personnes), 1):
        notifications.deposer(site, personne, quand, genre, titre, texte, details, cle)
        if progress is not None and rang % 50 == 0:
            progress(rang, len(personnes))
    if rappel:
        noter_rappel(site, rappel)
    return {"notifications": len(personnes)}


def lancer(site, **params):
    if en_masse():
        return None  # the demo's homework is not news to its families
    return periodique.lancer(TACHE, site.getPhysicalPath(), params)


# -- subscribers (in the request: they only queue) ------------------------------------


def apres_transition(objet, event):
    """IAfterTransitionEvent: a Devoir published, a Rendu restitué."""
    transition = getattr(event.transition, "id", None)
    if transition == "publier" and event.workflow.getId() == "cartable_devoir_workflow":
        devoir_publie(objet)
    elif transition == "restituer" and event.workflow.getId() == "cartable_rendu_workflow":
        rendu_restitue(objet)


def devoir_publie(devoir):
    from cartable.pedagogie.content.devoir import instant

    espace = espace_englobant(devoir)
    if espace is None:
        return
    echeance = instant(devoir.echeance)
    titre = f"Nouveau devoir : {devoir.Title()}"
    texte = f"Nouveau devoir : {devoir.Title()}, à rendre le {regles_devoirs.date_lisible(echeance)}."
    details = {"devoir": devoir.UID(), "url": devoir.absolute_url(), "espace": espace.Title(),
               "echeance": echeance.isoformat()}
    rappel = {"cle": f"devoir:{devoir.UID()}", "pour_le": echeance.astimezone(PARIS).date().isoformat(),
              "espace": chemin(espace), "devoir": chemin(devoir), "titre": devoir.Title(), "url": devoir.absolute_url()}
    lancer(api.portal.get(), espace=chemin(espace), genre="devoir", titre=titre, texte=texte, details=details,
           cle=f"devoir:{devoir.UID()}", rappel=rappel)


def rendu_restitue(rendu):
    devoir = aq_parent(aq_inner(rendu))
    titre = f"Devoir corrigé : {devoir.Title()}"
    phrases = [f"Devoir corrigé : {devoir.Title()}."]
    if rendu.note is not None:
        phrases.append(f"Note : {rendu.note.replace('.', ',')}/{getattr(devoir, 'bareme', None) or 20}.")
    if rendu.appreciation:
        phrases.append(f"Appréciation : {rendu.appreciation}")
    details = {"devoir": devoir.UID(), "url": rendu.absolute_url(), "eleve": rendu.eleve, "note": rendu.note}
    lancer(api.portal.get(), eleves=[rendu.eleve], genre="devoir_corrige", titre=titre, texte=" ".join(phrases),
           details=details, cle=f"restitue:{rendu.UID()}")


def travail_ajoute(event):
    """ITravailAjoute: the students of the space and their families; a reminder the day before."""
    espace, travail = event.espace, event.travail
    if str(travail.id).startswith("devoir-") and getattr(travail, "devoir", None):
        return  # the agenda's item of a published Devoir: the Devoir's own publication notifies
    pour_le = travail.pour_le.isoformat() if isinstance(travail.pour_le, date) else str(travail.pour_le)
    lisible = travail.pour_le.strftime("%d/%m/%Y") if isinstance(travail.pour_le, date) else pour_le
    cle = f"travail:{espace.UID()}:{travail.id}"
    titre = f"Travail à faire : {travail.titre}"
    texte = f"Travail à faire en {espace.matiere_libelle or espace.Title()} : {travail.titre}, pour le {lisible}."
    details = {"espace": espace.Title(), "url": espace.absolute_url(), "pour_le": pour_le, "travail": travail.id}
    rappel = {"cle": cle, "pour_le": pour_le, "espace": chemin(espace), "titre": travail.titre,
              "url": espace.absolute_url()}
    lancer(api.portal.get(), espace=chemin(espace), genre="travail", titre=titre, texte=texte, details=details,
           cle=cle, rappel=rappel)


# -- reminders the day before (periodic) ---------------------------------------------


def _rappels(site, creer=False):
    annotations = IAnnotations(site)
    if CLE_RAPPELS not in annotations and creer:
        annotations[CLE_RAPPELS] = OOBTree()
    return annotations.get(CLE_RAPPELS)


def noter_rappel(site, rappel):
    _rappels(site, creer=True)[(rappel["pour_le"], rappel["cle"])] = dict(rappel)


def rappels_echeance(site, progress, maintenant):
    """Periodic: « échéance proche » the day before (Paris), once per student and work; then forget the work."""
    from cartable.annuaire.stockage import lire_annuaire
    from cartable.pedagogie.content.devoir import instant

    arbre = _rappels(site)
    annuaire = lire_annuaire(site)
    if arbre is None or annuaire is None:
        return {"rappels": 0}
    demain = (maintenant.astimezone(PARIS).date() + timedelta(days=1)).isoformat()
    faits = 0
    for cle_arbre in list(islice(arbre.keys(max=(demain, "\uffff")), RAPPELS_PAR_TOUR)):
        rappel = arbre.pop(cle_arbre)
        if cle_arbre[0] != demain:
            continue  # passed (the worker was stopped that day): too late to remind
        espace = site.unrestrictedTraverse(rappel["espace"], None)
        if espace is None:
            continue
        devoir = site.unrestrictedTraverse(rappel["devoir"], None) if rappel.get("devoir") else None
        if rappel.get("devoir"):
            if devoir is None or api.content.get_state(devoir, default=None) != "publie":
                continue
            jour = instant(devoir.echeance).astimezone(PARIS).date().isoformat()
            if jour != demain:  # the date moved since: remind the day before the new one
                if jour > demain:
                    arbre[(jour, rappel["cle"])] = {**rappel, "pour_le": jour}
                continue
        for eleve in eleves_de_l_espace(annuaire, espace):
            if devoir is not None and eleve.id in devoir.objectIds() and \
                    api.content.get_state(devoir[eleve.id], default=None) in ETATS_RENDUS:
                continue
            notifications.deposer(site, eleve.id, maintenant.isoformat(timespec="seconds"), "echeance",
                                  f"Échéance proche : {rappel['titre']}",
                                  f"« {rappel['titre']} » est à rendre demain ({espace.Title()}).",
                                  {"url": rappel.get("url"), "pour_le": demain}, cle=f"echeance:{rappel['cle']}:{eleve.id}")
        faits += 1
    return {"rappels": faits}
