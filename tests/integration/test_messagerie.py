"""Messagerie (issue 16) through the real server: who is offered, sending once per key, the bell, reading,
replying, folders, groups, refusals that write nothing, and no conversation read by someone not in it.

Personas of the demo: « parent » is the parent of « eleve » (3A of the collège), taught by « enseignant »;
« enseignant_autre » teaches the 3B; « parent_autre » is another family; « cpe_autre » is of the lycée.
"""

import json

import transaction

from cartable.annuaire.stockage import lire_annuaire
from cartable.core import notifications
from cartable.messagerie.stockage import lire_messagerie
from cartable.regles import acces
from tests.integration.requetes import client


def ident(functional_demo, site, role):
    return lire_annuaire(functional_demo["portal"]).par_login(site["logins"][role]).id


def classe_3a(functional_demo, site):
    eleve = lire_annuaire(functional_demo["portal"]).personne(site["paths"]["eleve"])
    return next((s, c) for s, c in eleve.classes)


def ecrire(site, role, destinataires, cle=None, sujet="Sortie au musée", texte="Bonjour, une question.", groupes=()):
    return client(site, role).post("@messagerie-envoyer", {"sujet": sujet, "texte": texte, "destinataires": destinataires,
                                                           "groupes": list(groupes)}, cle=cle)


def conversations(functional_demo):
    transaction.begin()
    messagerie = lire_messagerie(functional_demo["portal"])
    return dict(messagerie.conversations) if messagerie is not None else {}


def test_a_parent_is_offered_only_whom_they_may_write_to(site, functional_demo):
    prof, autre = ident(functional_demo, site, "enseignant"), ident(functional_demo, site, "enseignant_autre")
    offerts = client(site, "parent").get("@messagerie-destinataires").json()
    ids = [p["id"] for p in offerts["personnes"]]
    assert prof in ids and autre not in ids
    assert ident(functional_demo, site, "cpe") in ids and ident(functional_demo, site, "direction") in ids
    assert offerts["groupes"] == []  # a family addresses no group
    fiche = next(p for p in offerts["personnes"] if p["id"] == prof)
    assert fiche["nom"] and site["logins"]["enseignant"] not in fiche["nom"] and fiche["detail"].startswith("Enseignant")
    # by name: the other class's teacher is never offered, even typed in full
    nom_autre = lire_annuaire(functional_demo["portal"]).personne(autre).nom_complet
    assert client(site, "parent").get("@messagerie-destinataires", params={"q": nom_autre}).json()["personnes"] == []
    nom_prof = lire_annuaire(functional_demo["portal"]).personne(prof).nom
    trouves = client(site, "parent").get("@messagerie-destinataires", params={"q": nom_prof}).json()["personnes"]
    assert prof in [p["id"] for p in trouves]


def test_a_parent_writes_once_the_teacher_reads_and_answers(site, functional_demo):
    prof, parent = ident(functional_demo, site, "enseignant"), ident(functional_demo, site, "parent")
    premier = ecrire(site, "parent", [prof], cle="envoi-1")
    assert premier.status_code == 200, premier.text
    assert ecrire(site, "parent", [prof], cle="envoi-1").json() == premier.json()  # one click twice: sent once
    assert len(conversations(functional_demo)) == 1
    conv = premier.json()["conversation"]

    assert client(site, "enseignant").get("@messagerie-non-lus").json() == {"non_lus": 1}
    recus = client(site, "enseignant").get("@messagerie", params={"dossier": "reception"}).json()
    assert [c["id"] for c in recus["items"]] == [conv] and recus["items"][0]["non_lus"] == 1
    assert recus["items"][0]["sujet"] == "Sortie au musée"
    assert client(site, "parent").get("@messagerie").json()["items"] == []  # the sender's réception: nothing received
    assert [c["id"] for c in client(site, "parent").get("@messagerie", params={"dossier": "envoyes"}).json()["items"]] == [conv]
    transaction.begin()
    cloche = notifications.lire(functional_demo["portal"], prof)
    assert cloche[0]["genre"] == "message" and cloche[0]["texte"] == "Sortie au musée"

    # reading writes nothing; the page then marks it read
    lu = client(site, "enseignant").get(f"@messagerie-conversation/{conv}").json()
    assert [m["texte"] for m in lu["messages"]] == ["Bonjour, une question."] and lu["messages"][0]["non_lu"]
    assert client(site, "enseignant").get("@messagerie-non-lus").json() == {"non_lus": 1}
    marque = client(site, "enseignant").post(f"@messagerie-lu/{conv}", {}).json()
    assert marque["marques"] == 1 and marque["non_lus"] == 0
    vu = client(site, "parent").get(f"@messagerie-conversation/{conv}").json()
    assert vu["messages"][0]["lu"]["texte"] == "Lu" and not vu["repondu"]

    reponse = client(site, "enseignant").post(f"@messagerie-repondre/{conv}", {"texte": "Bien reçu."}, cle="rep-1")
    assert reponse.status_code == 200, reponse.text
    assert client(site, "enseignant").post(f"@messagerie-repondre/{conv}", {"texte": "Bien reçu."}, cle="rep-1").json() \
        == reponse.json()
    vu = client(site, "parent").get(f"@messagerie-conversation/{conv}").json()
    assert [m["texte"] for m in vu["messages"]] == ["Bonjour, une question.", "Bien reçu."] and vu["repondu"]
    assert client(site, "parent").get("@messagerie-non-lus").json() == {"non_lus": 1}
    assert [c["id"] for c in client(site, "parent").get("@messagerie").json()["items"]] == [conv]
    assert parent in [p["id"] for p in lu["participants"]]


