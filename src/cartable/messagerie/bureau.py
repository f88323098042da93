"""The messagerie's part of Mon bureau: « Messages non lus » for every person of the directory, and the menu
entry « Messagerie » with the unread count the header shows beside it (``nombre``; cartable.core.bureau). Reads the person's mailbox index (a range read of a few keys and
the unread counter), never the conversations of others, never writes."""

from zope.interface import implementer

from cartable.core import adresses
from cartable.core.bureau import IBlocBureau, IEntreesMenu
from cartable.messagerie import lecture, signalements
from cartable.messagerie.envoi import url_conversation
from cartable.messagerie.stockage import lire_boite, lire_messagerie
from cartable.regles.bureau import bloc, lien, ligne

LIGNES = 5
LUES = 30  # conversations of the réception looked at for the unread ones (the newest first)


@implementer(IBlocBureau)
class NonLus:
    """« Messages non lus »: the conversations of the réception with unread messages, newest first."""

    ordre = 8

    def blocs(self, site, lecteur):
        personne = lecteur.personne
        if personne is None or lecteur.annuaire is None:
            return []
        racine = adresses.url_site(site)
        boite, messagerie = lire_boite(site, personne.id), lire_messagerie(site)
        lignes, total = [], 0
        if boite is not None:
            total = boite.non_lus()
            for conversation_id in boite.liste("reception", 0, LUES) if total else ():
                fil, conversation = boite.fil(conversation_id), messagerie.conversations.get(conversation_id)
                if fil is None or conversation is None or not fil.non_lus:
                    continue
                dernier = conversation.chronologie(personne.id)[-1]
                lignes.append(ligne(conversation.sujet,
                                    f"{lecture.nom(lecteur.annuaire, dernier.auteur, dernier)}, {lecture.quand(dernier.envoye)}",
                                    url_conversation(site, conversation_id), "a_faire",
                                    f"{len(fil.non_lus)} non lu" + ("s" if len(fil.non_lus) > 1 else "")))
                if len(lignes) >= LIGNES:
                    break
        titre = "Messages non lus" + (f" ({total})" if total else "")
        return [bloc(titre, lignes, "Aucun message non lu.",
                     liens=[lien("Ouvrir la messagerie", f"{racine}/@@messagerie"),
                            lien("Écrire un message", f"{racine}/@@messagerie-ecrire")])]


@implementer(IEntreesMenu)
class Menu:
    def entrees(self, site, lecteur):
        if lecteur.personne is None:
            return []
        # the unread count beside « Messagerie » in the header: the mailbox's own counter (a Length, O(1))
        boite = lire_boite(site, lecteur.personne.id)
        entrees = [{"texte": "Messagerie", "lien": f"{adresses.url_site(site)}/@@messagerie", "ordre": 15,
                    "nombre": boite.non_lus() if boite is not None else 0}]
        if signalements.structures_de_direction(lecteur.personne):
            entrees.append({"texte": "Messages signalés", "lien": f"{adresses.url_site(site)}/@@messagerie-signalements",
                            "ordre": 16})
        return entrees
