"""Notifications by e-mail: at once, in the day's digest or never (each person's choice per kind),
and never during the establishment's quiet hours (cartable.regles.envoi_notifications).

- A notification whose kind the person wants « immediat » is put, with its deposit, in the
  queue of outgoing e-mails (a site annotation keyed by send time), due at once or at the end
  of the quiet hours; the tour sends what is due every minute. So an SMTP server that is down
  never fails the task that deposits (the absence is notified in the bell whatever happens), a
  refused e-mail stays queued and is tried again next minute (at most ``ESSAIS`` times), and an
  aborted task queues nothing. An e-mail sent just before a failed commit may leave twice:
  at-least-once, never lost.
- The digest (cartable.pedagogie.suivi.periodiques) keeps only the « resume » kinds and goes
  through ``envoyer_ou_differer`` too.
- The MailHost is configured from ``CARTABLE_SMTP`` (host:port) when the database opens, so
  ``make start`` with CARTABLE_SMTP=localhost:1025 sends to that server; without it nothing changes.
"""

import json
import logging
import os
import uuid
from datetime import UTC
from email.mime.text import MIMEText
from zoneinfo import ZoneInfo

import transaction
from BTrees.OOBTree import OOBTree
from plone import api
from zope.annotation.interfaces import IAnnotations

from cartable.annuaire.contenu import id_etablissement
from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge, notifications
from cartable.core.periodique import ChaqueMinute, TachePeriodique
from cartable.core.site import SITE_ID
from cartable.regles import envoi_notifications as envoi

journal = logging.getLogger("cartable.courriels")
PARIS = ZoneInfo("Europe/Paris")
CLE_DIFFERES = "cartable.courriels.differes"  # (UTC ISO send time, personne, id) → JSON {a, sujet, corps}
CLE_HEURES = "cartable.heures_calmes"  # annotation of an establishment: {"debut": "HH:MM", "fin": "HH:MM"}
EXPEDITEUR_PAR_DEFAUT = "ne-pas-repondre@cartable.localhost"
ESSAIS = 60  # an hour of tours: then the address is given up (logged)


# -- quiet hours -------------------------------------------------------------------------------


def heures_calmes_etablissement(etablissement):
    """(debut, fin) of an establishment (its own, else the default 20:00 → 07:00); never writes."""
    reglage = IAnnotations(etablissement).get(CLE_HEURES) if etablissement is not None else None
    if not reglage:
        return envoi.HEURES_CALMES
    return envoi.lire_heure(reglage["debut"]), envoi.lire_heure(reglage["fin"])


def ecrire_heures_calmes(etablissement, debut, fin):
    IAnnotations(etablissement)[CLE_HEURES] = {"debut": debut.strftime("%H:%M"), "fin": fin.strftime("%H:%M")}


def etablissement_de(site, annuaire, personne):
    """The establishment whose quiet hours apply: the person's, or for a responsable their first child's."""
    structures = list(personne.rattachements) + [s for s, _, _ in personne.fonctions]
    if not structures:
        for enfant_id in annuaire.enfants.get(personne.id, ()):
            enfant = annuaire.personne(enfant_id)
            if enfant is not None:
                structures.extend(enfant.rattachements)
    for structure in structures:
        fiche = annuaire.structures.get(structure)
        if fiche is not None and fiche.uai:
            objet = site.get(id_etablissement(fiche.uai))
            if objet is not None:
                return objet
    return None


# -- sending -----------------------------------------------------------------------------------


def expediteur():
    """The site's sender address; None when e-mail is not set up (then nothing is sent, nothing fails)."""
    return api.portal.get_registry_record("plone.email_from_address", default=None)


def envoyer(site, a, sujet, corps):
    """Send one e-mail now (raises when the server refuses it)."""
    de = expediteur()
    if not de:
        return
    message = MIMEText(corps, "plain", "utf-8")
    site.MailHost.send(message, mto=a, mfrom=de, subject=sujet, charset="utf-8", immediate=True)


def _differes(site, creer=False):
    annotations = IAnnotations(site)
    if CLE_DIFFERES not in annotations and creer:
        annotations[CLE_DIFFERES] = OOBTree()
    return annotations.get(CLE_DIFFERES)


def envoyer_ou_differer(site, annuaire, personne, sujet, corps, maintenant=None) -> bool:
    """Queue one e-mail, due now or at the end of the quiet hours; True when due now."""
    maintenant = maintenant or horloge.instant()
    debut, fin = heures_calmes_etablissement(etablissement_de(site, annuaire, personne))
    local = maintenant.astimezone(PARIS)
    quand = envoi.prochain_envoi(local, debut, fin)
    cle = (quand.astimezone(UTC).isoformat(), personne.id, uuid.uuid4().hex)
    _differes(site, creer=True)[cle] = json.dumps({"a": personne.mail, "sujet": sujet, "corps": corps, "essais": 0})
    return quand == local


