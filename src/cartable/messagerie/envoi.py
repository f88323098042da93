"""Sending, replying, filing, marking read: validate → check (the rule) → apply → audit → notify → answer.

A refusal (``cartable.core.refus``) leaves nothing written: it is raised before the first write, and the
REST base dooms the transaction anyway. The audit is the message itself: who sent it, when, to whom, and
through which group (its label and the people it reached), never changed afterwards. With an idempotency
key, a second click gets the first answer and sends nothing (``cartable.core.idempotence``).
"""

import base64
import binascii
import logging
from datetime import datetime

import transaction
from BTrees.OOBTree import OOBTree
from plone.namedfile.file import NamedBlobFile

from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge, idempotence, notifications, tasks
from cartable.core.periodique import ChaqueMinute, TachePeriodique
from cartable.core.refus import Interdit, Introuvable, RequeteInvalide, interdit
from cartable.messagerie import personnes
from cartable.messagerie.registre import Conversation, Distribution, Message
from cartable.messagerie.stockage import boite_pour_ecrire, lire_boite, lire_messagerie, messagerie_pour_ecrire
from cartable.regles import acces
from cartable.regles import messagerie as regles

journal = logging.getLogger("cartable.messagerie")
GENRE = "message"  # the kind of notification (cartable.regles.envoi_notifications)
HORS_ANNUAIRE = "La messagerie est celle des personnes de l'annuaire."


def exiger_personne(lecteur):
    """The reader's directory record: the messagerie is for people of the directory (401 anonymous, 403 else)."""
    if lecteur.personne is None or lecteur.annuaire is None:
        raise interdit(lecteur, HORS_ANNUAIRE)
    return lecteur.personne


def reglages(site):
    messagerie = lire_messagerie(site)
    return messagerie.reglages_de if messagerie is not None else (lambda structure: regles.REGLAGES_PAR_DEFAUT)


def url_conversation(site, conversation_id):
    return f"{site.absolute_url()}/@@messagerie-conversation?id={conversation_id}"


def _valider(donnees, reponse=False):
    try:
        return regles.valider_message(donnees, reponse=reponse)
    except regles.MessageInvalide as erreur:
        raise RequeteInvalide(str(erreur)) from None


def lire_pieces(donnees) -> list:
    """[(nom, octets)] of the attachments sent ({"pieces_jointes": [{"nom", "contenu" (base64)}]}), checked like a
    Devoir's hand-ins (``regles.messagerie.verifier_pieces``) before anything is written; a French 400 otherwise."""
    pieces = donnees.get("pieces_jointes") or [] if isinstance(donnees, dict) else []
    if not isinstance(pieces, list):
        raise RequeteInvalide("« pieces_jointes » : une liste est attendue.")
    lues = []
    for rang, piece in enumerate(pieces, 1):
        if not isinstance(piece, dict) or not isinstance(piece.get("nom"), str) or not isinstance(piece.get("contenu"), str):
            raise RequeteInvalide(f"Pièce jointe n° {rang} : {{nom, contenu}} attendu.")
        try:
            octets = base64.b64decode(piece["contenu"], validate=True)
        except (binascii.Error, ValueError):
            raise RequeteInvalide(f"« {piece['nom'][:80]} » : contenu illisible (base64 attendu).") from None
        lues.append((piece["nom"], octets))
    erreurs = regles.verifier_pieces([(nom, len(o), o[:regles.devoirs.PREMIERS_OCTETS]) for nom, o in lues])
    if erreurs:
        raise RequeteInvalide(" ".join(erreurs))
    return lues


def piece(site, lecteur, conversation_id, message_id, piece_id):
    """(NamedBlobFile) of an attachment, for the participants who received or wrote its message; 404 otherwise
    (whether it exists is not said)."""
    personne = exiger_personne(lecteur)
    conversation, _ = conversation_de(site, personne.id, conversation_id)
    message = next((m for m in conversation.chronologie(personne.id) if m.id == message_id), None)
    fichiers = getattr(message, "fichiers", None)
    fichier = fichiers.get(piece_id) if fichiers is not None and isinstance(piece_id, str) else None
    if fichier is None:
        raise Introuvable("Pièce jointe introuvable.")
    return fichier


