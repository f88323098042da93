"""A message's e-mail through a real SMTP server (aiosmtpd): sent at 22:30, it is in the inbox at once and its
e-mail leaves only at the end of the quiet hours (07:00), the periodic tour's clock moved, never by sleeping;
sent by day, it leaves at the next tour; « jamais » keeps it in Cartable only."""

from datetime import datetime

import transaction

from cartable.core import horloge, notifications
from tests.integration.requetes import client
from tests.integration.test_courriels import courrier, smtp, sujet  # noqa: F401  (fixtures)
from tests.integration.test_courriels import tour as tour_du_serveur


def tour(portal):
    """The minute tour, on what the server committed (the messages are sent through it)."""
    transaction.begin()
    return tour_du_serveur(portal)


def ecrire_au_parent(site, courrier, cle):
    return client(site, "enseignant").post("@messagerie-envoyer", {
        "sujet": "Sortie de jeudi", "texte": "Pensez à l'autorisation signée.", "destinataires": [courrier["parent"].id],
    }, cle=cle)


def test_a_message_sent_at_night_is_in_the_inbox_at_once_and_mailed_at_seven(site, courrier):
    portal, parent, boite = courrier["portal"], courrier["parent"], courrier["boite"]
    horloge.figer(datetime(2026, 11, 17, 22, 30))
    envoi = ecrire_au_parent(site, courrier, "nuit-1")
    assert envoi.status_code == 200, envoi.text
    assert ecrire_au_parent(site, courrier, "nuit-1").json() == envoi.json()  # twice clicked: one message, one e-mail
    assert client(site, "parent").get("@messagerie-non-lus").json() == {"non_lus": 1}  # delivered at once
    assert tour(portal) == {"envoyes": 0} and boite.messages == []
    horloge.figer(datetime(2026, 11, 18, 6, 59))
    assert tour(portal) == {"envoyes": 0}
    horloge.figer(datetime(2026, 11, 18, 7, 0))
    assert tour(portal) == {"envoyes": 1}
    assert [(m["To"], sujet(m)) for m in boite.messages] == [(parent.mail, f"Cartable : Message de {nom_prof(site, courrier)}")]
    corps = boite.messages[0].get_payload(decode=True).decode("utf-8")
    assert "Sortie de jeudi" in corps and "Pensez à l'autorisation" not in corps  # the subject, never the text
    assert tour(portal) == {"envoyes": 0}  # sent once


def test_by_day_at_once_and_never_when_the_parent_says_never(site, courrier):
    portal, parent, boite = courrier["portal"], courrier["parent"], courrier["boite"]
    horloge.figer(datetime(2026, 11, 17, 10, 0))
    ecrire_au_parent(site, courrier, "jour-1")
    assert tour(portal) == {"envoyes": 1} and len(boite.messages) == 1
    notifications.ecrire_preferences(portal, parent.id, {"message": "jamais"})
    transaction.commit()
    ecrire_au_parent(site, courrier, "jour-2")
    assert tour(portal) == {"envoyes": 0} and len(boite.messages) == 1
    assert client(site, "parent").get("@messagerie-non-lus").json() == {"non_lus": 2}  # the mail is there all the same


def nom_prof(site, courrier):
    return courrier["annuaire"].par_login(site["logins"]["enseignant"]).nom_complet


def test_the_sender_is_told_before_sending_in_the_quiet_hours(site):
    horloge.figer(datetime(2026, 11, 17, 22, 30))
    offerts = client(site, "enseignant").get("@messagerie-destinataires").json()
    assert offerts["heures_calmes"] == ("Heures calmes (20 h – 7 h) : votre message arrivera tout de suite dans la "
                                        "messagerie, mais les courriels de notification attendront 7 h.")
    assert offerts["heures_calmes"] in client(site, "enseignant").page(f"{site['url']}/@@messagerie-ecrire").text
    horloge.figer(datetime(2026, 11, 17, 10, 0))
    assert client(site, "enseignant").get("@messagerie-destinataires").json()["heures_calmes"] is None
    assert "Heures calmes" not in client(site, "enseignant").page(f"{site['url']}/@@messagerie-ecrire").text