def texte_immediat(site, notification):
    sujet = f"Cartable : {notification['titre']}"
    lignes = [notification["titre"], ""]
    if notification.get("texte") and notification["texte"] != notification["titre"]:
        lignes += [notification["texte"], ""]
    lignes += [f"Retrouvez-la dans Cartable : {site.absolute_url()}/@@notifications", "",
               "Vous recevez ce courriel parce que vous avez choisi « Tout de suite » pour ce type de notification. "
               f"Changez-le dans vos préférences : {site.absolute_url()}/@@preferences-notifications"]
    return sujet, "\n".join(lignes)


def notification_deposee(event):
    """Subscriber: an « immediat » kind leaves by e-mail (or waits for the end of the quiet hours)."""
    annuaire = lire_annuaire(event.site)
    personne = annuaire.personne(event.personne) if annuaire is not None else None
    if personne is None or not personne.actif or not personne.mail or not expediteur():
        return
    if envoi.mode(notifications.lire_preferences(event.site, event.personne), event.notification["genre"]) != "immediat":
        return
    sujet, corps = texte_immediat(event.site, event.notification)
    envoyer_ou_differer(event.site, annuaire, personne, sujet, corps)


def envoyer_differes(site, progress, maintenant):
    """Every minute: the queued e-mails whose time has come (a range read), each sent and removed."""
    differes = _differes(site)
    if differes is None or not expediteur():
        return {"envoyes": 0}
    envoyes = echecs = 0
    for cle, texte in list(differes.items(max=(maintenant.astimezone(UTC).isoformat(), "\uffff", "\uffff"))):
        courriel = json.loads(texte)
        try:
            envoyer(site, courriel["a"], courriel["sujet"], courriel["corps"])
        except Exception as erreur:  # the server is down or refuses this address: tried again next minute
            echecs += 1
            courriel["essais"] = courriel.get("essais", 0) + 1
            if courriel["essais"] >= ESSAIS:
                journal.error("courriel abandonné après %s essais (%s) : %s", ESSAIS, erreur, courriel["sujet"])
                del differes[cle]
            else:
                differes[cle] = json.dumps(courriel)
            continue
        del differes[cle]
        envoyes += 1
    return {"envoyes": envoyes, **({"echecs": echecs} if echecs else {})}


ENVOIS_DIFFERES = TachePeriodique("cartable.annuaire.courriels_differes", "Envoi des courriels de notification",
                                  envoyer_differes, ChaqueMinute())


# -- the MailHost from CARTABLE_SMTP -----------------------------------------------------------


def lire_smtp(valeur):
    """« host:port » → (host, port); None when unset or malformed (logged)."""
    if not valeur:
        return None
    hote, _, port = valeur.rpartition(":")
    if not hote or not port.isdigit():
        journal.warning("CARTABLE_SMTP=%r ignoré : attendu hote:port", valeur)
        return None
    return hote, int(port)


def configurer_mailhost(site, smtp=None):
    """Point the site's MailHost at CARTABLE_SMTP and give it a sender if it has none; True when something changed."""
    reglage = lire_smtp(smtp if smtp is not None else os.environ.get("CARTABLE_SMTP"))
    hote = getattr(site, "MailHost", None)
    if reglage is None or hote is None:
        return False
    change = False
    registre = site.portal_registry
    if not registre.get("plone.email_from_address"):
        registre["plone.email_from_address"] = os.environ.get("CARTABLE_MAIL_FROM") or EXPEDITEUR_PAR_DEFAUT
        registre["plone.email_from_name"] = "Cartable"
        change = True
    # Plone copies its mail records onto the MailHost whenever one of them changes: both are set
    if (registre.get("plone.smtp_host"), registre.get("plone.smtp_port")) != reglage:
        registre["plone.smtp_host"], registre["plone.smtp_port"] = reglage
        change = True
    if (hote.smtp_host, int(hote.smtp_port)) != reglage:
        hote.smtp_host, hote.smtp_port = reglage
        change = True
    return change


def base_ouverte(event):
    """Subscriber (IDatabaseOpenedWithRoot): configure the MailHost of every Cartable site once at start."""
    if not lire_smtp(os.environ.get("CARTABLE_SMTP")):
        return
    connexion = event.database.open()
    try:
        app = connexion.root()["Application"]
        site = app.get(SITE_ID) if hasattr(app, "get") else None
        if site is not None and configurer_mailhost(site):
            transaction.commit()
            journal.info("MailHost : %s", os.environ["CARTABLE_SMTP"])
    except Exception:  # a second instance starting at the same moment wrote the same values
        transaction.abort()
        journal.exception("MailHost non configuré")
    finally:
        connexion.close()