def rejouer(site, lecteur, cle, service):
    """(status, answer) of a known key, or None (never writes)."""
    return idempotence.reponse_connue(getattr(lire_messagerie(site), "reponses", None), lecteur.login, cle, service)


def envoyer(site, lecteur, donnees, cle=None) -> dict:
    """A new conversation: {"sujet", "texte", "destinataires": [ids], "groupes": [clés], "eleves": [ids of students
    whose families are written to], "a_signer", "pieces_jointes"}."""
    personne = exiger_personne(lecteur)
    connue = rejouer(site, lecteur, cle, "@messagerie-envoyer")
    if connue is not None:
        return connue[1]
    brouillon = _valider(donnees)  # validate
    pieces = lire_pieces(donnees)
    a_signer = donnees.get("a_signer") is True
    if a_signer:
        try:
            regles.valider_mot(brouillon)
        except regles.MessageInvalide as erreur:
            raise RequeteInvalide(str(erreur)) from None
    annuaire = lecteur.annuaire
    profils = personnes.Profils(annuaire)
    exp, regle = profils(personne.id), reglages(site)
    ids = []  # check: every person named and every group, before anything is written
    for ident in brouillon.destinataires:
        if not regles.peut_ecrire(exp, profils(ident), regle):
            raise Interdit("Vous ne pouvez pas écrire à l'une des personnes choisies.")
        ids.append(ident)
    groupes = []
    for groupe in brouillon.groupes:
        if not regles.peut_ecrire_groupe(exp, groupe):
            raise Interdit("Vous ne pouvez pas écrire à l'un des groupes choisis.")
        membres = regles.developper(exp, groupe, [p for p in map(profils, personnes.membres_groupe(annuaire, groupe))
                                                  if p is not None], regle)
        groupes.append((groupe.cle, libelle_groupe(annuaire, groupe)))
        ids += membres
    choisies = {}  # the families of students chosen one by one: student → their parents reached
    for eleve_id in brouillon.eleves:
        eleve = profils(eleve_id)
        parents = regles.familles_choisies(exp, eleve, [profils(p) for p in sorted(eleve.parents)] if eleve else [], regle)
        if parents is None:
            raise Interdit("Vous ne pouvez pas écrire à la famille de l'un des élèves choisis.")
        if parents:
            choisies[eleve_id] = tuple(parents)
            ids += parents
    if choisies:  # like a group: each family sees the label, never the other families' names
        groupes.append((regles.ELEVES_CHOISIS, regles.libelle_eleves_choisis(len(choisies))))
    ids = [i for i in dict.fromkeys(ids) if i != personne.id]
    if not ids:
        raise RequeteInvalide("Ce groupe ne compte aujourd'hui personne à qui vous pouvez écrire.")
    messagerie = messagerie_pour_ecrire(site)  # apply
    conversation = Conversation(messagerie.nouvel_id(), brouillon.sujet, personne.id, horloge.maintenant())
    messagerie.conversations[conversation.id] = conversation
    if a_signer:
        conversation.a_signer = True
        conversation.familles = OOBTree({**familles(annuaire, brouillon.groupes, set(ids)), **choisies})
        conversation.signatures = OOBTree()
    message = _deposer(messagerie, conversation, personne, ids, brouillon.texte, groupes, pieces=pieces)
    _auditer(lecteur, conversation, message)
    nature = "Mot à signer" if a_signer else "Message"
    reponse = {"conversation": conversation.id, "destinataires": len(ids), "lien": url_conversation(site, conversation.id),
               "message": f"{nature} envoyé à {len(ids)} personne{'s' if len(ids) > 1 else ''}."}
    if message.distribution is not None:
        reponse.update(_distribuer_en_fond(site, lecteur, conversation, message, cle),
                       message=f"{nature} en cours d'envoi à {len(ids)} personnes : vous suivez l'envoi dans la conversation.")
    else:
        _notifier(site, personne, conversation, message, ids)
    if messagerie.brouillons is not None:
        messagerie.brouillons.pop(personne.id, None)  # sent: the draft saved as typed is done with
    if cle:
        idempotence.retenir(messagerie.reponses, lecteur.login, cle, "@messagerie-envoyer", 200, reponse)
    return reponse


