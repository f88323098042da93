"""The journal of cross-establishment reads of a student's follow-up (who, when, which student).

A GET never writes: the read only queues its entry (after the request's
transaction commits), and the background worker writes it on the region
site in its own transaction. The key is chosen by the reader's request, so
a retried task writes the same entry once. The regional administrator reads
the journal through @suivi-journal.
"""

import uuid
from itertools import islice

from BTrees.OOBTree import OOBTree
from zope.annotation.interfaces import IAnnotations

from cartable.core import tasks

CLE = "cartable.viescolaire.journal_suivi"  # before the indexes: (quand, clé) → entry; moved into them on the next write
CLE_RECENTS = "cartable.viescolaire.journal_suivi.recents"  # (inverse(quand), clé) → entry: newest first in key order
CLE_PAR_ELEVE = "cartable.viescolaire.journal_suivi.par_eleve"  # (élève, inverse(quand), clé) → entry: a range per student
TACHE = "cartable.viescolaire.journal_suivi.noter_consultation"
_INVERSE = str.maketrans("0123456789", "9876543210")


def inverse(quand: str) -> str:
    """"2026-11-16T10:30:00" → a string that sorts the other way (fixed-format times only)."""
    return quand.translate(_INVERSE)


def _ranger(annotations, cle, entree):
    recents = annotations.get(CLE_RECENTS)
    if recents is None:
        recents = annotations[CLE_RECENTS] = OOBTree()
        annotations[CLE_PAR_ELEVE] = OOBTree()
    recents[(inverse(entree["quand"]), cle)] = entree
    annotations[CLE_PAR_ELEVE][(entree["eleve"], inverse(entree["quand"]), cle)] = entree


@tasks.cartable_task(permission="cmf.ManagePortal", title="Journal des consultations du suivi")
def noter_consultation(site, progress, cle, quand, qui, eleve, depuis, etablissements):
    annotations = IAnnotations(site)
    if CLE in annotations:  # a journal written before the indexes: moved once
        for (ancien_quand, ancienne_cle), entree in list(annotations[CLE].items()):
            _ranger(annotations, ancienne_cle, dict(entree))
        del annotations[CLE]
    _ranger(annotations, cle, {"quand": quand, "qui": qui, "eleve": eleve, "depuis": depuis,
                               "etablissements": list(etablissements)})
    return {"cle": cle}


def consigner(site, quand, qui, eleve, depuis, etablissements):
    """Queue the entry of one cross-establishment read; written once the request has committed."""
    params = {"cle": uuid.uuid4().hex, "quand": quand, "qui": qui, "eleve": eleve, "depuis": depuis,
              "etablissements": sorted(etablissements)}
    return tasks.enqueue(TACHE, site.getPhysicalPath(), qui, params=params)


def lire_journal(site, eleve=None, limite=500):
    """Newest first, at most ``limite``; a student's entries only when ``eleve`` is given (a range of the index)."""
    annotations = IAnnotations(site)
    if CLE in annotations:  # not moved yet (no read since has been logged): the old way
        entrees = [dict(e) for e in annotations[CLE].values() if eleve is None or e["eleve"] == eleve]
        return sorted(entrees, key=lambda e: e["quand"], reverse=True)[:limite]
    if eleve is None:
        arbre = annotations.get(CLE_RECENTS)
        valeurs = arbre.values() if arbre is not None else ()
    else:
        arbre = annotations.get(CLE_PAR_ELEVE)
        valeurs = arbre.values(min=(eleve,), max=(eleve, "\uffff")) if arbre is not None else ()
    return [dict(e) for e in islice(valeurs, limite)]
