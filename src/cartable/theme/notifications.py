"""@@notifications on the site root: the person's notifications, newest first, in French words.

Reading needs no script; « Marquer comme lue » and « Tout marquer comme lu » POST to @notifications with
cartable.commun (an Idempotency-Key each), from static/notifications.js. Never writes on GET.
"""

from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from plone import api
from Products.Five.browser import BrowserView
from zope.component import queryMultiAdapter

from cartable.annuaire.lecteur import Lecteur
from cartable.core import horloge, notifications
from cartable.core.services.commun import titulaire
from cartable.regles.dates_fr import moment_fr
from cartable.theme import cadre

PARIS = ZoneInfo("Europe/Paris")


def moment_de(quand):
    """« aujourd'hui à 10 h 30 », « jeudi 3 décembre à 8 h » from a deposit's ISO time (UTC or Paris)."""
    try:
        moment = datetime.fromisoformat(quand)
    except (TypeError, ValueError):
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(PARIS).replace(tzinfo=None)
    return moment_fr(moment, horloge.aujourd_hui())


def lien_de(site, url):
    """The notification's object, under this site's URL (a background task may have written another host's)."""
    if not isinstance(url, str) or not url:
        return None
    morceaux = urlsplit(url)
    if morceaux.scheme not in ("http", "https"):
        return None  # never javascript: or data:
    racine = "/".join(site.getPhysicalPath())
    chemin = morceaux.path
    if chemin == racine or chemin.startswith(racine + "/"):
        return site.absolute_url() + chemin[len(racine):] + (f"?{morceaux.query}" if morceaux.query else "")
    return url


def presenter(site, notification):
    details = notification.get("details") or {}
    return {
        "id": notification["id"],
        "titre": notification.get("titre") or "",
        "texte": notification.get("texte") or "",
        "quand": moment_de(notification.get("quand")),
        "lue": bool(notification.get("lue")),
        "lien": lien_de(site, details.get("url") if isinstance(details, dict) else None),
    }


class PageNotifications(BrowserView):
    """The list; anonymous visitors are sent to the login form."""

    def __call__(self):
        site = api.portal.get()
        self.lecteur = Lecteur(site)
        self.lecteur.exiger(not self.lecteur.anonyme)
        self.url_site = site.absolute_url()
        boite = titulaire(site, self.lecteur.login)
        self.items = [presenter(site, n) for n in notifications.lire(site, boite)]
        self.non_lues = sum(1 for n in self.items if not n["lue"])
        self.resume = cadre.libelle_cloche(self.non_lues)
        # each person's choices per kind, where the directory's add-on offers them
        choix = queryMultiAdapter((site, self.request), name="preferences-notifications")
        self.preferences = (f"{self.url_site}/@@preferences-notifications"
                            if choix is not None and self.lecteur.personne is not None else None)
        return self.index()
