"""The messagerie's records: conversations stored once, one mailbox per person, in BTrees.

Persistent objects only (no Zope): they live in RelStorage through the site annotation of
``cartable.messagerie.stockage`` and in memory in tests.

- ``Messagerie.conversations``: conversation id (random hex) → ``Conversation``; random ids spread
  the inserts of concurrent senders over the buckets.
- ``Conversation.messages``: (−ns of sending, id) → ``Message`` (each message stored once, its own
  persistent object); a message is never changed once sent.
- ``Messagerie.boites``: person id → ``Boite``, each person's mailbox: ``fils`` (conversation id →
  ``Fil``, the person's copy: folder, unread messages) and ``index`` ((folder, −ns of last activity,
  conversation id) → True), read as a range for the folder lists, newest first; ``non_lus``, a
  ``Length`` of unread messages, read in O(1) for the header and Mon bureau. No catalog.
"""

import uuid

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree, OOTreeSet
from persistent import Persistent

from cartable.regles import messagerie as regles


class Distribution(Persistent):
    """The background filling of a message's mailboxes (beyond ``regles.SEUIL_FOND`` recipients): who was served
    (a set, so that a task run again serves no one twice) and how many (read in O(1) for the sender's progress)."""

    tache = None  # the huey job's id

    def __init__(self, total):
        self.total = total
        self.servis = OOTreeSet()
        self.nombre = Length()

    def servir(self, ident) -> bool:
        if self.servis.insert(ident):
            self.nombre.change(1)
            return True
        return False

    def faits(self) -> int:
        return self.nombre()


class Message(Persistent):
    distribution = None  # a Distribution when its mailboxes are filled in the background
    ns = None  # the sending's ns (its key in Conversation.messages is (−ns, id))
    pieces = ()  # the attachments: ({"id": cleaned unique name, "taille": bytes}, …)
    fichiers = None  # an OOBTree id → NamedBlobFile when it has attachments

    def __init__(self, id, conversation, auteur, auteur_nom, destinataires, texte, envoye, groupes=(), reponse_a=None):
        self.id = id
        self.conversation = conversation
        self.auteur = auteur
        self.auteur_nom = auteur_nom  # the name at send time: kept if the author leaves the directory
        self.destinataires = tuple(destinataires)
        self.groupes = tuple(groupes)  # ((clé, libellé), …) as sent: the audit of a group's expansion
        self.texte = texte
        self.envoye = envoye  # naive local datetime (horloge.maintenant)
        self.reponse_a = reponse_a

    def voit(self, personne) -> bool:
        return personne == self.auteur or personne in self.destinataires


class Conversation(Persistent):
    # a « mot à signer » of the carnet de liaison: the families it reached (student → their parents reached) and
    # their signatures (student → {"par", "quand"}), each an OOBTree; None for a plain conversation
    a_signer = False
    familles = None
    signatures = None

    def __init__(self, id, sujet, auteur, cree):
        self.id = id
        self.sujet = sujet
        self.auteur = auteur
        self.cree = cree
        self.participants = OOTreeSet()
        self.messages = OOBTree()

    def ajouter(self, message, ns):
        self.messages[(-ns, message.id)] = message
        self.participants.add(message.auteur)
        for ident in message.destinataires:
            self.participants.add(ident)

    def chronologie(self, personne=None):
        """Its messages, oldest first; only those ``personne`` wrote or received when given."""
        messages = list(reversed(list(self.messages.values())))
        return [m for m in messages if personne is None or m.voit(personne)]


class Fil(Persistent):
    """One person's copy of a conversation: theirs alone (folder, read state)."""

    def __init__(self, conversation):
        self.conversation = conversation
        self.dossier = "reception"
        self.a_recu = False
        self.a_envoye = False
        self.non_lus = ()  # ids of the messages received and not read
        self.tri = 0  # −ns of the last activity

    def vues(self):
        return regles.vues(self.dossier, self.a_recu, self.a_envoye)


class Boite(Persistent):
    def __init__(self):
        self.fils = OOBTree()
        self.index = OOBTree()
        self.non_lus = Length()

    def fil(self, conversation):
        return self.fils.get(conversation)

    def _desindexer(self, fil):
        for vue in fil.vues():
            self.index.pop((vue, fil.tri, fil.conversation), None)

    def _indexer(self, fil):
        for vue in fil.vues():
            self.index[(vue, fil.tri, fil.conversation)] = True

    def deposer(self, conversation, message_id, ns, recu):
        """A message sent (``recu`` false) or received in a conversation: the copy moves to the top; a message
        received is unread and brings a conversation put away back to the réception."""
        fil = self.fils.get(conversation)
        if fil is None:
            fil = self.fils[conversation] = Fil(conversation)
        else:
            self._desindexer(fil)
        fil.tri = -ns
        if recu:
            fil.a_recu = True
            fil.dossier = "reception"
            if message_id not in fil.non_lus:
                fil.non_lus = fil.non_lus + (message_id,)
                self.non_lus.change(1)
        else:
            fil.a_envoye = True
        self._indexer(fil)
        return fil

    def marquer_lu(self, conversation) -> int:
        """Every message of the conversation read; how many were not (nothing written when none)."""
        fil = self.fils.get(conversation)
        if fil is None or not fil.non_lus:
            return 0
        nombre = len(fil.non_lus)
        fil.non_lus = ()
        self.non_lus.change(-nombre)
        return nombre

    def ranger(self, conversation, dossier) -> bool:
        fil = self.fils.get(conversation)
        if fil is None:
            return False
        if fil.dossier != dossier:
            self._desindexer(fil)
            fil.dossier = dossier
            self._indexer(fil)
        return True

    def liste(self, vue, debut=0, taille=50):
        """The conversation ids of one folder, newest first (a range read of the index)."""
        resultat = []
        for rang, (_, _, conversation) in enumerate(self.index.keys(min=(vue,), max=(vue, 0, "\uffff"))):
            if rang >= debut + taille:
                break
            if rang >= debut:
                resultat.append(conversation)
        return resultat

    def compter(self, vue, plafond=1000):
        """How many conversations a folder holds (counted up to ``plafond``)."""
        nombre = 0
        for _ in self.index.keys(min=(vue,), max=(vue, 0, "\uffff")):
            nombre += 1
            if nombre >= plafond:
                break
        return nombre


class Messagerie(Persistent):
    brouillons = None  # person id → their draft as typed (a dict, with "le": when saved), an OOBTree made on first use
    # the background sendings not finished: (conversation id, message id) → {"ns", "depuis": when (re)queued, ISO,
    # "reprises": times queued again}, read by the periodic tour that queues again a job lost (envoi.reprendre_envois)
    envois = None

    def __init__(self):
        self.conversations = OOBTree()
        self.boites = OOBTree()
        self.reglages = OOBTree()  # structure → {"eleves_entre_eux": bool}
        self.reponses = OOBTree()  # idempotency store of the sending services

    def nouvel_id(self):
        return uuid.uuid4().hex

    def reglages_de(self, structure) -> regles.Reglages:
        reglage = self.reglages.get(structure)
        return regles.Reglages(**reglage) if reglage else regles.REGLAGES_PAR_DEFAUT