def test_nobody_outside_a_conversation_reads_or_touches_it(site, functional_demo):
    prof = ident(functional_demo, site, "enseignant")
    conv = ecrire(site, "parent", [prof]).json()["conversation"]
    for role in ("parent_autre", "enseignant_autre", "cpe", "direction", "cpe_autre", "eleve"):
        c = client(site, role)
        assert c.get(f"@messagerie-conversation/{conv}").status_code == 404, role
        assert c.post(f"@messagerie-lu/{conv}", {}).status_code == 404, role
        assert c.post(f"@messagerie-repondre/{conv}", {"texte": "Intrus"}).status_code == 404, role
        assert c.post(f"@messagerie-ranger/{conv}", {"dossier": "corbeille"}).status_code == 404, role
        assert conv not in [i["id"] for d in ("reception", "envoyes", "archives", "corbeille")
                            for i in c.get("@messagerie", params={"dossier": d}).json()["items"]], role
    assert client(site, "anonyme").get(f"@messagerie-conversation/{conv}").status_code == 401
    assert client(site, "admin").get(f"@messagerie-conversation/{conv}").status_code == 403  # not in the directory
    assert len(conversations(functional_demo)[conv].chronologie()) == 1  # the intruder's reply was not stored


def test_writing_to_someone_not_allowed_is_refused_and_writes_nothing(site, functional_demo):
    autre = ident(functional_demo, site, "enseignant_autre")
    refus = ecrire(site, "parent", [autre], cle="refus-1")
    assert refus.status_code == 403 and "écrire" in refus.json()["error"]["message"]
    assert conversations(functional_demo) == {}
    assert ecrire(site, "parent", [ident(functional_demo, site, "parent_autre")]).status_code == 403
    structure, classe = classe_3a(functional_demo, site)
    assert ecrire(site, "parent", [], groupes=[f"parents:{structure}:{classe}"]).status_code == 403
    for mauvais in ({"sujet": "", "texte": "x", "destinataires": ["a"]}, {"sujet": "x", "texte": " "}, {"sujet": "x"}):
        reponse = client(site, "parent").post("@messagerie-envoyer", mauvais)
        assert reponse.status_code == 400 and reponse.json()["error"]["message"], mauvais
    assert conversations(functional_demo) == {}


