"""In-app notifications: one box per person, newest first, read/unread, capped.

Stored in an annotation of the site: an OOBTree person id → ``Boite``, one
persistent object per person, so two tasks writing to different people never
touch the same object (the tree only changes when a box is first created).
A notification given with a ``cle`` replaces the one with the same key (a
re-run of a task merges instead of duplicating); it becomes unread again only
when its content changed. Senders are background tasks; e-mail or push would
be another sender reading the same notifications.
"""

import uuid

from BTrees.OOBTree import OOBTree
from persistent import Persistent
from persistent.list import PersistentList
from zope.annotation.interfaces import IAnnotations

CLE = "cartable.notifications"
LIMITE = 200  # the oldest go beyond this: a box is a recent feed, not an archive


class Boite(Persistent):
    def __init__(self):
        self.items = PersistentList()  # dicts, newest first


def _boites(site, creer=False):
    annotations = IAnnotations(site)
    if CLE not in annotations and creer:
        annotations[CLE] = OOBTree()
    return annotations.get(CLE)


def lire(site, personne) -> list[dict]:
    """The person's notifications, newest first (never writes)."""
    boites = _boites(site)
    boite = boites.get(personne) if boites is not None else None
    return [dict(n) for n in boite.items] if boite is not None else []


def non_lues(site, personne) -> int:
    return sum(1 for n in lire(site, personne) if not n["lue"])


def deposer(site, personne, quand, genre, titre, texte, details=None, cle=None) -> dict:
    """Add (or, with a known ``cle``, update in place) one notification; return it."""
    boites = _boites(site, creer=True)
    boite = boites.get(personne)
    if boite is None:
        boite = boites[personne] = Boite()
    contenu = {"genre": genre, "titre": titre, "texte": texte, "details": details or {}}
    for rang, ancienne in enumerate(boite.items):
        if cle is not None and ancienne.get("cle") == cle:
            if all(ancienne.get(k) == v for k, v in contenu.items()):
                return dict(ancienne)  # nothing new: stays read if it was
            nouvelle = {**ancienne, **contenu, "quand": quand, "lue": False}
            del boite.items[rang]
            boite.items.insert(0, nouvelle)
            return dict(nouvelle)
    nouvelle = {"id": uuid.uuid4().hex, "cle": cle, "quand": quand, "lue": False, **contenu}
    boite.items.insert(0, nouvelle)
    del boite.items[LIMITE:]
    return dict(nouvelle)


def marquer_lues(site, personne, ids=None) -> int:
    """Mark the given notifications (all when ``ids`` is None) read; return how many changed."""
    boites = _boites(site)
    boite = boites.get(personne) if boites is not None else None
    if boite is None:
        return 0
    changees = 0
    for rang, n in enumerate(boite.items):
        if not n["lue"] and (ids is None or n["id"] in ids):
            boite.items[rang] = {**n, "lue": True}
            changees += 1
    return changees