def brouillon_de(site, personne_id) -> dict | None:
    """The person's draft saved on the server (never writes)."""
    messagerie = lire_messagerie(site)
    brouillons = getattr(messagerie, "brouillons", None)
    brouillon = brouillons.get(personne_id) if brouillons is not None else None
    return dict(brouillon) if brouillon is not None else None


def garder_brouillon(site, lecteur, donnees) -> dict:
    """The draft as typed, replacing the one saved (an empty one removes it). Saved again with the same content,
    nothing is written."""
    personne = exiger_personne(lecteur)
    try:
        brouillon = regles.valider_brouillon(donnees)
    except regles.MessageInvalide as erreur:
        raise RequeteInvalide(str(erreur)) from None
    ancien = brouillon_de(site, personne.id)
    if brouillon is None:
        if ancien is not None:
            lire_messagerie(site).brouillons.pop(personne.id, None)
        return {"brouillon": None, "message": "Brouillon effacé."}
    if ancien is not None and {k: v for k, v in ancien.items() if k != "le"} == brouillon:
        return {"brouillon": ancien, "message": "Brouillon enregistré."}
    messagerie = messagerie_pour_ecrire(site)
    if messagerie.brouillons is None:
        messagerie.brouillons = OOBTree()
    brouillon["le"] = horloge.maintenant().isoformat(timespec="seconds")
    messagerie.brouillons[personne.id] = brouillon
    return {"brouillon": dict(brouillon), "message": "Brouillon enregistré."}


def repondre(site, lecteur, conversation_id, donnees, cle=None) -> dict:
    """A reply in a conversation one is in: to the author of the last message (``tous``: and its recipients),
    each kept only if the replier may still write to them."""
    personne = exiger_personne(lecteur)
    connue = rejouer(site, lecteur, cle, "@messagerie-repondre")
    if connue is not None:
        return connue[1]
    conversation, _ = conversation_de(site, personne.id, conversation_id)
    brouillon = _valider(donnees, reponse=True)
    pieces = lire_pieces(donnees)
    tous = donnees.get("tous") is True
    visibles = conversation.chronologie(personne.id)
    dernier = visibles[-1]
    profils = personnes.Profils(lecteur.annuaire)
    if dernier.auteur == personne.id:  # a follow-up to one's own message: to its recipients
        auteur, autres = None, [profils(i) for i in dernier.destinataires]
        tous = True
    else:
        auteur, autres = profils(dernier.auteur), [profils(i) for i in dernier.destinataires]
    ids = regles.destinataires_reponse(profils(personne.id), auteur, [p for p in autres if p is not None], tous=tous,
                                       reglages=reglages(site))
    if not ids:
        raise Interdit("Vous ne pouvez plus écrire aux participants de cette conversation.")
    messagerie = messagerie_pour_ecrire(site)
    # a reply to everybody a group reached goes on showing the group's label, never its members' names to each other
    groupes = dernier.groupes if tous and dernier.groupes else ()
    message = _deposer(messagerie, conversation, personne, ids, brouillon.texte, groupes, reponse_a=dernier.id,
                       pieces=pieces)
    _auditer(lecteur, conversation, message)
    reponse = {"conversation": conversation.id, "destinataires": len(ids), "lien": url_conversation(site, conversation.id),
               "message": "Réponse envoyée."}
    if message.distribution is not None:
        reponse.update(_distribuer_en_fond(site, lecteur, conversation, message, cle),
                       message=f"Réponse en cours d'envoi à {len(ids)} personnes.")
    else:
        _notifier(site, personne, conversation, message, ids)
    if cle:
        idempotence.retenir(messagerie.reponses, lecteur.login, cle, "@messagerie-repondre", 200, reponse)
    return reponse


def ranger(site, lecteur, conversation_id, dossier) -> dict:
    personne = exiger_personne(lecteur)
    conversation_de(site, personne.id, conversation_id)
    try:
        dossier = regles.valider_rangement(dossier)
    except regles.MessageInvalide as erreur:
        raise RequeteInvalide(str(erreur)) from None
    boite = boite_pour_ecrire(messagerie_pour_ecrire(site), personne.id)
    boite.ranger(conversation_id, dossier)
    return {"conversation": conversation_id, "dossier": dossier, "message": f"Conversation rangée : {regles.DOSSIERS[dossier]}."}


