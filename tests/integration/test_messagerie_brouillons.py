"""Messagerie (issue 16): the draft saved on the server as it is typed, each person's own, shown in « Brouillons »
and on the new-message form (another device), removed once the message is sent; a malformed draft writes nothing."""

import json
import re
from datetime import datetime
from html import unescape

from cartable.annuaire.stockage import lire_annuaire
from tests.integration.requetes import client


def brouillon(site, role):
    return client(site, role).get("@messagerie-brouillon").json()["brouillon"]


def test_a_draft_is_saved_as_typed_read_back_on_another_device_and_gone_once_sent(site, functional_demo):
    prof = lire_annuaire(functional_demo["portal"]).par_login(site["logins"]["enseignant"])
    assert brouillon(site, "parent") is None
    tape = {"sujet": "Sortie au musée", "texte": "Bonjour, faut-il", "destinataires": [{"id": prof.id, "nom": prof.nom_complet, "eleve": False}],
            "groupes": []}
    garde = client(site, "parent").post("@messagerie-brouillon", tape)
    assert garde.status_code == 200, garde.text
    assert garde.json()["message"] == "Brouillon enregistré."
    lu = brouillon(site, "parent")
    assert {k: lu[k] for k in tape} == {**tape} and lu["a_signer"] is False and datetime.fromisoformat(lu["le"])
    assert brouillon(site, "parent_autre") is None and brouillon(site, "enseignant") is None  # each person's own

    # a malformed draft: 400 in French, the saved one unchanged
    refus = client(site, "parent").post("@messagerie-brouillon", {**tape, "texte": "x" * 20_001})
    assert refus.status_code == 400 and "trop long" in refus.json()["error"]["message"]
    refus = client(site, "parent").post("@messagerie-brouillon", {**tape, "groupes": ["n'importe quoi"]})
    assert refus.status_code == 400 and "Groupe de destinataires inconnu" in refus.json()["error"]["message"]
    assert brouillon(site, "parent") == lu

    # typed further: replaced; the folder and the form show it (the form restores it when this device has none)
    tape["texte"] = "Bonjour, faut-il prévoir un pique-nique ?"
    assert client(site, "parent").post("@messagerie-brouillon", tape).status_code == 200
    dossier = client(site, "parent").page("@@messagerie?dossier=brouillons").text
    assert "messagerie-brouillon-serveur" in dossier and "« Sortie au musée »" in dossier and "enregistré " in dossier
    form = client(site, "parent").page("@@messagerie-ecrire").text
    donnees = json.loads(unescape(re.search(r'data-brouillon="([^"]*)"', form).group(1)))
    assert donnees["texte"] == tape["texte"] and donnees["destinataires"][0]["id"] == prof.id
    assert 'data-brouillon=""' in client(site, "parent_autre").page("@@messagerie-ecrire").text

    # sent: the draft is done with
    envoye = client(site, "parent").post("@messagerie-envoyer", {"sujet": tape["sujet"], "texte": tape["texte"],
                                                                 "destinataires": [prof.id]}, cle="brouillon-1")
    assert envoye.status_code == 200, envoye.text
    assert brouillon(site, "parent") is None
    assert "Aucun brouillon." in client(site, "parent").page("@@messagerie?dossier=brouillons").text

    # everything erased: the draft is removed
    client(site, "parent").post("@messagerie-brouillon", {"sujet": "Autre", "texte": ""})
    assert brouillon(site, "parent")["sujet"] == "Autre"
    assert client(site, "parent").post("@messagerie-brouillon", {"sujet": "", "texte": ""}).json()["brouillon"] is None
    assert brouillon(site, "parent") is None