def test_a_teacher_writes_to_the_parents_of_the_class(site, functional_demo):
    structure, classe = classe_3a(functional_demo, site)
    cle = f"parents:{structure}:{classe}"
    offerts = client(site, "enseignant").get("@messagerie-destinataires").json()
    assert cle in [g["cle"] for g in offerts["groupes"]]
    libelle = next(g["libelle"] for g in offerts["groupes"] if g["cle"] == cle)
    assert libelle.startswith("Les parents de")
    assert cle not in [g["cle"] for g in client(site, "enseignant_autre").get("@messagerie-destinataires").json()["groupes"]]
    envoi = ecrire(site, "enseignant", [], groupes=[cle], sujet="Réunion parents-professeurs")
    assert envoi.status_code == 200, envoi.text
    annuaire = lire_annuaire(functional_demo["portal"])
    attendus = {p for e in annuaire.eleves(structure, classe) for p in acces.responsables_legaux(annuaire, annuaire.personne(e))}
    assert len(attendus) > 1 and envoi.json()["destinataires"] == len(attendus)
    conv = envoi.json()["conversation"]
    assert set(conversations(functional_demo)[conv].chronologie()[0].destinataires) == attendus
    assert conv in [i["id"] for i in client(site, "parent").get("@messagerie").json()["items"]]
    assert client(site, "enseignant_autre").get(f"@messagerie-conversation/{conv}").status_code == 404
    lu = client(site, "parent").get(f"@messagerie-conversation/{conv}").json()
    assert lu["messages"][0]["groupes"] == [libelle]
    # a parent does not learn who the other parents of the class are, through any of their views
    vu = json.dumps([lu, client(site, "parent").get("@messagerie").json()], ensure_ascii=False)
    vu += client(site, "parent").page(f"{site['url']}/@@messagerie-conversation?id={conv}").text
    autres = attendus - {ident(functional_demo, site, "parent")}
    assert autres and not [p for p in autres if p in vu or annuaire.personne(p).nom_complet in vu]
    assert [p["id"] for p in lu["participants"]] == [ident(functional_demo, site, "enseignant")]
    # the teacher's follow-up to the whole class keeps the group's label: still no names of the others
    assert client(site, "enseignant").post(f"@messagerie-repondre/{conv}", {"texte": "Rappel : jeudi 18 h."}).status_code == 200
    vu = json.dumps(client(site, "parent").get(f"@messagerie-conversation/{conv}").json(), ensure_ascii=False)
    assert "Rappel : jeudi 18 h." in vu and not [p for p in autres if p in vu or annuaire.personne(p).nom_complet in vu]
    # reply (not to all): only the teacher gets it; the other parents of the class do not see it
    client(site, "parent").post(f"@messagerie-repondre/{conv}", {"texte": "Je viendrai.", "tous": True})
    messages = conversations(functional_demo)[conv].chronologie()
    assert messages[-1].destinataires == (ident(functional_demo, site, "enseignant"),)  # parents never reach parents


def test_each_person_files_their_own_copy(site, functional_demo):
    conv = ecrire(site, "parent", [ident(functional_demo, site, "enseignant")]).json()["conversation"]
    rangee = client(site, "enseignant").post(f"@messagerie-ranger/{conv}", {"dossier": "corbeille"})
    assert rangee.status_code == 200, rangee.text
    prof = client(site, "enseignant")
    assert prof.get("@messagerie").json()["items"] == []
    assert [i["id"] for i in prof.get("@messagerie", params={"dossier": "corbeille"}).json()["items"]] == [conv]
    assert [i["id"] for i in client(site, "parent").get("@messagerie", params={"dossier": "envoyes"}).json()["items"]] == [conv]
    assert prof.post(f"@messagerie-ranger/{conv}", {"dossier": "envoyes"}).status_code == 400
    # a new message brings it back to the réception
    client(site, "parent").post(f"@messagerie-repondre/{conv}", {"texte": "Vous avez vu ?"})
    assert [i["id"] for i in prof.get("@messagerie").json()["items"]] == [conv]
    assert prof.post(f"@messagerie-ranger/{conv}", {"dossier": "archives"}).status_code == 200
    assert [i["id"] for i in prof.get("@messagerie", params={"dossier": "archives"}).json()["items"]] == [conv]


def test_reading_the_mail_writes_nothing(site, functional_demo):
    conv = ecrire(site, "parent", [ident(functional_demo, site, "enseignant")]).json()["conversation"]
    db = functional_demo["zodbDB"]
    transaction.begin()
    avant = db.lastTransaction()
    prof = client(site, "enseignant")
    for url in ("@messagerie", "@messagerie-non-lus", f"@messagerie-conversation/{conv}", "@messagerie-destinataires"):
        assert prof.get(url).status_code == 200, url
    transaction.begin()
    assert db.lastTransaction() == avant


