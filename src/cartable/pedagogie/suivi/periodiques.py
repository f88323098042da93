"""The pedagogy's periodic tasks (run by the tour of cartable.core.periodique, as its technical user).

Every minute: scheduled content whose date came becomes visible; homework past
every cut-off is closed (``cartable.pedagogie.devoirs.cloture``, when present);
« échéance proche » reminders. Once a day at the registry's hour (default
18:00, Paris): the e-mail digest of the day's unread notifications.

The digest reads every notification box once a day (one object per person
who ever received one) and only the newest part of each (a range read of the
tree keyed by deposit time); the boxes are core's, so there is no separate
"touched today" index to keep in step with every sender.
"""

import logging
from datetime import timedelta
from zoneinfo import ZoneInfo

from BTrees.OOBTree import OOBTree
from DateTime import DateTime
from plone import api
from zope.annotation.interfaces import IAnnotations

from cartable.annuaire import courriels
from cartable.core import notifications as boites
from cartable.core.periodique import ChaqueMinute, Quotidien, TachePeriodique
from cartable.pedagogie.suivi import notifications
from cartable.regles import envoi_notifications as envoi
from cartable.regles.dates_fr import date_fr

logger = logging.getLogger("cartable.pedagogie.suivi")

PARIS = ZoneInfo("Europe/Paris")
HEURE_RESUME = "cartable.pedagogie.heure_resume_quotidien"
CLE_RESUMES = "cartable.pedagogie.resumes"  # (jour, personne) → heure d'envoi
GARDE_JOURS = 7


def publier_programmes(site, progress, maintenant):
    """Content « programmé » whose publication date is reached becomes visible (catalog: state and effective date)."""
    catalogue = api.portal.get_tool("portal_catalog")
    marques = catalogue.unrestrictedSearchResults(
        review_state="programme", effective={"query": DateTime(maintenant.isoformat()), "range": "max"})
    publies = 0
    for marque in marques:
        objet = marque._unrestrictedGetObject()
        if api.content.get_state(objet, default=None) != "programme":
            continue  # the catalog lags behind (reindexed later in this transaction)
        api.content.transition(obj=objet, transition="publier_programme")
        publies += 1
    return {"publies": publies}


def clore_devoirs(site, progress, maintenant):
    """Homework past every cut-off is closed (the rule lives with the hand-ins; absent: nothing to do)."""
    try:
        from cartable.pedagogie.devoirs.cloture import clore_les_devoirs_echus
    except ImportError:
        return {"absent": True}
    return clore_les_devoirs_echus(site)


def rappels(site, progress, maintenant):
    return notifications.rappels_echeance(site, progress, maintenant)


# -- daily digest ------------------------------------------------------------------------


def _envoyes(site):
    annotations = IAnnotations(site)
    if CLE_RESUMES not in annotations:
        annotations[CLE_RESUMES] = OOBTree()
    return annotations[CLE_RESUMES]


def non_lues_depuis(boite, depuis_ns) -> list:
    """Unread notifications deposited since ``depuis_ns`` (the tree is keyed by −deposit time: a range read)."""
    if boite.arbre is None:
        return []  # an old list box: nothing deposited since it was made
    import json

    return [n for n in (json.loads(v) for v in boite.arbre.values(max=(-depuis_ns, "\uffff"))) if not n["lue"]]


def texte_du_resume(prenom, jour, items) -> tuple[str, str]:
    pluriel = "s" if len(items) > 1 else ""
    sujet = f"Cartable : {len(items)} notification{pluriel} non lue{pluriel} du {date_fr(jour)}"
    lignes = [f"Bonjour {prenom}," if prenom else "Bonjour,", "",
              f"Voici vos notifications non lues du {date_fr(jour)} :", ""]
    lignes += [f"- {n['titre']}" + (f" : {n['texte']}" if n.get("texte") and n["texte"] != n["titre"] else "") for n in items]
    lignes += ["", "Retrouvez-les dans Cartable.",
               "Ce message est envoyé une fois par jour, seulement quand des notifications vous attendent."]
    return sujet, "\n".join(lignes)


def resume_quotidien(site, progress, maintenant):
    """One e-mail per person with unread notifications of the last 24 h and an address in the directory; once a day."""
    from cartable.annuaire.stockage import lire_annuaire

    expediteur = api.portal.get_registry_record("plone.email_from_address", default=None)
    annuaire = lire_annuaire(site)
    toutes = IAnnotations(site).get(boites.CLE)
    if not expediteur or annuaire is None or toutes is None:
        return {"envoyes": 0, "raison": "pas d'expéditeur configuré" if not expediteur else "rien à envoyer"}
    jour = maintenant.astimezone(PARIS).date()
    depuis_ns = int((maintenant - timedelta(days=1)).timestamp() * 1e9)
    envoyes = _envoyes(site)
    for ancienne in list(envoyes.keys(max=((jour - timedelta(days=GARDE_JOURS)).isoformat(), "\uffff"))):
        del envoyes[ancienne]  # a week is enough to know what was sent today
    compte = 0
    for personne_id, boite in toutes.items():
        if (jour.isoformat(), personne_id) in envoyes:
            continue
        # only the kinds the person wants in the digest (« tout de suite » ones already left, « jamais » never)
        items = [n for n in non_lues_depuis(boite, depuis_ns) if envoi.dans_le_resume(boite.preferences, n["genre"])]
        personne = annuaire.personne(personne_id) if items else None
        if personne is None or not personne.actif or not personne.mail:
            continue
        sujet, corps = texte_du_resume(personne.prenom, jour, items)
        courriels.envoyer_ou_differer(site, annuaire, personne, sujet, corps, maintenant)  # after the quiet hours
        envoyes[(jour.isoformat(), personne_id)] = maintenant.isoformat(timespec="seconds")
        compte += 1
    return {"envoyes": compte}


PUBLICATION = TachePeriodique("cartable.pedagogie.publication_programmee", "Publications programmées",
                              publier_programmes, ChaqueMinute())
CLOTURE = TachePeriodique("cartable.pedagogie.cloture_devoirs", "Clôture des devoirs échus", clore_devoirs, ChaqueMinute())
RAPPELS = TachePeriodique("cartable.pedagogie.echeances_proches", "Échéances proches", rappels, ChaqueMinute())
RESUME = TachePeriodique("cartable.pedagogie.resume_quotidien", "Résumé quotidien par courriel", resume_quotidien,
                         Quotidien(HEURE_RESUME, "18:00"))
