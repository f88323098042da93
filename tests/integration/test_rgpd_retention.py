"""RGPD retention (issue 13) on aged records of every kind: the dry run reports each one and writes nothing,
the run removes it, a younger one stays, a second run finds nothing. The clock is frozen (horloge.figer)."""

import json
from datetime import date, datetime

import pytest
import transaction
from DateTime import DateTime
from plone import api
from plone.namedfile.file import NamedBlobFile
from plone.registry import Record, field
from plone.registry.interfaces import IRegistry
from zope.annotation.interfaces import IAnnotations
from zope.component import getUtility

from cartable.annuaire import courriels
from cartable.annuaire.contenu import CrochetsContenu
from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge
from cartable.core import notifications as boites
from cartable.messagerie.stockage import lire_messagerie
from cartable.notes.stockage import carnet_pour_ecrire, lire_carnet
from cartable.policy.rgpd import retention
from cartable.viescolaire.stockage import lire_vie_scolaire
from tests.integration.requetes import client

CONTROLE = datetime(2028, 9, 2, 3, 0)  # the night the tour runs in this test


@pytest.fixture(autouse=True)
def journal_en_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("CARTABLE_JOURNAL_ACCES_FILE", str(tmp_path / "journal_acces.sqlite3"))


def creer(conteneur, type_, id_, **champs):
    with api.env.adopt_roles(["Manager"]):
        return api.content.create(container=conteneur, type=type_, id=id_, safe_id=False, **champs)


def partir(portal, personne, quand, evenement=True):
    """The directory deactivates a person on ``quand`` (what an AAF delta does: history, then the importer's hook)."""
    personne.actif = False
    personne.noter(quand, "désactivé", "test")
    if evenement:
        CrochetsContenu(portal).desactive(personne)


def incident(site, corps):
    qui = "direction" if corps["type"] == "sanction" else "cpe"  # only the direction pronounces a sanction
    reponse = client(site, qui).post(f"{site['paths']['etab']}/@incidents", corps)
    assert reponse.status_code in (200, 201), reponse.text
    return reponse.json()["id"]


def chemin(site, cle):
    """A path under the site, from the test server's URL."""
    return site["paths"][cle][len(site["url"]) + 1:]


def ids_des_rendus(bilan, devoir):
    """The students whose Rendu of this Devoir is listed (the demo may hold others, in other Devoirs)."""
    return {r["id"] for r in bilan["rendus"] if r["devoir"] == devoir}