def marquer_lu(site, lecteur, conversation_id) -> dict:
    """Every message of the conversation read by this reader (nothing written when all were)."""
    personne = exiger_personne(lecteur)
    _, boite = conversation_de(site, personne.id, conversation_id)
    lus = boite.marquer_lu(conversation_id)
    return {"conversation": conversation_id, "marques": lus, "non_lus": boite.non_lus()}


def conversation_de(site, personne_id, conversation_id):
    """(conversation, the person's box) when they are in it; a 404 otherwise (whether it exists is not said)."""
    messagerie = lire_messagerie(site)
    boite = lire_boite(site, personne_id)
    if (messagerie is None or boite is None or not isinstance(conversation_id, str)
            or boite.fil(conversation_id) is None or conversation_id not in messagerie.conversations):
        raise Introuvable("Conversation introuvable.")
    return messagerie.conversations[conversation_id], boite


def familles(annuaire, groupes, atteints) -> dict:
    """The families a mot à signer reached: each active student of the groups → their legal parents reached."""
    resultat = {}
    for groupe in groupes:
        for eleve_id in personnes.eleves_du_groupe(annuaire, groupe):
            eleve = annuaire.personne(eleve_id)
            parents = tuple(p for p in acces.responsables_legaux(annuaire, eleve) if p in atteints) if eleve else ()
            if eleve is not None and eleve.actif and parents:
                resultat[eleve_id] = parents
    return resultat


def signer(site, lecteur, conversation_id) -> dict:
    """A parent signs the mot for each of their families that has not signed yet (either parent, once: a second
    click changes nothing)."""
    personne = exiger_personne(lecteur)
    conversation, _ = conversation_de(site, personne.id, conversation_id)
    if not conversation.a_signer:
        raise RequeteInvalide("Ce message n'est pas un mot à signer.")
    mes_familles = [e for e, parents in conversation.familles.items() if personne.id in parents]
    if not mes_familles:
        raise Interdit("Seuls les responsables des élèves concernés signent ce mot.")
    quand = horloge.maintenant().isoformat(timespec="seconds")
    signees = regles.a_signer_par(dict(conversation.familles.items()), conversation.signatures, personne.id)
    for eleve in signees:
        conversation.signatures[eleve] = {"par": personne.id, "quand": quand}
    return {"conversation": conversation.id, "signees": len(signees), "message": "Mot signé."}


def relancer(site, lecteur, conversation_id, cle=None) -> dict:
    """The sender reminds the families that have not signed (a notification to each of their parents)."""
    personne = exiger_personne(lecteur)
    connue = rejouer(site, lecteur, cle, "@messagerie-relancer")
    if connue is not None:
        return connue[1]
    conversation, _ = conversation_de(site, personne.id, conversation_id)
    if not conversation.a_signer or conversation.auteur != personne.id:
        raise Interdit("Seul l'auteur d'un mot à signer relance les familles.")
    etat = regles.etat_signatures(dict(conversation.familles.items()), conversation.signatures)
    parents = list(dict.fromkeys(p for e in etat["non_signes"] for p in conversation.familles[e]
                                 if (lecteur.annuaire.personne(p) is not None and lecteur.annuaire.personne(p).actif)))
    quand = horloge.maintenant().isoformat(timespec="seconds")
    for parent in parents:
        notifications.deposer(site, parent, quand, GENRE, "Rappel : mot à signer", conversation.sujet,
                              {"url": url_conversation(site, conversation.id), "rappel": quand}, cle=f"rappel:{conversation.id}")
    reponse = {"conversation": conversation.id, "relances": len(parents),
               "message": f"Rappel envoyé à {len(parents)} parent{'s' if len(parents) > 1 else ''}."}
    if cle:
        idempotence.retenir(messagerie_pour_ecrire(site).reponses, lecteur.login, cle, "@messagerie-relancer", 200, reponse)
    return reponse


def libelle_groupe(annuaire, groupe):
    libelle = annuaire.divisions.get((groupe.structure, "classe", groupe.division)) or annuaire.divisions.get(
        (groupe.structure, "groupe", groupe.division)) or groupe.division
    fiche = annuaire.structures.get(groupe.structure)
    nom = (fiche.nom or fiche.uai) if fiche is not None else ""
    return regles.libelle_groupe(groupe, libelle, nom)


