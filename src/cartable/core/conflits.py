"""Counts of ZODB conflicts in this process: retried by Zope, or failed (the client got an error).

Read by @cartable-status; the 8:00 benchmark and monitoring use them.
"""

import threading

from ZODB.POSException import ConflictError
from zope.component import adapter
from ZPublisher.interfaces import IPubFailure

_lock = threading.Lock()
COMPTEURS = {"retried": 0, "failed": 0}


@adapter(IPubFailure)
def compter(event):
    if event.exc_info and isinstance(event.exc_info[1], ConflictError):
        with _lock:
            COMPTEURS["retried" if event.retry else "failed"] += 1


def noter(retente: bool):
    """A conflict outside Zope's publication (the fast lane, cartable.core.voie_rapide): retried or failed."""
    with _lock:
        COMPTEURS["retried" if retente else "failed"] += 1


def lire():
    with _lock:
        return dict(COMPTEURS)