def test_the_upgrade_installs_the_messagerie_on_an_existing_site(integration_demo):
    from plone.browserlayer.utils import registered_layers

    from cartable.messagerie.interfaces import ICartableMessagerieLayer

    portal = integration_demo["portal"]
    setup = portal.portal_setup
    from plone.browserlayer.utils import unregister_layer

    unregister_layer("cartable.messagerie")
    assert ICartableMessagerieLayer not in registered_layers()
    setup.setLastVersionForProfile("cartable.policy:default", "1004")
    setup.upgradeProfile("cartable.policy:default")
    assert setup.getLastVersionForProfile("cartable.policy:default") == ("1005",)
    assert ICartableMessagerieLayer in registered_layers()


def test_from_mon_bureau_a_parent_finds_the_messagerie_and_only_allowed_recipients(site, functional_demo):
    annuaire = lire_annuaire(functional_demo["portal"])
    prof, autre = ident(functional_demo, site, "enseignant"), ident(functional_demo, site, "enseignant_autre")
    bureau = client(site, "parent").get("@bureau").json()
    assert f"{site['url']}/@@messagerie" in [e["lien"] for e in bureau["menu"]]
    bloc = next(b for b in bureau["blocs"] if b["nom"] == "cartable.messagerie.non_lus")
    assert bloc["lignes"] == [] and bloc["vide"] == "Aucun message non lu."
    ecrire_page = next(lien["lien"] for lien in bloc["liens"] if lien["texte"] == "Écrire un message")
    page = client(site, "parent").page(ecrire_page)
    assert page.status_code == 200
    assert annuaire.personne(prof).nom_complet in page.text and annuaire.personne(autre).nom_complet not in page.text
    assert "<script>" not in page.text

    conv = ecrire(site, "enseignant", [ident(functional_demo, site, "parent")], sujet="Cahier oublié").json()["conversation"]
    bloc = next(b for b in client(site, "parent").get("@bureau").json()["blocs"] if b["nom"] == "cartable.messagerie.non_lus")
    assert bloc["titre"] == "Messages non lus (1)" and [ligne["texte"] for ligne in bloc["lignes"]] == ["Cahier oublié"]
    assert bloc["lignes"][0]["lien"].endswith(f"@@messagerie-conversation?id={conv}")
    page = client(site, "parent").page(bloc["lignes"][0]["lien"])
    assert page.status_code == 200 and "Cahier oublié" in page.text and "Bonjour, une question." in page.text
    assert client(site, "parent").get("@messagerie-non-lus").json() == {"non_lus": 1}  # the page itself writes nothing
    intrus = client(site, "parent_autre").page(bloc["lignes"][0]["lien"])
    assert intrus.status_code == 404 and "Cahier oublié" not in intrus.text and "Bonjour, une question." not in intrus.text
    boite = client(site, "parent").page(f"{site['url']}/@@messagerie")
    assert boite.status_code == 200 and "Cahier oublié" in boite.text and "1 non lu" in boite.text


def test_the_direction_lets_the_students_write_to_each_other(site, functional_demo):
    structure, classe = classe_3a(functional_demo, site)
    annuaire = lire_annuaire(functional_demo["portal"])
    camarade = next(e for e in annuaire.eleves(structure, classe) if e != site["paths"]["eleve"])
    etab = site["paths"]["etab"]
    assert client(site, "direction").get(f"{etab}/@messagerie-reglages").json()["eleves_entre_eux"] is False
    assert ecrire(site, "eleve", [camarade]).status_code == 403  # off by default
    assert camarade not in [p["id"] for p in client(site, "eleve").get(
        "@messagerie-destinataires", params={"q": annuaire.personne(camarade).nom}).json()["personnes"]]
    assert client(site, "cpe").post(f"{etab}/@messagerie-reglages", {"eleves_entre_eux": True}).status_code == 403
    assert client(site, "direction").post(f"{etab}/@messagerie-reglages", {"eleves_entre_eux": True}).json()["eleves_entre_eux"]
    assert camarade in [p["id"] for p in client(site, "eleve").get(
        "@messagerie-destinataires", params={"q": annuaire.personne(camarade).nom}).json()["personnes"]]
    assert ecrire(site, "eleve", [camarade]).status_code == 200
    client(site, "direction").post(f"{etab}/@messagerie-reglages", {"eleves_entre_eux": False})
    assert ecrire(site, "eleve", [camarade]).status_code == 403


