"""Messagerie (issue 16): a message to « les parents de l'établissement » fills the mailboxes in the background.

The request stores the message once with the recipient list expanded at send time, files it in the sender's
« Envoyés » and queues a huey task after commit; one click twice sends once. The worker's part is run here as
``cartable.core.tasks.run_job`` runs it, on the test database, interrupted once mid-way and run again: every
parent of the establishment gets exactly one copy (0 duplicates, 0 missing) and the sender reads the progress.
"""

from datetime import timedelta

import transaction

from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge, notifications, periodique, tasks
from cartable.messagerie import envoi
from cartable.messagerie.stockage import lire_messagerie
from cartable.regles import acces
from cartable.regles import messagerie as regles
from tests.integration.requetes import client


class Coupure(Exception):
    """The worker stopped after its first batch."""


def parents_de_l_etablissement(annuaire, structure):
    attendus = set()
    for classe in annuaire.divisions_de(structure, "classe"):
        for eleve_id in annuaire.eleves(structure, classe):
            eleve = annuaire.personne(eleve_id)
            if eleve is not None and eleve.actif:
                attendus |= set(acces.responsables_legaux(annuaire, eleve))
    return attendus


def copies(messagerie, conversation_id, message_id, attendus):
    """One id per mailbox holding the message, and the unread copies counted (a duplicate shows in both)."""
    recus, non_lus = [], 0
    for ident, boite in messagerie.boites.items():
        fil = boite.fil(conversation_id)
        if fil is not None and fil.a_recu:
            recus.append(ident)
            non_lus += fil.non_lus.count(message_id)
            assert fil.non_lus.count(message_id) == 1, ident
    return recus, non_lus


def test_the_parents_of_the_establishment_get_one_copy_each_in_the_background(site, functional_demo):
    portal = functional_demo["portal"]
    annuaire = lire_annuaire(portal)
    cpe = annuaire.par_login(site["logins"]["cpe"])
    structure = next(s for s, code, _ in cpe.fonctions if code == regles.FONCTION_CPE)
    attendus = parents_de_l_etablissement(annuaire, structure)
    assert len(attendus) > regles.SEUIL_FOND  # the demo collège's families: enough to go to the background
    groupe = f"{regles.FAMILLES}:{structure}:"
    offerts = client(site, "cpe").get("@messagerie-destinataires").json()["groupes"]
    assert any(g["cle"] == groupe and g["libelle"].startswith("Les parents de l'établissement") for g in offerts)
    assert not any(g["cle"].startswith(regles.FAMILLES) for g in client(site, "enseignant").get("@messagerie-destinataires").json()["groupes"])
    refus = client(site, "enseignant").post("@messagerie-envoyer", {"sujet": "Réunion", "texte": "Bonjour", "groupes": [groupe]})
    assert refus.status_code == 403

    corps = {"sujet": "Réunion parents-professeurs", "texte": "Madame, Monsieur, la réunion aura lieu jeudi.",
             "destinataires": [], "groupes": [groupe]}
    premier = client(site, "cpe").post("@messagerie-envoyer", corps, cle="tous-les-parents")
    assert premier.status_code == 200, premier.text
    second = client(site, "cpe").post("@messagerie-envoyer", corps, cle="tous-les-parents")  # one click twice
    assert second.json() == premier.json()
    reponse = premier.json()
    assert reponse["destinataires"] == len(attendus) and "en cours d'envoi" in reponse["message"]
    assert reponse["envoi"] == {"faits": 0, "total": len(attendus), "termine": False,
                                "texte": f"Envoi en cours : 0 boîte sur {len(attendus)}."}
    conversation_id, tache = reponse["conversation"], reponse["tache"]
    en_file = [t for t in (tasks.get_huey().dequeue() for _ in range(tasks.get_huey().pending_count()))
               if t.args[1] == envoi.TACHE_DISTRIBUER]
    assert [t.args[0] for t in en_file] == [tache]  # queued once, after the commit
    params = en_file[0].args[4]

    transaction.begin()
    messagerie = lire_messagerie(portal)
    assert len(messagerie.conversations) == 1
    message = messagerie.conversations[conversation_id].chronologie()[0]
    assert set(message.destinataires) == attendus and len(message.destinataires) == len(attendus)  # the list kept
    assert message.groupes[0][0] == groupe
    un_parent = next(iter(attendus))
    assert messagerie.boites.get(un_parent) is None or messagerie.boites[un_parent].fil(conversation_id) is None
    assert client(site, "cpe").get("@messagerie", params={"dossier": "envoyes"}).json()["items"][0]["id"] == conversation_id

    # the worker: stopped after its first batch, then run again (as a worker restarted takes a job « reprise »)
    def coupe(fait, total, texte):
        raise Coupure(texte)

    try:
        tasks.run_with_retries(functional_demo["zodbDB"], "/plone", site["logins"]["cpe"], envoi.tache_distribuer, coupe, params)
    except Coupure as coupure:
        assert str(coupure) == f"Envoi en cours : {regles.LOT} boîtes sur {len(attendus)}."
    vu = client(site, "cpe").get(f"@messagerie-conversation/{conversation_id}").json()
    assert vu["messages"][0]["envoi"]["faits"] == regles.LOT and not vu["messages"][0]["envoi"]["termine"]
    record = tasks.read_job(tache)
    resultat = tasks.run_with_retries(functional_demo["zodbDB"], "/plone", site["logins"]["cpe"], envoi.tache_distribuer,
                                      tasks.Progress(tasks.get_huey(), record), params)
    assert resultat["faits"] == resultat["total"] == len(attendus)
    assert tasks.read_job(tache)["done"] == len(attendus)
    # a third run (a retry after a conflict, a replayed job) serves no one again
    tasks.run_with_retries(functional_demo["zodbDB"], "/plone", site["logins"]["cpe"], envoi.tache_distribuer, None, params)

    transaction.begin()
    messagerie = lire_messagerie(portal)
    recus, non_lus = copies(messagerie, conversation_id, message.id, attendus)
    bilan = regles.bilan_distribution(message.destinataires, recus)
    assert bilan["doublons"] == [] and bilan["manquants"] == [] and bilan["en_trop"] == []
    assert non_lus == len(attendus)
    cloches = [n for n in notifications.lire(portal, un_parent) if n.get("cle") == f"message:{conversation_id}"]
    assert len(cloches) == 1
    vu = client(site, "cpe").get(f"@messagerie-conversation/{conversation_id}").json()
    assert vu["messages"][0]["envoi"] == {"faits": len(attendus), "total": len(attendus), "termine": True,
                                          "texte": f"Envoyé aux {len(attendus)} destinataires."}
    page = client(site, "cpe").page(f"@@messagerie-conversation?id={conversation_id}")
    assert f"Envoyé aux {len(attendus)} destinataires." in page.text
    # a parent reads it, and sees neither the others' names nor the progress
    parent = client(site, "parent").get(f"@messagerie-conversation/{conversation_id}").json()
    assert parent["messages"][0]["envoi"] is None and parent["messages"][0]["groupes"][0].startswith("Les parents de l'établissement")
    assert len(parent["messages"][0]["a"]) == 1