def _deposer(messagerie, conversation, auteur, ids, texte, groupes, reponse_a=None, pieces=()):
    """The message stored once with its recipient list as expanded now; their mailboxes filled here, or, beyond
    ``regles.SEUIL_FOND`` recipients, by the background task (``message.distribution`` then set)."""
    ns = horloge.horodatage_ns()
    message = Message(messagerie.nouvel_id(), conversation.id, auteur.id, auteur.nom_complet, ids, texte, horloge.maintenant(),
                      groupes=groupes, reponse_a=reponse_a)
    message.ns = ns
    if pieces:  # blobs, stored once with the message, never changed
        noms = regles.noms_pieces([nom for nom, _ in pieces])
        message.pieces = tuple({"id": nom, "taille": len(octets)} for nom, (_, octets) in zip(noms, pieces))
        message.fichiers = OOBTree({nom: NamedBlobFile(data=octets, filename=nom) for nom, (_, octets) in zip(noms, pieces)})
    conversation.ajouter(message, ns)
    boite_pour_ecrire(messagerie, auteur.id).deposer(conversation.id, message.id, ns, recu=False)
    if regles.en_fond(len(ids)):
        message.distribution = Distribution(len(message.destinataires))
        return message
    for ident in ids:
        boite_pour_ecrire(messagerie, ident).deposer(conversation.id, message.id, ns, recu=True)
    return message


TACHE_DISTRIBUER = "cartable.messagerie.envoi.tache_distribuer"


def _distribuer_en_fond(site, lecteur, conversation, message, cle) -> dict:
    """Queue the task that fills the recipients' mailboxes, after this transaction commits (an aborted request
    queues nothing; a replayed key queues nothing again: its first answer is given back before)."""
    tache = tasks.enqueue(TACHE_DISTRIBUER, site.getPhysicalPath(), lecteur.login,
                          {"conversation": conversation.id, "message": message.id, "ns": message.ns},
                          idempotency_key=f"messagerie:{cle}" if cle else None)
    message.distribution.tache = tache
    messagerie = messagerie_pour_ecrire(site)
    if messagerie.envois is None:
        messagerie.envois = OOBTree()
    messagerie.envois[(conversation.id, message.id)] = {"ns": message.ns, "reprises": 0,
                                                         "depuis": horloge.maintenant().isoformat(timespec="seconds")}
    return {"tache": tache, "envoi": etat_envoi(message)}


def reprendre_envois(site, progress=None, maintenant=None) -> dict:
    """The periodic tour's part: each background sending not finished whose job is lost (its queueing failed after
    the commit, it failed, or it has been « queued » far too long) is queued again, as its sender, at most
    ``regles.REPRISES_MAX`` times. Idempotent: the task serves no mailbox twice, and a sending finished or gone
    leaves the list. Reads a short list (the sendings in progress), never the mailboxes."""
    messagerie = lire_messagerie(site)
    envois = getattr(messagerie, "envois", None) if messagerie is not None else None
    bilan = {"en_cours": 0, "reprises": [], "abandonnees": []}
    if not envois:
        return bilan
    maintenant = horloge.maintenant()  # local and naive, as "depuis" (the tour's own ``maintenant`` is UTC)
    annuaire = lire_annuaire(site)
    for (conversation_id, message_id), etat in list(envois.items()):
        conversation = messagerie.conversations.get(conversation_id)
        message = conversation.messages.get((-etat["ns"], message_id)) if conversation is not None else None
        distribution = getattr(message, "distribution", None)
        if distribution is None or distribution.faits() >= distribution.total:
            del envois[(conversation_id, message_id)]  # finished (or gone): nothing to watch
            continue
        bilan["en_cours"] += 1
        record = tasks.read_job(distribution.tache) if distribution.tache else None
        minutes = (maintenant - datetime.fromisoformat(etat["depuis"])).total_seconds() / 60
        if not regles.envoi_a_reprendre(record.get("state") if record else None, minutes, etat["reprises"]):
            if etat["reprises"] >= regles.REPRISES_MAX and record is not None and record.get("state") == "failed":
                bilan["abandonnees"].append(message_id)
                journal.error("envoi du message %s abandonné après %s reprises : %s", message_id, etat["reprises"],
                              record.get("error"))
            continue
        auteur = annuaire.personne(message.auteur) if annuaire is not None else None
        reprises = etat["reprises"] + 1
        tache = tasks.enqueue(TACHE_DISTRIBUER, site.getPhysicalPath(), auteur.login if auteur is not None else message.auteur,
                              {"conversation": conversation_id, "message": message_id, "ns": etat["ns"]},
                              idempotency_key=f"messagerie-reprise:{message_id}:{reprises}")
        distribution.tache = tache
        envois[(conversation_id, message_id)] = {**etat, "reprises": reprises,
                                                  "depuis": maintenant.isoformat(timespec="seconds")}
        journal.warning("envoi du message %s remis en file (%s, reprise %s) : %s boîtes sur %s", message_id,
                        record.get("state") if record else "tâche jamais mise en file", reprises, distribution.faits(),
                        distribution.total)
        bilan["reprises"].append(message_id)
    return bilan


