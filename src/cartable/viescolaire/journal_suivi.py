"""The journal of cross-establishment reads of a student's follow-up (who, when, which student).

A GET never writes: the read only queues its entry (after the request's
transaction commits), and the background worker writes it on the region
site in its own transaction. The key is chosen by the reader's request, so
a retried task writes the same entry once. The regional administrator reads
the journal through @suivi-journal.
"""

import uuid

from BTrees.OOBTree import OOBTree
from zope.annotation.interfaces import IAnnotations

from cartable.core import tasks

CLE = "cartable.viescolaire.journal_suivi"
TACHE = "cartable.viescolaire.journal_suivi.noter_consultation"


@tasks.cartable_task(permission="cmf.ManagePortal", title="Journal des consultations du suivi")
def noter_consultation(site, progress, cle, quand, qui, eleve, depuis, etablissements):
    annotations = IAnnotations(site)
    if CLE not in annotations:
        annotations[CLE] = OOBTree()
    annotations[CLE][(quand, cle)] = {"quand": quand, "qui": qui, "eleve": eleve, "depuis": depuis,
                                      "etablissements": list(etablissements)}
    return {"cle": cle}


def consigner(site, quand, qui, eleve, depuis, etablissements):
    """Queue the entry of one cross-establishment read; written once the request has committed."""
    params = {"cle": uuid.uuid4().hex, "quand": quand, "qui": qui, "eleve": eleve, "depuis": depuis,
              "etablissements": sorted(etablissements)}
    return tasks.enqueue(TACHE, site.getPhysicalPath(), qui, params=params)


def lire_journal(site, eleve=None, limite=500):
    """Newest first; a student's entries only when ``eleve`` is given."""
    journal = IAnnotations(site).get(CLE)
    if journal is None:
        return []
    entrees = []
    for entree in journal.values():  # the admin's page of the journal, newest first below
        if eleve is None or entree["eleve"] == eleve:
            entrees.append(dict(entree))
    return sorted(entrees, key=lambda e: e["quand"], reverse=True)[:limite]