def test_a_deactivated_teacher_is_no_longer_a_recipient_and_their_messages_stay(site, functional_demo):
    prof = ident(functional_demo, site, "enseignant")
    conv = ecrire(site, "enseignant", [ident(functional_demo, site, "parent")], sujet="Conseil de classe").json()["conversation"]
    transaction.begin()
    annuaire = lire_annuaire(functional_demo["portal"])
    personne = annuaire.personne(prof)
    nom_prof = personne.nom_complet
    avant = annuaire.entrees(personne)
    personne.actif = False  # what an import's « delete » does: deactivated, never destroyed
    annuaire.reindexer(personne, avant)
    transaction.commit()
    assert prof not in [p["id"] for p in client(site, "parent").get("@messagerie-destinataires").json()["personnes"]]
    assert ecrire(site, "parent", [prof]).status_code == 403
    refus = client(site, "parent").post(f"@messagerie-repondre/{conv}", {"texte": "Merci"})
    assert refus.status_code == 403 and "plus écrire" in refus.json()["error"]["message"]
    lu = client(site, "parent").get(f"@messagerie-conversation/{conv}").json()  # the message stays, signed
    assert [(m["auteur"], m["texte"]) for m in lu["messages"]] == [(nom_prof, "Bonjour, une question.")]
    assert client(site, "enseignant").get("@messagerie").status_code == 401  # they are gone (their login closed)
    assert len(conversations(functional_demo)[conv].chronologie()) == 1  # the refused reply stored nothing


def test_each_person_searches_their_own_mail_only(site, functional_demo):
    conv = ecrire(site, "parent", [ident(functional_demo, site, "enseignant")], sujet="Sortie au musée",
                  texte="Faut-il un pique-nique ?").json()["conversation"]
    ecrire(site, "parent", [ident(functional_demo, site, "cpe")], sujet="Absence de lundi", texte="Rendez-vous chez le médecin.")
    for role in ("parent", "enseignant"):
        trouvees = client(site, role).get("@messagerie", params={"q": "MUSEE pique"}).json()
        assert [i["id"] for i in trouvees["items"]] == [conv], role
    assert [i["sujet"] for i in client(site, "parent").get("@messagerie", params={"q": "medecin"}).json()["items"]] == \
        ["Absence de lundi"]
    assert client(site, "enseignant").get("@messagerie", params={"q": "medecin"}).json()["items"] == []  # not theirs
    assert client(site, "parent_autre").get("@messagerie", params={"q": "musee"}).json()["items"] == []
    client(site, "enseignant").post(f"@messagerie-ranger/{conv}", {"dossier": "corbeille"})
    assert [i["dossier"] for i in client(site, "enseignant").get("@messagerie", params={"q": "musee"}).json()["items"]] == \
        ["Corbeille"]
    page = client(site, "parent").page(f"{site['url']}/@@messagerie", params={"q": "pique-nique"})
    assert page.status_code == 200 and "Sortie au musée" in page.text and "Absence de lundi" not in page.text


def test_a_parent_reports_a_message_the_direction_sees_it_alone(site, functional_demo):
    annuaire = lire_annuaire(functional_demo["portal"])
    conv = ecrire(site, "enseignant", [ident(functional_demo, site, "parent")], sujet="Comportement",
                  texte="Un message déplacé.").json()["conversation"]
    client(site, "parent").post(f"@messagerie-repondre/{conv}", {"texte": "Ma réponse privée."})
    lu = client(site, "parent").get(f"@messagerie-conversation/{conv}").json()
    recu, mien = lu["messages"][0]["id"], lu["messages"][1]["id"]
    parent = client(site, "parent")
    assert parent.post(f"@messagerie-signaler/{conv}", {"message": mien}).status_code == 403  # one's own: no
    assert client(site, "parent_autre").post(f"@messagerie-signaler/{conv}", {"message": recu}).status_code == 404
    ok = parent.post(f"@messagerie-signaler/{conv}", {"message": recu, "motif": "Ton  inadapté"})
    assert ok.status_code == 200, ok.text
    assert parent.post(f"@messagerie-signaler/{conv}", {"message": recu}).status_code == 409  # once
    vus = client(site, "direction").get("@messagerie-signalements").json()["etablissements"]
    signales = [s for e in vus for s in e["signalements"]]
    nom_prof = annuaire.personne(ident(functional_demo, site, "enseignant")).nom_complet
    nom_parent = annuaire.personne(ident(functional_demo, site, "parent")).nom_complet
    assert [(s["texte"], s["auteur"], s["par"], s["motif"]) for s in signales] == \
        [("Un message déplacé.", nom_prof, nom_parent, "Ton inadapté")]
    page = client(site, "direction").page(f"{site['url']}/@@messagerie-signalements").text
    assert "Un message déplacé." in page and "Ma réponse privée." not in page  # the message alone
    assert client(site, "direction").get(f"@messagerie-conversation/{conv}").status_code == 404  # not the conversation
    transaction.begin()
    cloche = notifications.lire(functional_demo["portal"], ident(functional_demo, site, "direction"))
    assert cloche[0]["titre"] == "Message signalé"
    assert client(site, "cpe").get("@messagerie-signalements").status_code == 403
    menu = client(site, "direction").get("@bureau").json()["menu"]
    assert f"{site['url']}/@@messagerie-signalements" in [e["lien"] for e in menu]


