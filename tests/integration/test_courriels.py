"""Notifications by e-mail, through a real SMTP server (aiosmtpd): « tout de suite », the digest, « jamais »,
the establishment's quiet hours, and the MailHost set from CARTABLE_SMTP."""

import email
import email.header
import socket
from datetime import datetime, time

import pytest
import transaction
from aiosmtpd.controller import Controller
from plone import api

from cartable.annuaire import courriels
from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge, notifications
from cartable.pedagogie.suivi import periodiques
from tests.integration.requetes import client


class Boite:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp():
    boite = Boite()
    with socket.socket() as libre:  # aiosmtpd checks its own port at start: it needs a number, not 0
        libre.bind(("127.0.0.1", 0))
        port = libre.getsockname()[1]
    serveurs = [Controller(boite, hostname="127.0.0.1", port=port)]
    serveurs[0].start()
    try:
        yield serveurs, boite
    finally:
        for serveur in serveurs:
            if serveur.loop.is_running():
                serveur.stop()


def sujet(message):
    return str(email.header.make_header(email.header.decode_header(message["Subject"])))


@pytest.fixture
def courrier(site, functional_demo, smtp):
    """The demo site's MailHost pointed at the test SMTP server, and a parent with an address."""
    serveurs, boite = smtp
    portal = functional_demo["portal"]
    port = serveurs[0].port
    assert courriels.configurer_mailhost(portal, f"127.0.0.1:{port}")
    annuaire = lire_annuaire(portal)
    parent = annuaire.par_login(site["logins"]["parent"])
    assert parent.mail, "the demo's parent has an address"
    transaction.commit()
    return {"portal": portal, "annuaire": annuaire, "parent": parent, "boite": boite}


def deposer(portal, personne, genre, titre):
    notifications.deposer(portal, personne.id, horloge.instant().isoformat(), genre, titre, titre)
    transaction.commit()


def tour(portal):
    """What the minute tour does with the outgoing e-mails, now."""
    bilan = courriels.envoyer_differes(portal, None, horloge.instant())
    transaction.commit()
    return bilan


def test_an_absence_leaves_at_once_and_never_when_the_parent_says_never(courrier):
    portal, parent, boite = courrier["portal"], courrier["parent"], courrier["boite"]
    horloge.figer(datetime(2026, 11, 17, 10, 0))
    deposer(portal, parent, "absences", "Absence de Léa ce matin")
    assert tour(portal) == {"envoyes": 1}
    assert [(m["To"], sujet(m)) for m in boite.messages] == [(parent.mail, "Cartable : Absence de Léa ce matin")]
    notifications.ecrire_preferences(portal, parent.id, {"absences": "jamais"})
    deposer(portal, parent, "absences", "Retard de Léa")
    assert tour(portal) == {"envoyes": 0}
    assert len(boite.messages) == 1
    # the bell still has it: « jamais » is about e-mail only
    assert notifications.lire(portal, parent.id)[0]["titre"] == "Retard de Léa"


def test_an_email_due_in_quiet_hours_leaves_when_they_end(courrier):
    portal, parent, boite = courrier["portal"], courrier["parent"], courrier["boite"]
    horloge.figer(datetime(2026, 11, 17, 22, 15))
    deposer(portal, parent, "absences", "Absence à l'internat")
    assert boite.messages == []
    assert courriels.envoyer_differes(portal, None, horloge.instant()) == {"envoyes": 0}
    horloge.figer(datetime(2026, 11, 18, 6, 59))
    assert courriels.envoyer_differes(portal, None, horloge.instant()) == {"envoyes": 0}
    horloge.figer(datetime(2026, 11, 18, 7, 0))
    assert tour(portal) == {"envoyes": 1}
    assert [sujet(m) for m in boite.messages] == ["Cartable : Absence à l'internat"]
    assert courriels.envoyer_differes(portal, None, horloge.instant()) == {"envoyes": 0}  # sent once