def test_every_kind_aged_is_reported_by_the_dry_run_removed_by_the_run_younger_ones_stay(functional_demo, site):
    etab = site["paths"]["etab"]
    transaction.begin()
    portal = functional_demo["portal"]
    annuaire = lire_annuaire(portal)
    eleve = annuaire.personne(site["paths"]["eleve"])
    structure, classe = eleve.classes[0]
    autres = [i for i in sorted(annuaire.eleves(structure, classe)) if i != eleve.id]
    parti, reste, recent, discret = autres[:4]
    IAnnotations(portal)[retention.CLE_DEPARTS_COMPLET] = True  # the index is in charge (as after the first run)
    transaction.commit()

    # records, as the features write them (REST) where they have a service
    appel = client(site, "cpe").post(f"{etab}/@appel/{site['paths']['cours']}",
                                     {"marques": {parti: {"type": "absence"}, reste: {"type": "absence"}}, "fait": True})
    assert appel.status_code == 200, appel.text
    faits_deux = incident(site, {"type": "incident", "eleves": [parti, reste], "quand": "2026-11-16T10:00", "description": "Bousculade"})
    faits_seul = incident(site, {"type": "incident", "eleves": [parti], "quand": "2026-11-16T11:00", "description": "Dégradation"})
    vieux = {  # aged on the night of CONTROLE
        "punition": incident(site, {"type": "punition", "eleve": reste, "quand": "2026-11-16T12:00", "nature": "Retenue"}),
        "avertissement": incident(site, {"type": "sanction", "eleve": reste, "quand": "2026-11-16T12:00", "nature": "Avertissement"}),
        "exclusion": incident(site, {"type": "sanction", "eleve": reste, "quand": "2027-03-10T09:00",
                                     "nature": "Exclusion temporaire de l'établissement"}),
        "definitive": incident(site, {"type": "sanction", "eleve": parti, "quand": "2026-11-18T09:00", "nature": "Exclusion définitive"}),
        "infirmerie": incident(site, {"type": "infirmerie", "eleves": [reste], "quand": "2026-11-16T09:30"}),
    }
    # the messagerie: the teacher and the CPE each write to the student who will leave
    conversations = {}
    for role in ("enseignant", "cpe"):
        ecrit = client(site, role).post("@messagerie-envoyer", {"sujet": f"Message de {role}", "texte": "Bonjour", "destinataires": [parti],
                                                                "groupes": []}, cle=f"retention-{role}")
        assert ecrit.status_code in (200, 201), ecrit.text
        conversations[role] = ecrit.json()["conversation"]
    jeunes = {  # kept that night
        "punition": incident(site, {"type": "punition", "eleve": reste, "quand": "2028-09-01T12:00", "nature": "Retenue"}),
        "exclusion": incident(site, {"type": "sanction", "eleve": reste, "quand": "2027-10-01T09:00",
                                     "nature": "Exclusion temporaire de la classe"}),
        "definitive": incident(site, {"type": "sanction", "eleve": eleve.id, "quand": "2026-11-18T09:00", "nature": "Exclusion définitive"}),
    }

    transaction.begin()
    portal = functional_demo["portal"]
    annuaire = lire_annuaire(portal)
    contenu = portal.unrestrictedTraverse(chemin(site, "etab"))
    vs = lire_vie_scolaire(contenu)
    for ident in (parti, reste, recent):
        vs.notes_suivi[ident] = [{"quand": "2026-11-16T11:00:00", "qui": "cpe", "code": "INFO", "texte": "Note"}]
        boites.deposer(portal, ident, "2026-11-16T11:00:00", "devoir", "Nouveau devoir", "Un devoir")
    # bulletins: one of the first trimester (2026), one of a period of the next school year
    carnet = carnet_pour_ecrire(contenu)
    carnet.periodes["A2"] = {"code": "A2", "libelle": "Trimestre 1 (2027)", "du": date(2027, 9, 1), "au": date(2027, 11, 30), "cloture": None}
    pdf = NamedBlobFile(data=b"%PDF-1.4 bulletin", contentType="application/pdf", filename="bulletin.pdf")
    carnet.bulletins[("T1", reste)] = {"fichier": pdf, "genere_le": "2026-12-18T10:00:00", "publie": True, "division": classe}
    carnet.bulletins[("A2", reste)] = {"fichier": pdf, "genere_le": "2027-12-01T10:00:00", "publie": True, "division": classe}
    # hand-ins: one of 2026-27 (with its file), one of 2027-28
    devoir = portal.unrestrictedTraverse(chemin(site, "devoir"))
    ancien = creer(devoir, "Rendu", parti, title="Rendu", eleve=parti, texte="Ma copie")
    ancien.ajouter_fichier(NamedBlobFile(data=b"copie", contentType="text/plain", filename="copie.txt"))
    ancien.creation_date = DateTime("2026-11-16 10:00")
    nouveau = creer(devoir, "Rendu", reste, title="Rendu", eleve=reste, texte="Ma copie")
    nouveau.creation_date = DateTime("2027-10-01 10:00")
    ancien.reindexObject(idxs=["created"])
    nouveau.reindexObject(idxs=["created"])
    # the queue of e-mails: the departed person's, one given up long ago, one due today
    file = courriels._differes(portal, creer=True)
    corps = json.dumps({"a": "x@example.org", "sujet": "s", "corps": "c", "essais": 0})
    file[("2026-11-20T07:00:00+00:00", parti, "c1")] = corps
    file[("2028-07-01T07:00:00+00:00", reste, "c2")] = corps
    file[("2028-09-02T07:00:00+00:00", reste, "c3")] = corps
    # departures: two years ago (aged), this summer (not yet), and one that never told the index (never walked)
    partir(portal, annuaire.personne(parti), datetime(2026, 11, 20, 3, 0))
    cpe = annuaire.par_login(site["logins"]["cpe"])
    partir(portal, cpe, datetime(2026, 11, 20, 3, 0))  # a member of staff leaves too (after writing the records above)
    enseignant = annuaire.par_login(site["logins"]["enseignant"]).id
    partir(portal, annuaire.personne(recent), datetime(2028, 6, 1, 3, 0))
    partir(portal, annuaire.personne(discret), datetime(2026, 11, 20, 3, 0), evenement=False)
    vs.notes_suivi[discret] = [{"quand": "2026-11-16T11:00:00", "qui": "cpe", "code": "INFO", "texte": "Note"}]
    transaction.commit()
    cle = site["paths"]["cours"]

    # the dry run, the night of CONTROLE: every aged record, by kind; nothing written
    horloge.figer(CONTROLE)
    db = functional_demo["zodbDB"]
    transaction.begin()
    avant = db.lastTransaction()
    reponse = client(site, "admin").get("@retention", params={"essai": 1})
    assert reponse.status_code == 200, reponse.text
    essai = reponse.json()
    transaction.begin()
    assert db.lastTransaction() == avant  # the dry run committed nothing
    en_memoire = retention.appliquer(functional_demo["portal"], essai=True)  # in this process: …
    transaction.commit()
    assert db.lastTransaction() == avant  # … it changed no object either (an empty commit writes no transaction)
    assert en_memoire["totaux"] == essai["totaux"]
    departs = {d["id"]: d for d in essai["departs"]}
    assert set(departs) == {parti, cpe.id}  # not the recent one, not the one outside the index
    assert departs[parti]["messagerie"] == 2 and departs[cpe.id]["messagerie"] == 1 and departs[cpe.id]["marques"] == 0
    assert (departs[parti]["marques"], departs[parti]["notes_suivi"], departs[parti]["incidents"],
            departs[parti]["notifications"], departs[parti]["courriels"]) == (1, 1, 2, 3, 1)  # notifications: ours, the 2 messages
    evenements = {e["id"] for e in essai["evenements"]}
    assert set(vieux.values()) <= evenements and not set(jeunes.values()) & evenements
    bulletins = {(b["periode"], b["eleve"]) for b in essai["bulletins"]}
    nom_reste = annuaire.personne(reste).nom_complet
    assert ("T1", nom_reste) in bulletins and ("A2", nom_reste) not in bulletins
    titre = devoir.Title()
    assert parti in ids_des_rendus(essai, titre) and reste not in ids_des_rendus(essai, titre)
    assert [r for r in essai["rendus"] if r["id"] == parti and r["devoir"] == titre][0]["fichiers"] == 1
    assert essai["courriels_abandonnes"] == 1
    assert essai["totaux"]["sanctions"] >= 3 and essai["totaux"]["punitions"] >= 1 and essai["totaux"]["infirmerie"] >= 1
    # … and the records are all still there
    transaction.begin()
    portal = functional_demo["portal"]
    contenu = portal.unrestrictedTraverse(chemin(site, "etab"))
    vs, carnet = lire_vie_scolaire(contenu), lire_carnet(contenu)
    assert parti in vs.appels[cle].marques and parti in vs.notes_suivi and all(i in vs.incidents for i in vieux.values())
    assert ("T1", reste) in carnet.bulletins and parti in portal.unrestrictedTraverse(chemin(site, "devoir"))
    assert boites.lire(portal, parti) and len(IAnnotations(portal)[courriels.CLE_DIFFERES]) == 3
    for role in ("direction", "eleve"):
        assert client(site, role).get("@retention", params={"essai": 1}).status_code == 403
    assert client(site, "cpe").get("@retention", params={"essai": 1}).status_code == 401  # deactivated: no way in

    # the run
    bilan = retention.retention_quotidienne(portal, None, horloge.instant())
    transaction.commit()
    assert bilan["departs"] == 2 and bilan["totaux"]["rendus"] == essai["totaux"]["rendus"]
    transaction.begin()
    portal = functional_demo["portal"]
    contenu = portal.unrestrictedTraverse(chemin(site, "etab"))
    vs, carnet = lire_vie_scolaire(contenu), lire_carnet(contenu)
    devoir = portal.unrestrictedTraverse(chemin(site, "devoir"))
    # removed: every aged record
    assert parti not in vs.appels[cle].marques and parti not in vs.notes_suivi
    assert faits_seul not in vs.incidents and vs.incidents[faits_deux]["eleves"] == [reste]
    assert (parti, faits_deux) not in vs.incidents_eleve and (reste, faits_deux) in vs.incidents_eleve
    assert not any(i in vs.incidents for i in vieux.values())
    assert not any(k[1] in vieux.values() for k in vs.incidents_eleve.keys())
    assert ("T1", reste) not in carnet.bulletins and parti not in devoir
    assert boites.lire(portal, parti) == []
    messagerie = lire_messagerie(portal)
    assert parti not in messagerie.boites and cpe.id not in messagerie.boites
    assert conversations["cpe"] not in messagerie.conversations  # nobody keeps it any more
    assert conversations["enseignant"] in messagerie.conversations  # the teacher keeps their copy …
    assert conversations["enseignant"] in messagerie.boites[enseignant].fils  # … with the student's messages to them
    assert sorted(k[2] for k in IAnnotations(portal)[courriels.CLE_DIFFERES].keys()) == ["c3"]
    # kept: the younger ones, the others' records, the directory's history
    assert vs.appels[cle].marques[reste]["type"] == "absence"
    assert reste in vs.notes_suivi and recent in vs.notes_suivi and discret in vs.notes_suivi
    assert all(i in vs.incidents for i in jeunes.values())
    assert ("A2", reste) in carnet.bulletins and reste in devoir
    assert boites.lire(portal, reste) and boites.lire(portal, recent)
    assert lire_annuaire(portal).personne(parti) is not None

    # a second run: nothing
    again = client(site, "admin").get("@retention", params={"essai": 1}).json()
    assert set(again["totaux"].values()) == {0}, again["totaux"]
    assert again["departs"] == again["evenements"] == again["rendus"] == again["bulletins"] == []
    assert set(retention.retention_quotidienne(portal, None, horloge.instant())["totaux"].values()) == {0}
    transaction.commit()

    # the recent departure, a year later: its turn
    horloge.figer(datetime(2029, 6, 2, 3, 0))
    plus_tard = client(site, "admin").get("@retention", params={"essai": 1}).json()
    assert [(d["id"], d["notes_suivi"]) for d in plus_tard["departs"]] == [(recent, 1)]