REPRISE = TachePeriodique("cartable.messagerie.reprise_envois", "Reprise des envois de la messagerie en panne",
                          reprendre_envois, ChaqueMinute())


def etat_envoi(message) -> dict | None:
    """For the sender: how far the background sending went (None for a message delivered at once)."""
    distribution = getattr(message, "distribution", None)
    if distribution is None:
        return None
    faits, total = distribution.faits(), distribution.total
    return {"faits": faits, "total": total, "termine": faits >= total, "texte": regles.progression(faits, total)}


@tasks.cartable_task(permission="zope2.View", title="Envoi d'un message à un grand groupe", reprise=True)
def tache_distribuer(site, progress, conversation, message, ns):
    """Fill the mailboxes of a message's recipients (the list kept at send time), by batches of ``regles.LOT``,
    each batch committed with its recipients noted as served: run again after a crash or a write conflict, it
    resumes where it stopped and serves no one twice. Each recipient's bell rings as their mailbox is filled (its
    e-mail follows the quiet hours)."""
    messagerie = lire_messagerie(site)
    conv = messagerie.conversations.get(conversation) if messagerie is not None else None
    envoye = conv.messages.get((-ns, message)) if conv is not None else None
    if envoye is None or envoye.distribution is None:
        raise Introuvable("Message introuvable.")
    distribution, total = envoye.distribution, envoye.distribution.total
    annuaire = lire_annuaire(site)
    auteur = annuaire.personne(envoye.auteur) if annuaire is not None else None
    titre = f"Message de {auteur.nom_complet if auteur is not None else envoye.auteur_nom}"
    for lot in regles.lots(envoye.destinataires, distribution.servis):
        quand = horloge.maintenant().isoformat(timespec="seconds")
        for ident in lot:
            boite_pour_ecrire(messagerie, ident).deposer(conversation, message, ns, recu=True)
            notifications.deposer(site, ident, quand, GENRE, titre, conv.sujet,
                                  {"url": url_conversation(site, conversation), "message": message},
                                  cle=f"message:{conversation}")
            distribution.servir(ident)
        transaction.commit()
        if progress is not None:
            progress(distribution.faits(), total, regles.progression(distribution.faits(), total))
    if messagerie.envois is not None and distribution.faits() >= total:
        messagerie.envois.pop((conversation, message), None)  # finished: the tour no longer watches it
    journal.info("message %s de %s distribué à %s personnes", message, envoye.auteur, distribution.faits())
    return {"conversation": conversation, "message": message, "faits": distribution.faits(), "total": total}


def _auditer(lecteur, conversation, message):
    journal.info("message %s de %s (%s) dans %s à %s personnes%s", message.id, message.auteur, lecteur.login,
                 conversation.id, len(message.destinataires),
                 f" par {', '.join(c for c, _ in message.groupes)}" if message.groupes else "")


def _notifier(site, auteur, conversation, message, ids):
    """The bell of each recipient (one notification per conversation, back to unread at each new message); its
    e-mail follows the person's preference and the quiet hours (cartable.annuaire.courriels)."""
    quand = horloge.maintenant().isoformat(timespec="seconds")
    titre = f"Message de {auteur.nom_complet}"
    for ident in ids:
        notifications.deposer(site, ident, quand, GENRE, titre, conversation.sujet,
                              {"url": url_conversation(site, conversation.id), "message": message.id}, cle=f"message:{conversation.id}")