def test_the_digest_keeps_the_digest_kinds_arrives_once_and_waits_for_the_quiet_hours(courrier):
    portal, parent, boite, annuaire = courrier["portal"], courrier["parent"], courrier["boite"], courrier["annuaire"]
    horloge.figer(datetime(2026, 11, 17, 16, 0))
    notifications.marquer_lues(portal, parent.id)
    notifications.ecrire_preferences(portal, parent.id, {"absences": "immediat", "devoir": "resume", "travail": "jamais"})
    deposer(portal, parent, "devoir", "Nouveau devoir : exposé")
    deposer(portal, parent, "travail", "Travail à faire : exercices")
    deposer(portal, parent, "absences", "Absence ce matin")  # leaves at once
    assert tour(portal)["envoyes"] == 1 and len(boite.messages) == 1
    etab = courriels.etablissement_de(portal, annuaire, parent)
    courriels.ecrire_heures_calmes(etab, time(17, 30), time(7, 0))  # the digest at 18:00 falls in them
    horloge.figer(datetime(2026, 11, 17, 18, 0))
    resume = periodiques.resume_quotidien(portal, None, horloge.instant())
    transaction.commit()
    assert resume["envoyes"] >= 1
    assert tour(portal) == {"envoyes": 0} and len(boite.messages) == 1  # kept for 7:00
    assert periodiques.resume_quotidien(portal, None, horloge.instant())["envoyes"] == 0  # once a day
    horloge.figer(datetime(2026, 11, 18, 7, 0))
    assert tour(portal)["envoyes"] >= 1
    digests = [m for m in boite.messages if m["To"] == parent.mail and "non lue" in sujet(m)]
    assert len(digests) == 1
    corps = digests[0].get_payload(decode=True).decode("utf-8")
    assert "Nouveau devoir : exposé" in corps
    assert "exercices" not in corps and "Absence ce matin" not in corps
    assert sujet(digests[0]).endswith("du mardi 17 novembre")


def test_preferences_and_quiet_hours_through_rest(site):
    parent = client(site, "parent")
    lues = parent.get(f"{site['url']}/@preferences-notifications").json()
    assert {g["genre"]: g["mode"] for g in lues["genres"]}["absences"] == "immediat"
    refus = parent.post(f"{site['url']}/@preferences-notifications", {"absences": "parfois"})
    assert refus.status_code == 400 and "immediat, resume ou jamais" in refus.json()["error"]["message"]
    assert parent.get(f"{site['url']}/@preferences-notifications").json()["genres"][0]["mode"] == "immediat"
    ok = parent.post(f"{site['url']}/@preferences-notifications", {"absences": "resume"})
    assert ok.status_code == 200
    assert {g["genre"]: g["mode"] for g in ok.json()["genres"]}["absences"] == "resume"
    page = parent.page(f"{site['url']}/@@preferences-notifications")
    assert page.status_code == 200 and "Mes notifications par courriel" in page.text and "entre 20 h et 7 h" in page.text

    etab = site["paths"]["etab"]
    assert client(site, "cpe").post(f"{etab}/@heures-calmes", {"debut": "21:00", "fin": "06:30"}).status_code == 403
    assert client(site, "direction").post(f"{etab}/@heures-calmes", {"debut": "25:00", "fin": "06:30"}).status_code == 400
    reglees = client(site, "direction").post(f"{etab}/@heures-calmes", {"debut": "21:00", "fin": "06:30"})
    assert reglees.status_code == 200 and reglees.json()["texte"] == "Aucun courriel entre 21 h et 6 h 30"
    assert client(site, "cpe").get(f"{etab}/@heures-calmes").json()["debut"] == "21:00"
    assert client(site, "parent").get(f"{etab}/@heures-calmes").status_code == 403


def test_a_server_down_keeps_the_email_for_the_next_minute(courrier, smtp):
    portal, parent, boite = courrier["portal"], courrier["parent"], courrier["boite"]
    serveurs, _ = smtp
    horloge.figer(datetime(2026, 11, 17, 10, 0))
    serveurs[0].stop()
    deposer(portal, parent, "absences", "Absence pendant la panne")  # the deposit never depends on the server
    assert notifications.lire(portal, parent.id)[0]["titre"] == "Absence pendant la panne"
    assert tour(portal) == {"envoyes": 0, "echecs": 1}
    serveurs.append(Controller(boite, hostname="127.0.0.1", port=serveurs[0].port))  # back up
    serveurs[-1].start()
    horloge.figer(datetime(2026, 11, 17, 10, 1))
    assert tour(portal) == {"envoyes": 1}
    assert [sujet(m) for m in boite.messages] == ["Cartable : Absence pendant la panne"]


def test_without_a_sender_nothing_is_sent_and_nothing_fails(site, functional_demo, smtp):
    _, boite = smtp
    portal = functional_demo["portal"]
    api.portal.set_registry_record("plone.email_from_address", "")
    transaction.commit()
    parent = lire_annuaire(portal).par_login(site["logins"]["parent"])
    deposer(portal, parent, "absences", "Absence")
    assert tour(portal) == {"envoyes": 0}
    assert boite.messages == []


def test_cartable_smtp_is_read_as_host_and_port():
    assert courriels.lire_smtp("localhost:1025") == ("localhost", 1025)
    assert courriels.lire_smtp("smtp.region.fr:587") == ("smtp.region.fr", 587)
    assert courriels.lire_smtp("") is None and courriels.lire_smtp(None) is None
    assert courriels.lire_smtp("localhost") is None and courriels.lire_smtp("localhost:smtp") is None
