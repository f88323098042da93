"""In-app notifications: one box per person, newest first, read/unread, capped.

Stored in an annotation of the site: an OOBTree person id → ``Boite``, one
persistent object per person, so two tasks writing to different people never
touch the same object (the tree only changes when a box is first created).
Inside a box, notifications are an OOBTree keyed (−time of deposit, id): two
tasks writing to the same person insert different keys, which the BTree's
conflict resolution merges, where a list with insert(0) conflicted. Values
are JSON text: conflict resolution compares values, and dicts do not compare.
A notification given with a ``cle`` replaces the one with the same key (a
re-run of a task merges instead of duplicating); it becomes unread again only
when its content changed. Senders are background tasks; e-mail or push would
be another sender reading the same notifications.
"""

import json
import uuid

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from zope.annotation.interfaces import IAnnotations
from zope.event import notify
from zope.interface import Attribute, Interface, implementer

from cartable.core import horloge
from cartable.core.annotations import lire_annotation

CLE = "cartable.notifications"
LIMITE = 200  # the oldest go beyond this: a box is a recent feed, not an archive


class Boite(Persistent):
    # Boxes made before the tree kept a PersistentList ``items`` (newest first):
    # read as is, moved into the tree on their first write (no upgrade step).
    items = None
    arbre = None  # (−time of deposit in ns, id) → notification (JSON text of a dict)
    par_cle = None  # cle → its key in ``arbre``
    nombre = None  # Length of ``arbre``
    preferences = None  # {genre: "immediat" | "resume" | "jamais"} (cartable.regles.envoi_notifications)

    def __init__(self):
        self.arbre, self.par_cle, self.nombre = OOBTree(), OOBTree(), Length()

    def notifications(self):
        """Newest first (never writes)."""
        if self.arbre is None:
            return list(self.items or ())
        return [json.loads(v) for v in self.arbre.values()]

    def pour_ecrire(self):
        """The tree, after moving an old box's list into it (once)."""
        if self.arbre is None:
            anciennes = list(self.items or ())
            self.arbre, self.par_cle, self.nombre = OOBTree(), OOBTree(), Length()
            depart = -horloge.horodatage_ns() + 1  # after every later deposit, in the old order
            for rang, n in enumerate(anciennes):
                self._ranger((depart + rang, n["id"]), n)
            self.items = None
        return self.arbre

    def _ranger(self, cle_arbre, notification):
        self.arbre[cle_arbre] = json.dumps(notification, sort_keys=True)
        self.nombre.change(1)
        if notification.get("cle") is not None:
            self.par_cle[notification["cle"]] = cle_arbre

    def _retirer(self, cle_arbre):
        ancienne = json.loads(self.arbre.pop(cle_arbre))
        self.nombre.change(-1)
        if ancienne.get("cle") is not None and self.par_cle.get(ancienne["cle"]) == cle_arbre:
            del self.par_cle[ancienne["cle"]]
        return ancienne

    def ajouter(self, notification):
        """Newest first; the oldest beyond LIMITE leave."""
        self.pour_ecrire()
        self._ranger((-horloge.horodatage_ns(), notification["id"]), notification)
        while self.nombre() > LIMITE:
            self._retirer(self.arbre.maxKey())

    def remplacer(self, cle, notification):
        """The notification of ``cle`` leaves its place; ``notification`` comes first."""
        self.pour_ecrire()
        if cle in self.par_cle:
            self._retirer(self.par_cle[cle])
        self.ajouter(notification)

    def de_cle(self, cle):
        if self.arbre is None:
            return next((n for n in self.items or () if n.get("cle") == cle), None)
        cle_arbre = self.par_cle.get(cle)
        return json.loads(self.arbre[cle_arbre]) if cle_arbre is not None else None


def _boites(site, creer=False):
    if not creer:  # every page's bell reads here
        return lire_annotation(site, CLE)
    annotations = IAnnotations(site)
    if CLE not in annotations and creer:
        annotations[CLE] = OOBTree()
    return annotations.get(CLE)


def lire(site, personne) -> list[dict]:
    """The person's notifications, newest first (never writes)."""
    boites = _boites(site)
    boite = boites.get(personne) if boites is not None else None
    return [dict(n) for n in boite.notifications()] if boite is not None else []


def non_lues(site, personne) -> int:
    return sum(1 for n in lire(site, personne) if not n["lue"])


def deposer(site, personne, quand, genre, titre, texte, details=None, cle=None) -> dict:
    """Add (or, with a known ``cle``, update in place) one notification; return it."""
    boites = _boites(site, creer=True)
    boite = boites.get(personne)
    if boite is None:
        boite = boites[personne] = Boite()
    contenu = {"genre": genre, "titre": titre, "texte": texte, "details": details or {}}
    ancienne = boite.de_cle(cle) if cle is not None else None
    if ancienne is not None:
        if all(ancienne.get(k) == v for k, v in contenu.items()):
            return dict(ancienne)  # nothing new: stays read if it was
        nouvelle = {**ancienne, **contenu, "quand": quand, "lue": False}
        boite.remplacer(cle, nouvelle)
    else:
        nouvelle = {"id": uuid.uuid4().hex, "cle": cle, "quand": quand, "lue": False, **contenu}
        boite.ajouter(nouvelle)
    notify(NotificationDeposee(site, personne, dict(nouvelle)))
    return dict(nouvelle)


class INotificationDeposee(Interface):
    """A notification was deposited (or changed) in a person's box: e-mail senders listen."""

    site = Attribute("the site")
    personne = Attribute("the person's directory id")
    notification = Attribute("the notification (dict)")


@implementer(INotificationDeposee)
class NotificationDeposee:
    def __init__(self, site, personne, notification):
        self.site, self.personne, self.notification = site, personne, notification


def lire_preferences(site, personne) -> dict:
    """The person's e-mail preferences per kind of notification (never writes; {} when none)."""
    boites = _boites(site)
    boite = boites.get(personne) if boites is not None else None
    return dict(boite.preferences or {}) if boite is not None else {}


def ecrire_preferences(site, personne, preferences: dict):
    boites = _boites(site, creer=True)
    boite = boites.get(personne)
    if boite is None:
        boite = boites[personne] = Boite()
    boite.preferences = dict(preferences)  # a new dict: the box is marked changed


def marquer_lues(site, personne, ids=None) -> int:
    """Mark the given notifications (all when ``ids`` is None) read; return how many changed."""
    boites = _boites(site)
    boite = boites.get(personne) if boites is not None else None
    if boite is None:
        return 0
    arbre = boite.pour_ecrire()
    changees = 0
    for cle_arbre, texte in list(arbre.items()):
        n = json.loads(texte)
        if not n["lue"] and (ids is None or n["id"] in ids):
            arbre[cle_arbre] = json.dumps({**n, "lue": True}, sort_keys=True)
            changees += 1
    return changees
