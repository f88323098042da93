"""Messagerie and RGPD (issues 13 and 16): « Mes données » lists the person's attachments (name, size, the address
only the participants may download) and their draft; the retention tour purges drafts last saved too long ago,
after its dry run said so (which writes nothing); a younger draft stays; the duration is a registry record."""

import base64
from datetime import datetime

import pytest
import transaction
from plone.registry import Record, field
from plone.registry.interfaces import IRegistry
from zope.component import getUtility

from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge
from cartable.messagerie.stockage import lire_messagerie
from cartable.policy.rgpd import retention
from cartable.regles import rgpd as regles_rgpd
from tests.integration.requetes import client

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture(autouse=True)
def journal_en_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("CARTABLE_JOURNAL_ACCES_FILE", str(tmp_path / "journal_acces.sqlite3"))


def personne(functional_demo, site, role):
    return lire_annuaire(functional_demo["portal"]).par_login(site["logins"][role])


def garder_brouillon(site, role, sujet, destinataire):
    tape = {"sujet": sujet, "texte": "Bonjour, je voulais", "groupes": [],
            "destinataires": [{"id": destinataire.id, "nom": destinataire.nom_complet, "eleve": False}]}
    reponse = client(site, role).post("@messagerie-brouillon", tape)
    assert reponse.status_code == 200, reponse.text


def brouillons(functional_demo):
    transaction.begin()
    messagerie = lire_messagerie(functional_demo["portal"])
    return set(messagerie.brouillons.keys()) if messagerie is not None and messagerie.brouillons is not None else set()


def test_my_data_lists_my_attachments_and_my_draft_only_in_my_own_export(site, functional_demo):
    prof, parent = personne(functional_demo, site, "enseignant"), personne(functional_demo, site, "parent")
    envoye = client(site, "enseignant").post("@messagerie-envoyer", {
        "sujet": "Compte rendu", "texte": "Ci-joint la photo.", "destinataires": [parent.id],
        "pieces_jointes": [{"nom": "photo.png", "contenu": base64.b64encode(PNG).decode()}]}, cle="rgpd-pieces")
    assert envoye.status_code == 200, envoye.text
    garder_brouillon(site, "parent", "Sortie au musée", prof)

    export = client(site, "parent").get("@mes-donnees").json()
    (conversation,) = export["messagerie"]
    (message,) = conversation["messages"]
    (piece,) = message["pieces"]
    assert piece["nom"] == "photo.png" and piece["taille"] == "photo.png (1 Ko)"
    assert "@@messagerie-piece?conversation=" in piece["url"]
    telecharge = client(site, "parent").page(piece["url"])  # the address in the export is the participant's way to it
    assert telecharge.status_code == 200 and telecharge.content == PNG
    assert client(site, "parent_autre").page(piece["url"]).status_code == 404  # and nobody else's
    brouillon = export["messagerie_brouillon"]
    assert brouillon["sujet"] == "Sortie au musée" and brouillon["texte"] == "Bonjour, je voulais"
    assert brouillon["a"] == [prof.nom_complet] and datetime.fromisoformat(brouillon["enregistre_le"])
    # the PDF's lines say both
    lignes = [texte for _, texte in regles_rgpd.lignes_export(export)]
    assert "    Pièce jointe : photo.png (1 Ko)" in lignes and "Brouillon en cours" in lignes
    assert any("« Sortie au musée »" in ligne and prof.nom_complet in ligne for ligne in lignes)
    assert "    Bonjour, je voulais" in lignes

    # the teacher's export: the attachment they sent, no draft; the parent's export of their child: neither
    prof_export = client(site, "enseignant").get("@mes-donnees").json()
    assert prof_export["messagerie"][0]["messages"][0]["pieces"][0]["nom"] == "photo.png"
    assert prof_export["messagerie_brouillon"] is None
    enfant = client(site, "parent").get("@mes-donnees", params={"eleve": site["paths"]["eleve"]}).json()
    assert enfant["messagerie"] == [] and enfant["messagerie_brouillon"] is None