def test_a_mot_a_signer_to_the_parents_of_the_class(site, functional_demo):
    structure, classe = classe_3a(functional_demo, site)
    annuaire = lire_annuaire(functional_demo["portal"])
    parent = ident(functional_demo, site, "parent")
    refus = client(site, "cpe").post("@messagerie-envoyer", {"sujet": "Sortie", "texte": "Signez", "a_signer": True,
                                                             "destinataires": [parent]})
    assert refus.status_code == 400 and "parents" in refus.json()["error"]["message"]
    envoi = client(site, "cpe").post("@messagerie-envoyer", {
        "sujet": "Sortie au musée jeudi", "texte": "Merci de signer ce mot.", "groupes": [f"parents:{structure}:{classe}"],
        "a_signer": True}, cle="mot-1")
    assert envoi.status_code == 200 and envoi.json()["message"].startswith("Mot à signer envoyé"), envoi.text
    conv = envoi.json()["conversation"]
    familles = [e for e in annuaire.eleves(structure, classe) if acces.responsables_legaux(annuaire, annuaire.personne(e))]
    mot = client(site, "cpe").get(f"@messagerie-conversation/{conv}").json()["mot"]
    assert (mot["signes"], mot["total"]) == (0, len(familles)) and mot["resume"] == f"0 signé sur {len(familles)}"

    vu = client(site, "parent").get(f"@messagerie-conversation/{conv}").json()["mot"]
    enfant = annuaire.personne(site["paths"]["eleve"]).nom_complet
    assert vu["a_signer"] and [f["eleve"] for f in vu["familles"]] == [enfant]  # their own child only
    signe = client(site, "parent").post(f"@messagerie-signer/{conv}", {})
    assert signe.status_code == 200 and signe.json()["signees"] == 1
    assert client(site, "parent").post(f"@messagerie-signer/{conv}", {}).json()["signees"] == 0  # once
    vu = client(site, "parent").get(f"@messagerie-conversation/{conv}").json()["mot"]
    assert not vu["a_signer"] and vu["familles"][0]["signe"] and vu["familles"][0]["par"] == annuaire.personne(parent).nom_complet
    assert client(site, "enseignant_autre").post(f"@messagerie-signer/{conv}", {}).status_code == 404

    mot = client(site, "cpe").get(f"@messagerie-conversation/{conv}").json()["mot"]
    assert (mot["signes"], mot["total"]) == (1, len(familles))
    assert [f["eleve"] for f in mot["familles"] if f["signe"]] == [enfant]
    page = client(site, "cpe").page(f"{site['url']}/@@messagerie-conversation?id={conv}").text
    assert f"1 signé sur {len(familles)}" in page and "Relancer les familles" in page

    assert client(site, "parent").post(f"@messagerie-relancer/{conv}", {}).status_code == 403  # its author only
    relance = client(site, "cpe").post(f"@messagerie-relancer/{conv}", {}, cle="relance-1")
    assert relance.status_code == 200, relance.text
    assert client(site, "cpe").post(f"@messagerie-relancer/{conv}", {}, cle="relance-1").json() == relance.json()
    non_signes = {p for e in familles if e != site["paths"]["eleve"] for p in acces.responsables_legaux(annuaire, annuaire.personne(e))}
    assert relance.json()["relances"] == len(non_signes - {parent})
    transaction.begin()
    assert notifications.lire(functional_demo["portal"], parent)[0]["titre"] != "Rappel : mot à signer"  # signed: not reminded
    autre = sorted(non_signes - {parent})[0]
    assert notifications.lire(functional_demo["portal"], autre)[0]["titre"] == "Rappel : mot à signer"
    # a parent answers the mot: to its author only
    assert client(site, "parent").post(f"@messagerie-repondre/{conv}", {"texte": "Signé, merci."}).status_code == 200
    assert conversations(functional_demo)[conv].chronologie()[-1].destinataires == (ident(functional_demo, site, "cpe"),)


