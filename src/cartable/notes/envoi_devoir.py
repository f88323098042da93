"""A restituted Devoir's mark enters the grade book (``IEnvoiNote``, declared by pedagogie).

Each Devoir of a course space has at most one evaluation of the space's
division and subject, found through ``Carnet.par_devoir`` (Devoir UID →
evaluation id) and created, published, with the first mark sent. Restituting
again (after a reopening and a new correction) replaces the student's entry:
one mark per student, never two. The Devoir's « compte dans la moyenne »
(default yes) sets whether the evaluation is averaged.

Called inside the restitution's transaction: a refusal raised here refuses
the restitution and nothing is kept (neither the Rendu's state nor the mark).
An establishment without any period keeps no grade book: nothing is sent;
with periods but none for the Devoir's due date nor today, the restitution is
refused in French (the direction must define the period).
"""

import time
from datetime import datetime
from zoneinfo import ZoneInfo

from BTrees.OOBTree import OOBTree
from plone import api
from plone.uuid.interfaces import IUUID
from zope.interface import implementer

from cartable.core import horloge
from cartable.core.refus import Conflit
from cartable.notes import evaluations
from cartable.notes.registre import Evaluation
from cartable.notes.saisie import canonique
from cartable.notes.stockage import lire_carnet
from cartable.pedagogie.content.espace import espace_englobant
from cartable.pedagogie.devoirs.interfaces import IEnvoiNote

PARIS = ZoneInfo("Europe/Paris")


def jour_du_devoir(devoir):
    """The Devoir's due day in Paris (its evaluation's date), or today without a due date."""
    echeance = getattr(devoir, "echeance", None)
    if not isinstance(echeance, datetime):
        return horloge.aujourd_hui()
    return (echeance.astimezone(PARIS) if echeance.tzinfo is not None else echeance).date()


def compte(devoir) -> bool:
    return getattr(devoir, "compte_dans_moyenne", True) is not False


def evaluation_du_devoir(carnet, devoir, division, matiere, auteur):
    """The evaluation linked to the Devoir, created (published) on its first mark."""
    uid = IUUID(devoir)
    par_devoir = getattr(carnet, "par_devoir", None)
    if par_devoir is None:
        par_devoir = carnet.par_devoir = OOBTree()
    ident = par_devoir.get(uid)
    evaluation = carnet.evaluations.get(ident) if ident is not None else None
    bareme = int(getattr(devoir, "bareme", None) or 20)
    if evaluation is None:
        jour = jour_du_devoir(devoir)
        periode = evaluations.periode_du_jour(carnet, jour) or evaluations.periode_du_jour(carnet)
        if periode is None:
            raise Conflit("Aucune période de notes ne contient la date du devoir : "
                          "la direction doit d'abord définir les périodes.")
        ident = f"devoir-{uid[:12]}"
        evaluation = Evaluation(ident, division, matiere, periode, (devoir.Title() or "Devoir")[:200], jour, "1",
                                bareme, False, auteur)
        evaluation.devoir = uid
        evaluation.publiee = True
        carnet.evaluations[ident] = evaluation
        carnet.indexer(evaluation)
        par_devoir[uid] = ident
    if evaluation.bareme != bareme:
        evaluation.bareme = bareme
    if evaluation.compte != compte(devoir):
        evaluation.compte = compte(devoir)
    return evaluation


@implementer(IEnvoiNote)
class EnvoiAuCarnet:
    """The named ``IEnvoiNote`` utility « carnet »: the mark becomes the student's entry of the Devoir's evaluation."""

    def envoyer(self, devoir, rendu, note, bareme):
        espace = espace_englobant(devoir)
        division = getattr(espace, "division", None) if espace is not None else None
        matiere = getattr(espace, "matiere", None) if espace is not None else None
        if not division or not matiere:
            return  # a free space (no class, no subject): there is no grade book to fill
        etablissement = espace.etablissement()
        if etablissement is None:
            return
        utilisateur = api.user.get_current()
        par = utilisateur.getUserName() if utilisateur is not None else "système"
        carnet = lire_carnet(etablissement)
        if carnet is None or not len(carnet.periodes):
            return  # the establishment keeps no grade book here (no period defined): the mark stays on the Rendu
        evaluation = evaluation_du_devoir(carnet, devoir, division, matiere, par)
        valeur = canonique(note)
        quand = horloge.maintenant().isoformat(timespec="seconds")
        actuel = evaluation.saisies.get(rendu.eleve)
        avant = actuel[0] if actuel is not None else None
        if avant == valeur:
            return
        evaluation.saisies[rendu.eleve] = (valeur, par, quand)
        evaluation.journal[(quand, time.time_ns(), rendu.eleve)] = (par, avant, valeur)


def devoir_modifie(devoir, event=None):
    """Subscriber (Devoir modified): its evaluation follows « compte dans la moyenne » (nothing before its first mark)."""
    espace = espace_englobant(devoir)
    etablissement = espace.etablissement() if espace is not None else None
    carnet = lire_carnet(etablissement) if etablissement is not None else None
    ident = getattr(carnet, "par_devoir", {}).get(IUUID(devoir, None)) if carnet is not None else None
    evaluation = carnet.evaluations.get(ident) if ident is not None else None
    if evaluation is not None and evaluation.compte != compte(devoir):
        evaluation.compte = compte(devoir)