def test_drafts_saved_too_long_ago_are_purged_by_the_tour_after_its_dry_run(site, functional_demo):
    prof, parent = personne(functional_demo, site, "enseignant"), personne(functional_demo, site, "parent")
    horloge.figer(datetime(2026, 11, 17, 10, 0))
    garder_brouillon(site, "parent", "Un vieux brouillon", prof)
    horloge.figer(datetime(2027, 11, 17, 10, 0))
    garder_brouillon(site, "enseignant", "Un brouillon récent", parent)
    assert brouillons(functional_demo) == {parent.id, prof.id}

    # the night after the parent's draft is a year old (1 year by default): the dry run lists it, writes nothing
    horloge.figer(datetime(2027, 11, 18, 3, 0))
    db = functional_demo["zodbDB"]
    transaction.begin()
    avant = db.lastTransaction()
    essai = client(site, "admin").get("@retention", params={"essai": 1}).json()
    assert essai["regles"]["brouillons"] == 1 and essai["totaux"]["brouillons"] == 1
    assert essai["brouillons"] == [{"personne": parent.nom_complet, "enregistre_le": "2026-11-17T10:00:00"}]
    transaction.begin()
    assert db.lastTransaction() == avant and brouillons(functional_demo) == {parent.id, prof.id}
    page = client(site, "admin").page("@@durees-de-conservation")
    assert page.status_code == 200 and "Brouillons de la messagerie" in page.text

    # the run removes it, the younger one stays; a second run finds nothing
    bilan = retention.retention_quotidienne(functional_demo["portal"], None, horloge.instant())
    transaction.commit()
    assert bilan["totaux"]["brouillons"] == 1
    assert brouillons(functional_demo) == {prof.id}
    assert client(site, "parent").get("@messagerie-brouillon").json()["brouillon"] is None
    assert client(site, "enseignant").get("@messagerie-brouillon").json()["brouillon"]["sujet"] == "Un brouillon récent"
    assert client(site, "admin").get("@retention", params={"essai": 1}).json()["totaux"]["brouillons"] == 0

    # the region keeps drafts 2 years: the teacher's, a year and a day old, stays; at two years and a day it goes
    registre = getUtility(IRegistry, context=functional_demo["portal"])
    registre.records["cartable.rgpd.retention_brouillons_annees"] = Record(field.Int(title="Brouillons"), 2)
    transaction.commit()
    horloge.figer(datetime(2028, 11, 18, 3, 0))
    assert client(site, "admin").get("@retention", params={"essai": 1}).json()["totaux"]["brouillons"] == 0
    horloge.figer(datetime(2029, 11, 18, 3, 0))
    assert client(site, "admin").get("@retention", params={"essai": 1}).json()["totaux"]["brouillons"] == 1
    assert set(retention.retention_quotidienne(functional_demo["portal"], None, horloge.instant())["totaux"].items()) >= {
        ("brouillons", 1)}
    transaction.commit()
    assert brouillons(functional_demo) == set()


def test_a_departed_persons_draft_goes_with_their_mailbox(site, functional_demo):
    from zope.annotation.interfaces import IAnnotations

    from tests.integration.test_rgpd_retention import partir

    prof, parent = personne(functional_demo, site, "enseignant"), personne(functional_demo, site, "parent")
    garder_brouillon(site, "parent", "Jamais envoyé", prof)
    garder_brouillon(site, "enseignant", "Toujours là", parent)
    transaction.begin()
    portal = functional_demo["portal"]
    IAnnotations(portal)[retention.CLE_DEPARTS_COMPLET] = True  # the index is in charge (as after the first run)
    getUtility(IRegistry, context=portal).records["cartable.rgpd.retention_brouillons_annees"] = Record(
        field.Int(title="Brouillons"), 5)  # the drafts' own rule out of the way: the departure alone
    partir(portal, lire_annuaire(portal).personne(parent.id), datetime(2026, 11, 20, 3, 0))
    transaction.commit()

    horloge.figer(datetime(2027, 11, 22, 3, 0))  # a year and a day after the departure
    essai = client(site, "admin").get("@retention", params={"essai": 1}).json()
    (depart,) = [d for d in essai["departs"] if d["id"] == parent.id]
    assert depart["messagerie"] == 1 and essai["totaux"]["brouillons"] == 0  # the draft, no mailbox
    assert brouillons(functional_demo) == {parent.id, prof.id}  # the dry run wrote nothing
    retention.retention_quotidienne(functional_demo["portal"], None, horloge.instant())
    transaction.commit()
    assert brouillons(functional_demo) == {prof.id}