def menu_messagerie(page):
    """The header menu's « Messagerie » link, as rendered."""
    debut = page.text.index('<nav id="cartable-menu"')
    menu = page.text[debut:page.text.index("</nav>", debut)]
    return next(li for li in menu.split("<li>") if "/@@messagerie\"" in li)


def test_the_header_shows_the_unread_count_beside_messagerie_on_every_page(site, functional_demo):
    prof = ident(functional_demo, site, "enseignant")
    pages = (site["url"], f"{site['url']}/@@messagerie", f"{site['url']}/@@notifications", site["paths"]["espace"])
    for url in pages:
        assert "cartable-menu-nombre" not in menu_messagerie(client(site, "enseignant").page(url)), url
    conv = ecrire(site, "parent", [prof], sujet="Un").json()["conversation"]
    ecrire(site, "parent", [prof], sujet="Deux")
    db = functional_demo["zodbDB"]
    transaction.begin()
    avant = db.lastTransaction()
    for url in pages:  # Mon bureau, the standalone inbox, a Plone page, a space: the same header
        lien = menu_messagerie(client(site, "enseignant").page(url))
        assert ">Messagerie<span class=\"cartable-menu-nombre\"" in lien, url
        assert '<span class="visually-hidden">, </span>2<span class="visually-hidden"> non lus</span>' in lien, url
    transaction.begin()
    assert db.lastTransaction() == avant  # counted, not written
    client(site, "enseignant").post(f"@messagerie-lu/{conv}", {})
    assert "1<span class=\"visually-hidden\"> non lu</span>" in menu_messagerie(client(site, "enseignant").page(site["url"]))
    assert "cartable-menu-nombre" not in menu_messagerie(client(site, "parent").page(site["url"]))  # the sender's
    menu = client(site, "enseignant").get("@bureau").json()["menu"]
    assert next(e for e in menu if e["texte"] == "Messagerie")["nombre"] == 1


def test_the_inbox_and_the_conversation_are_standalone_pages_under_the_common_header(site, functional_demo):
    conv = ecrire(site, "parent", [ident(functional_demo, site, "enseignant")], sujet="Cahier oublié").json()["conversation"]
    for url, attendu in ((f"{site['url']}/@@messagerie", 'id="messagerie"'),
                         (f"{site['url']}/@@messagerie-conversation?id={conv}", 'id="conversation"')):
        page = client(site, "enseignant").page(url)
        assert page.status_code == 200 and attendu in page.text and "Cahier oublié" in page.text
        assert 'id="cartable-entete"' in page.text and "Se déconnecter" in page.text  # the header, menu and bell
        assert "cartable-cloche" in page.text and 'id="cartable-menu"' in page.text
        assert "barceloneta.min.css" in page.text and "++resource++cartable.theme/cartable.css" in page.text
        assert 'name="viewport"' in page.text and '<html lang="fr">' in page.text
        assert "++resource++cartable.messagerie/messagerie.js" in page.text
        assert page.headers["X-Frame-Options"] == "SAMEORIGIN" and "private" in page.headers["Cache-Control"]
        assert "main_template" not in page.text and "plone-toolbar" not in page.text
    # the refusals stay: the anonymous visitor is sent to log in, a list where an id is expected is a 400
    anonyme = client(site, "anonyme").page(f"{site['url']}/@@messagerie")
    assert anonyme.status_code in (200, 302, 401) and 'id="messagerie"' not in anonyme.text
    liste = client(site, "enseignant").page(f"{site['url']}/@@messagerie-conversation", params={"id": [conv, conv]})
    assert liste.status_code in (400, 404) and "Cahier oublié" not in liste.text
