"""Signalement: a recipient reports a message to the direction of the establishment(s) they share with its author;
the direction sees that message (only it, never the rest of the conversation), who wrote it and who reported it,
and is notified in the bell. Kept in the site's Messagerie: (structure, −ns, id) → dict, read as a range."""

import uuid
from datetime import datetime

from BTrees.OOBTree import OOBTree

from cartable.core import horloge, notifications
from cartable.core.refus import Conflit, Interdit, Introuvable, RequeteInvalide
from cartable.messagerie import envoi, lecture, personnes
from cartable.messagerie.stockage import lire_messagerie, messagerie_pour_ecrire
from cartable.regles import messagerie as regles

MOTIF_MAX = 1000
LISTE = 100


def _magasin(messagerie, creer=False):
    magasin = getattr(messagerie, "signalements", None)
    if magasin is None and creer:
        magasin = messagerie.signalements = OOBTree()
    return magasin


def signaler(site, lecteur, conversation_id, donnees) -> dict:
    """A recipient reports one message they received; once per person and message (a second time: 409)."""
    personne = envoi.exiger_personne(lecteur)
    conversation, _ = envoi.conversation_de(site, personne.id, conversation_id)
    message_id, motif = donnees.get("message"), donnees.get("motif") or ""
    message = next((m for m in conversation.chronologie(personne.id) if m.id == message_id), None)
    if message is None:
        raise Introuvable("Message introuvable dans cette conversation.")
    if message.auteur == personne.id:
        raise Interdit("On ne signale que les messages reçus.")
    if not isinstance(motif, str) or len(motif) > MOTIF_MAX:
        raise RequeteInvalide(f"Le motif est un texte d'au plus {MOTIF_MAX} caractères.")
    profils = personnes.Profils(lecteur.annuaire)
    moi, auteur = profils(personne.id), profils(message.auteur)
    structures = sorted(set(moi.etablissements) & set(auteur.etablissements if auteur else ())) or sorted(moi.etablissements)
    if not structures:
        raise RequeteInvalide("Aucun établissement à qui signaler ce message.")
    magasin = _magasin(lire_messagerie(site))
    if magasin is not None and any(v["message"] == message.id and v["par"] == personne.id
                                   for s in structures for v in magasin.values(min=(s,), max=(s, 0, "\uffff"))):
        raise Conflit("Vous avez déjà signalé ce message.")
    magasin = _magasin(messagerie_pour_ecrire(site), creer=True)
    ns, quand = horloge.horodatage_ns(), horloge.maintenant()
    signalement = {"id": uuid.uuid4().hex, "conversation": conversation.id, "message": message.id, "par": personne.id,
                   "auteur": message.auteur, "motif": " ".join(motif.split()), "quand": quand.isoformat(timespec="seconds")}
    for structure in structures:
        magasin[(structure, -ns, signalement["id"])] = dict(signalement, structure=structure)
        for direction in lecteur.annuaire.membres_fonction(structure, regles.FONCTION_DIRECTION):
            notifications.deposer(site, direction, quand.isoformat(timespec="seconds"), envoi.GENRE, "Message signalé",
                                  f"{personne.nom_complet} signale un message de {lecture.nom(lecteur.annuaire, message.auteur, message)}.",
                                  {"url": f"{site.absolute_url()}/@@messagerie-signalements"})
    return {"message": "Message signalé à la direction de l'établissement."}


def lire(site, annuaire, structure) -> list:
    """The reports of an establishment, newest first, each with the message reported (never writes)."""
    messagerie = lire_messagerie(site)
    magasin = _magasin(messagerie) if messagerie is not None else None
    resultat = []
    for rang, signalement in enumerate(magasin.values(min=(structure,), max=(structure, 0, "\uffff")) if magasin else ()):
        if rang >= LISTE:
            break
        conversation = messagerie.conversations.get(signalement["conversation"])
        message = next((m for m in conversation.chronologie() if m.id == signalement["message"]), None) if conversation else None
        if message is None:
            continue
        resultat.append({
            "id": signalement["id"], "sujet": conversation.sujet, "texte": message.texte,
            "auteur": lecture.nom(annuaire, message.auteur, message), "envoye": lecture.quand(message.envoye),
            "par": lecture.nom(annuaire, signalement["par"]), "motif": signalement["motif"],
            "quand": lecture.quand(datetime.fromisoformat(signalement["quand"])),
        })
    return resultat


def structures_de_direction(personne) -> list:
    """The establishments where the person is the direction."""
    if personne is None or personne.categorie != "PersEducNat" or not personne.actif:
        return []
    return sorted({s for s, code, _ in personne.fonctions if code == regles.FONCTION_DIRECTION})
