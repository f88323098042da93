"""The students' hand-ins in the agenda index (``IndexAgenda.remises``): what Mon bureau's « Devoirs à rendre »
and the agenda's « Remis le … » read instead of opening each Devoir and its Rendu.

A Remise is the state of a student's Rendu, its hand-in time and their extended due instant. It is written
once per transaction, just before the commit, for every (Devoir, student) the transaction touched: a Rendu
created, moved through its workflow, changed or removed, an extension given. At that moment the Rendu is as
the commit will keep it (``@rendu`` records the hand-in time after the transition), whatever the order of
the subscribers. An index without ``remises`` (made before the upgrade step 1004) is left alone: its readers
open the Devoirs.
"""

from datetime import timezone

import transaction
from Acquisition import aq_base, aq_inner, aq_parent
from Products.CMFCore.utils import getToolByName

from cartable.pedagogie.agenda.index import espace_du_devoir, id_travail_devoir
from cartable.pedagogie.agenda.stockage import lire_index
from cartable.pedagogie.devoirs.rendus import etat_de, rendu_de
from cartable.regles.agenda import Remise
from cartable.regles.devoirs import DevoirInvalide, echeance_de

_A_NOTER = object()  # the key of this transaction's touched (Devoir, student) pairs in its data


def remise_de(devoir, eleve, workflow=None) -> Remise | None:
    """The student's Remise of this Devoir as it stands (None: no Rendu and no extension)."""
    rendu = rendu_de(devoir, eleve)
    prolongation = devoir.prolongations_de().get(eleve)
    if rendu is None and prolongation is None:
        return None
    echeance = None
    if prolongation is not None:
        try:
            echeance = echeance_de(devoir.regle(), eleve)
        except (DevoirInvalide, AttributeError, TypeError):
            echeance = None
    return Remise(etat_de(rendu, workflow), _utc(getattr(rendu, "remis_le", None)), _utc(echeance))


def _utc(instant):
    return instant.astimezone(timezone.utc) if instant is not None and instant.tzinfo is not None else instant


def index_du_devoir(devoir):
    """The agenda index that lists this Devoir (None: a free space's, or no index with remises yet)."""
    espace = espace_du_devoir(devoir)
    etablissement = espace.etablissement() if espace is not None else None
    index = lire_index(etablissement) if etablissement is not None else None
    return index if index is not None and index.remises is not None else None


def noter(devoir, eleve):
    """Note this (Devoir, student) for the index at the commit (the Devoir at its current path)."""
    if devoir is None or not eleve:
        return
    txn = transaction.get()
    try:
        a_noter = txn.data(_A_NOTER)
    except KeyError:
        a_noter = {}
        txn.set_data(_A_NOTER, a_noter)
        txn.addBeforeCommitHook(_ecrire, (a_noter,))
    a_noter[(id(aq_base(devoir)), eleve)] = (devoir, eleve)


def ecrire(devoir, eleve, workflow=None):
    """Write the student's Remise of this Devoir in its index now (the commit's hook, the upgrade step)."""
    index = index_du_devoir(devoir)
    if index is not None:
        index.noter_remise(eleve, id_travail_devoir(devoir), remise_de(devoir, eleve, workflow))


def _ecrire(a_noter):
    for devoir, eleve in a_noter.values():  # the tool by acquisition: a script's commit may have no site set
        ecrire(devoir, eleve, getToolByName(devoir, "portal_workflow"))


# --- subscribers -------------------------------------------------------------------------------


def rendu_change(rendu, event):
    """A Rendu added, changed or moved through its workflow: its Devoir is its container."""
    noter(aq_parent(aq_inner(rendu)), getattr(rendu, "eleve", None) or rendu.getId())


def rendu_retire(rendu, event):
    """A Rendu removed (not its whole Devoir: the Devoir's work leaves the index with it)."""
    devoir = event.oldParent
    if devoir is not None and getattr(aq_base(devoir), "prolongations_de", None) is not None:
        noter(devoir, getattr(rendu, "eleve", None) or rendu.getId())