def test_a_sending_whose_queueing_failed_is_queued_again_by_the_tour_and_sent_once(site, functional_demo, monkeypatch):
    portal = functional_demo["portal"]
    annuaire = lire_annuaire(portal)
    cpe = annuaire.par_login(site["logins"]["cpe"])
    structure = next(s for s, code, _ in cpe.fonctions if code == regles.FONCTION_CPE)
    attendus = parents_de_l_etablissement(annuaire, structure)
    huey = tasks.get_huey()

    def distribuer_en_file():
        return [t for t in (huey.dequeue() for _ in range(huey.pending_count())) if t.args[1] == envoi.TACHE_DISTRIBUER]

    assert envoi.REPRISE.nom in periodique.taches_enregistrees()  # every minute, in the worker's tour
    distribuer_en_file()  # an empty queue to start with
    # the queue refuses the job after the commit (the request succeeded: the message is stored, its job lost)
    with monkeypatch.context() as m:
        m.setattr(tasks, "_enqueue_after_commit", lambda *args, **kwargs: None)
        reponse = client(site, "cpe").post("@messagerie-envoyer", {
            "sujet": "Réunion", "texte": "Bonjour", "destinataires": [], "groupes": [f"{regles.FAMILLES}:{structure}:"]},
            cle="file-en-panne")
    assert reponse.status_code == 200, reponse.text
    conversation_id, perdue = reponse.json()["conversation"], reponse.json()["tache"]
    assert distribuer_en_file() == [] and tasks.read_job(perdue) is None

    def tour(quand):
        horloge.figer(quand)
        transaction.begin()
        bilan = envoi.reprendre_envois(functional_demo["portal"])
        transaction.commit()  # the job, if any, is queued after this commit
        return bilan

    # a minute later: maybe still being queued, nothing done; five minutes later: queued again, once
    debut = horloge.maintenant()
    assert tour(debut + timedelta(minutes=1)) == {"en_cours": 1, "reprises": [], "abandonnees": []}
    assert distribuer_en_file() == []
    bilan = tour(debut + timedelta(minutes=regles.REPRISE_ATTENTE_MINUTES))
    assert bilan["en_cours"] == 1 and len(bilan["reprises"]) == 1
    (job,) = distribuer_en_file()
    assert tasks.read_job(job.args[0])["state"] == "queued" and job.args[3] == site["logins"]["cpe"]  # as its sender
    vu = client(site, "cpe").get(f"@messagerie-conversation/{conversation_id}").json()
    assert vu["messages"][0]["envoi"]["faits"] == 0

    # the worker runs it — twice, as a queue may replay it: every parent once, and the sending leaves the watch list
    for _ in range(2):
        tasks.run_with_retries(functional_demo["zodbDB"], "/plone", site["logins"]["cpe"], envoi.tache_distribuer, None,
                               job.args[4])
    transaction.begin()
    messagerie = lire_messagerie(functional_demo["portal"])
    message = messagerie.conversations[conversation_id].chronologie()[0]
    recus, non_lus = copies(messagerie, conversation_id, message.id, attendus)
    bilan = regles.bilan_distribution(message.destinataires, recus)
    assert bilan["doublons"] == bilan["manquants"] == bilan["en_trop"] == [] and non_lus == len(attendus)
    assert (conversation_id, message.id) not in messagerie.envois
    assert tour(debut + timedelta(hours=2)) == {"en_cours": 0, "reprises": [], "abandonnees": []}
    assert distribuer_en_file() == []
    vu = client(site, "cpe").get(f"@messagerie-conversation/{conversation_id}").json()
    assert vu["messages"][0]["envoi"]["termine"]
