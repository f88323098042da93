"""What a person reads of their mail, as plain dicts (pages and services share them). Never writes."""

from datetime import datetime
from urllib.parse import quote

from cartable.core import horloge
from cartable.messagerie import personnes
from cartable.messagerie.envoi import etat_envoi, url_conversation
from cartable.messagerie.stockage import lire_boite, lire_messagerie
from cartable.regles import dates_fr
from cartable.regles import messagerie as regles

TAILLE = 50
EXTRAIT = 120


def non_lus(site, personne_id) -> int:
    boite = lire_boite(site, personne_id)
    return boite.non_lus() if boite is not None else 0


def nom(annuaire, ident, message=None):
    personne = annuaire.personne(ident) if annuaire is not None else None
    if personne is not None:
        return personne.nom_complet or "Sans nom"
    return message.auteur_nom if message is not None and message.auteur == ident else "Personne inconnue"


def quand(moment):
    return dates_fr.moment_fr(moment, horloge.aujourd_hui())


def dossier(site, annuaire, personne_id, vue, debut=0, taille=TAILLE) -> dict:
    """One folder: its conversations, newest first, each with its subject, the others in it, the last message."""
    if vue not in regles.DOSSIERS:
        vue = "reception"
    messagerie, boite = lire_messagerie(site), lire_boite(site, personne_id)
    items, racine = [], site.absolute_url()
    if boite is not None and vue != "brouillons":
        for conversation_id in boite.liste(vue, debut, taille):
            item = ligne(site, annuaire, personne_id, messagerie.conversations.get(conversation_id),
                         boite.fil(conversation_id), racine)
            if item is not None:
                items.append(item)
    return {"dossier": vue, "libelle": regles.DOSSIERS[vue], "items": items, "debut": debut,
            "non_lus": boite.non_lus() if boite is not None else 0,
            "dossiers": [{"id": d, "libelle": libelle} for d, libelle in regles.DOSSIERS.items()]}


def ligne(site, annuaire, personne_id, conversation, fil, racine=None):
    """One conversation in a list: subject, the others in it, the last message, unread count (None if nothing shows);
    ``racine``: the site's URL when the caller has it (a list computes it once)."""
    if conversation is None or fil is None:
        return None
    visibles = conversation.chronologie(personne_id)
    if not visibles:
        return None
    dernier = visibles[-1]
    autres = [i for i in participants_vus(visibles, personne_id) if i != personne_id]
    # the last author is most often one of them: looked up once (a person gone from the directory: the name they sent with)
    noms = {i: nom(annuaire, i, dernier) for i in autres[:3]}
    return {
        "id": conversation.id,
        "sujet": conversation.sujet,
        "avec": ", ".join(noms.values()) + ("…" if len(autres) > 3 else ""),
        "dernier": {"auteur": noms[dernier.auteur] if dernier.auteur in noms else nom(annuaire, dernier.auteur, dernier), "quand": quand(dernier.envoye),
                    "extrait": extrait(dernier.texte)},
        "non_lus": len(fil.non_lus),
        "repondu": any(m.auteur != conversation.auteur for m in visibles),
        "dossier": regles.DOSSIERS.get(fil.dossier, ""),
        "lien": f"{racine}/@@messagerie-conversation?id={conversation.id}" if racine else url_conversation(site, conversation.id),
    }


CHERCHEES = 500  # the newest conversations of each folder a search reads (bounded work)
TROUVEES = 50


def recherche(site, annuaire, personne_id, texte) -> dict:
    """The person's conversations (réception, envoyés, archivés, corbeille) whose subject or messages they can read
    hold every word typed, newest first; only their own copies are read."""
    messagerie, boite = lire_messagerie(site), lire_boite(site, personne_id)
    items = []
    if boite is not None and regles.normaliser(texte):
        ids = {i for vue in ("reception", "envoyes", "archives", "corbeille") for i in boite.liste(vue, 0, CHERCHEES)}
        fils = sorted((f for f in map(boite.fil, ids) if f is not None), key=lambda f: f.tri)
        for fil in fils:
            conversation = messagerie.conversations.get(fil.conversation)
            if conversation is None:
                continue
            textes = [m.texte for m in conversation.chronologie(personne_id)]
            if textes and regles.correspond(texte, conversation.sujet, *textes):
                items.append(ligne(site, annuaire, personne_id, conversation, fil))
                if len(items) >= TROUVEES:
                    break
    return {"dossier": "recherche", "libelle": f"Recherche : « {texte.strip()[:60]} »", "items": items, "debut": 0,
            "recherche": texte.strip()[:60], "non_lus": boite.non_lus() if boite is not None else 0,
            "dossiers": [{"id": d, "libelle": libelle} for d, libelle in regles.DOSSIERS.items()]}