def test_the_administrator_reads_the_durations_and_tonights_removals_from_mon_bureau(functional_demo, site):
    etab = site["paths"]["etab"]
    transaction.begin()
    annuaire = lire_annuaire(functional_demo["portal"])
    eleve = annuaire.personne(site["paths"]["eleve"])
    punition = {"type": "punition", "eleve": eleve.id, "quand": "2026-11-16T12:00", "nature": "Retenue"}
    assert client(site, "cpe").post(f"{etab}/@incidents", punition).status_code in (200, 201)
    menu = json.dumps(client(site, "admin").get("@bureau").json(), ensure_ascii=False)
    assert "Durées de conservation" in menu and "@@durees-de-conservation" in menu
    for role in ("direction", "cpe", "parent", "eleve"):
        assert "@@durees-de-conservation" not in json.dumps(client(site, role).get("@bureau").json()), role
        refus = client(site, role).page("@@durees-de-conservation", allow_redirects=False)  # Plone's challenge: the login form
        assert refus.status_code in (401, 403) or (refus.status_code == 302 and "login" in refus.headers["Location"]), role
    page = client(site, "admin").page("@@durees-de-conservation")
    assert page.status_code == 200
    assert "Punitions scolaires" in page.text and "à la fin de l&#x27;année scolaire" in page.text.replace("'", "&#x27;")
    assert "Retenue" not in page.text  # not aged yet on 16 November 2026
    horloge.figer(datetime(2027, 9, 2, 3, 0))
    transaction.begin()
    avant = functional_demo["zodbDB"].lastTransaction()
    page = client(site, "admin").page("@@durees-de-conservation")
    assert page.status_code == 200 and "Punition — Retenue" in page.text and "lundi 16 novembre 2026" in page.text
    assert eleve.nom_complet in page.text and "2026-11-16" not in page.text
    transaction.begin()
    assert functional_demo["zodbDB"].lastTransaction() == avant  # the page removes nothing
    # the region keeps punitions one more year: an Int record of that name in the registry
    registre = getUtility(IRegistry, context=functional_demo["portal"])
    registre.records["cartable.rgpd.retention_punitions_annees"] = Record(field.Int(title="Punitions"), 1)
    transaction.commit()
    page = client(site, "admin").page("@@durees-de-conservation")
    assert "Punition — Retenue" not in page.text and "1 an après la fin de l&#x27;année scolaire" in page.text.replace("'", "&#x27;")
    assert client(site, "admin").get("@retention", params={"essai": 1}).json()["regles"]["punitions"] == 1