def mot(annuaire, personne_id, conversation):
    """A mot à signer as this participant sees it: its author, every family's signature (or not); a parent, their own
    children's only. None for a plain conversation."""
    if not conversation.a_signer:
        return None
    familles, signatures = dict(conversation.familles.items()), conversation.signatures

    def ligne_famille(eleve):
        signature = signatures.get(eleve)
        return {"eleve": nom(annuaire, eleve), "signe": signature is not None,
                "par": nom(annuaire, signature["par"]) if signature else None,
                "quand": quand(datetime.fromisoformat(signature["quand"])) if signature else None}

    if conversation.auteur == personne_id:
        etat = regles.etat_signatures(familles, signatures)
        lignes = sorted((ligne_famille(e) for e in familles), key=lambda ligne_: (ligne_["signe"], ligne_["eleve"]))
        return {"auteur": True, "signes": etat["signes"], "total": etat["total"], "familles": lignes,
                "resume": f"{etat['signes']} signé{'s' if etat['signes'] > 1 else ''} sur {etat['total']}"}
    miennes = [e for e, parents in familles.items() if personne_id in parents]
    return {"auteur": False, "familles": [ligne_famille(e) for e in miennes],
            "a_signer": bool(regles.a_signer_par(familles, signatures, personne_id))}


def destinataires_vus(message, personne_id) -> list:
    """The recipients a participant is shown: all of them for its author and for a message to people chosen one by
    one (like an e-mail's « À »); for a message to a group, only themselves (the parents of a class do not learn
    each other's names: the group's label says who it went to)."""
    if message.auteur == personne_id or not message.groupes:
        return list(message.destinataires)
    return [personne_id] if personne_id in message.destinataires else []


def participants_vus(messages, personne_id) -> list:
    """The people a participant sees in a conversation: the authors and the recipients shown, in order."""
    vus = []
    for message in messages:
        vus += [message.auteur] + destinataires_vus(message, personne_id)
    return list(dict.fromkeys(vus))


def url_piece(site, conversation_id, message_id, piece_id):
    return (f"{site.absolute_url()}/@@messagerie-piece?conversation={conversation_id}&message={message_id}"
            f"&id={quote(piece_id)}")


def extrait(texte):
    ligne = " ".join(texte.split())
    return ligne if len(ligne) <= EXTRAIT else ligne[:EXTRAIT - 1] + "…"


PARTICIPANTS = 8  # named at the top of a conversation; the others are counted
LUS_MAX = 30  # recipients whose read state the sender is shown (a group's hundreds are counted elsewhere)


def lu_par(site, annuaire, message) -> dict | None:
    """For the sender: who of the (first LUS_MAX) recipients read the message, in words."""
    destinataires = message.destinataires[:LUS_MAX]
    if not destinataires or message.groupes:
        return None
    lecteurs = []
    for ident in destinataires:
        boite = lire_boite(site, ident)
        fil = boite.fil(message.conversation) if boite is not None else None
        if fil is not None and message.id not in fil.non_lus:
            lecteurs.append(nom(annuaire, ident))
    if len(destinataires) == 1:
        texte = "Lu" if lecteurs else "Pas encore lu"
    else:
        texte = f"Lu par {len(lecteurs)} sur {len(destinataires)}"
    return {"texte": texte, "par": lecteurs}


def conversation(site, annuaire, personne_id, conversation, fil) -> dict:
    """A conversation as one participant sees it: the messages they wrote or received, oldest first."""
    messages = []
    visibles = conversation.chronologie(personne_id)
    autres = [i for i in participants_vus(visibles, personne_id) if i != personne_id]
    for message in visibles:
        messages.append({
            "id": message.id,
            "auteur": nom(annuaire, message.auteur, message),
            "de_moi": message.auteur == personne_id,
            "a": [nom(annuaire, i) for i in destinataires_vus(message, personne_id)[:10]],
            "a_plus": max(0, len(destinataires_vus(message, personne_id)) - 10),
            "groupes": [libelle for _, libelle in message.groupes],
            "quand": quand(message.envoye),
            "texte": message.texte,
            "non_lu": message.id in fil.non_lus,
            "lu": lu_par(site, annuaire, message) if message.auteur == personne_id else None,
            "envoi": etat_envoi(message) if message.auteur == personne_id else None,
            "pieces": [{"id": p["id"], "texte": regles.piece_en_mots(p["id"], p["taille"]),
                        "url": url_piece(site, conversation.id, message.id, p["id"])} for p in message.pieces],
        })
    return {"id": conversation.id, "sujet": conversation.sujet, "messages": messages, "dossier": fil.dossier,
            "mot": mot(annuaire, personne_id, conversation),
            "non_lus": len(fil.non_lus),
            "repondu": any(not m["de_moi"] for m in messages) and any(m["de_moi"] for m in messages),
            "participants": [personnes.fiche(annuaire, i) for i in autres[:PARTICIPANTS]],
            "participants_plus": max(0, len(autres) - PARTICIPANTS)}
