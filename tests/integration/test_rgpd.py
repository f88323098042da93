"""RGPD (issue 13): « Mes données » for a student and a parent, the log of reads of a student's records, retention."""

import base64
import json
import re
from datetime import datetime

import pytest
import transaction
from persistent.list import PersistentList

from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge
from cartable.core.notifications import deposer, ecrire_preferences
from cartable.policy.rgpd import retention
from cartable.viescolaire.stockage import lire_vie_scolaire
from tests.integration.requetes import JOUR, client

PDF = b"%PDF-1.4\n" + b"0" * 200


@pytest.fixture(autouse=True)
def journal_en_tmp(tmp_path, monkeypatch):
    """The read log in a file of this test (the server's threads read the environment at each request)."""
    monkeypatch.setenv("CARTABLE_JOURNAL_ACCES_FILE", str(tmp_path / "journal_acces.sqlite3"))


def portal(functional_demo):
    transaction.begin()
    return functional_demo["portal"]


def etab_de(functional_demo, site):
    return portal(functional_demo)[site["paths"]["etab"].rsplit("/", 1)[1]]


def camarades(functional_demo, site):
    """The other students of the student's class: [(id, « Prénom Nom »)]."""
    annuaire = lire_annuaire(portal(functional_demo))
    eleve = annuaire.personne(site["paths"]["eleve"])
    structure, classe = eleve.classes[0]
    autres = [annuaire.personne(i) for i in sorted(annuaire.eleves(structure, classe)) if i != eleve.id]
    return [(p.id, p.nom_complet) for p in autres]


def preparer(functional_demo, site):
    """An absence of the student and of a classmate (one register), a hand-in, a notification."""
    eleve, etab = site["paths"]["eleve"], site["paths"]["etab"]
    autre = camarades(functional_demo, site)[0][0]
    appel = client(site, "enseignant").post(f"{etab}/@appel/{site['paths']['cours']}",
                                            {"marques": {eleve: {"type": "absence"}, autre: {"type": "retard", "minutes": 10}}, "fait": True})
    assert appel.status_code == 200, appel.text
    horloge.figer(datetime(2026, 11, 25, 18, 0))  # the week before the Devoir's due date: it is on the agenda
    agenda = client(site, "eleve").get("@agenda").json()
    travail = next(t for j in agenda["jours"] for t in j["travaux"] if t.get("devoir_url", "").endswith("/devoir-matrice"))
    assert client(site, "eleve").post("@agenda", {"travail": travail["id"], "fait": True, "eleve": eleve}, cle="rgpd-1").status_code == 200
    horloge.figer(JOUR)
    copie = {"fichiers": [{"nom": "copie.pdf", "contenu": base64.b64encode(PDF).decode()}], "remettre": True}
    rendu = client(site, "eleve").post(f"{site['paths']['devoir']}/@rendu", copie)
    assert rendu.status_code in (200, 201), rendu.text
    # a declaration by the parent, a punition of the student; an incident naming a classmate too, a classmate's punition
    declaree = client(site, "parent").post(f"{etab}/@declarations", {"eleve": eleve, "jour": "2026-11-16", "demi_journee": "matin",
                                                                      "motif": "MAL", "commentaire": "Fièvre"}, cle="rgpd-decl")
    assert declaree.status_code == 201, declaree.text
    for corps in ({"type": "punition", "eleve": eleve, "quand": "2026-11-16T12:00", "nature": "Retenue", "description": "Bavardages"},
                  {"type": "punition", "eleve": autre, "quand": "2026-11-16T12:00", "nature": "Devoir supplémentaire",
                   "description": "Oubli de matériel"},
                  {"type": "incident", "eleves": [eleve, autre], "quand": "2026-11-16T11:00", "description": "Bousculade au CDI"}):
        assert client(site, "cpe").post(f"{etab}/@incidents", corps).status_code in (200, 201)
    site_plone = portal(functional_demo)
    # a Devoir that expects online text keeps it on the Rendu (this one expects files: the text is set as it would be)
    site_plone.unrestrictedTraverse(site["paths"]["devoir"][len(site["url"]) + 1:])[eleve].texte = "Ma réponse en ligne"
    deposer(site_plone, eleve, horloge.maintenant().isoformat(timespec="seconds"), "devoir",
            "Nouveau devoir", "Un devoir de la matrice")
    deposer(site_plone, autre, horloge.maintenant().isoformat(timespec="seconds"), "devoir", "Note d'un camarade", "Autre")
    ecrire_preferences(site_plone, eleve, {"devoir": "jamais", "absences": "immediat"})
    transaction.commit()
    # the student writes to their teacher (the messagerie)
    enseignant = lire_annuaire(site_plone).par_login(site["logins"]["enseignant"])
    ecrit = client(site, "eleve").post("@messagerie-envoyer", {"sujet": "Question sur le devoir", "texte": "Faut-il rendre le brouillon ?",
                                                                "destinataires": [enseignant.id], "groupes": []}, cle="rgpd-msg")
    assert ecrit.status_code in (200, 201), ecrit.text
    site_plone = portal(functional_demo)
    ecrire_preferences(site_plone, autre, {"travail": "resume"})
    transaction.commit()
    return autre


def verifier_eleve(donnees, site):
    """Every module's data for the student."""
    vie = donnees["vie_scolaire"]
    marques = [m for section in vie for m in section["marques"]]
    assert any(m["genre"] == "absence" and m["quand"].startswith("2026-11-16") for m in marques), marques
    assert all(m["genre"] != "retard" for m in marques)  # the classmate's lateness of the same register stays out
    assert donnees["notes"] and any(e["note"] for p in donnees["notes"] for m in p["matieres"] for e in m["evaluations"])
    assert [r["etat"] for r in donnees["rendus"]] == ["remis"] and donnees["rendus"][0]["fichiers"] == ["copie.pdf"]
    assert donnees["rendus"][0]["note"] is None and donnees["rendus"][0]["texte"] == "Ma réponse en ligne"
    assert [(t["titre"], t["pour_le"]) for t in donnees["travaux_faits"]] == [("À rendre : Devoir de la matrice", "2026-12-01")]
    assert "confidentielles" in donnees["notes_confidentielles"]
    declarations = [d for section in vie for d in section["declarations"]]
    assert [(d["du"][:10], d["motif"], d["commentaire"], d["statut"]) for d in declarations] == [("2026-11-16", "Maladie", "Fièvre", "a_traiter")]
    punitions = [p for section in vie for p in section["punitions"]]
    assert [(p["type"], p["nature"], p["motif"]) for p in punitions] == [("punition", "Retenue", "Bavardages")]  # not the incident


def verifier_personne(export, nom_complet):
    """Identity with the enrolments, notifications with the e-mail preferences."""
    identite = export["identite"]
    assert identite["nom"] == nom_complet and identite["identifiant"] and identite["historique"]
    assert [n["titre"] for n in export["notifications"]["items"]] == ["Nouveau devoir"]


def rien_des_autres(texte, autres):
    """No classmate's name nor identifier anywhere (identifiers as whole words: they are digits)."""
    assert [n for _, n in autres if n in texte] == []
    assert [i for i, _ in autres if re.search(rf"(?<![0-9A-Za-z]){re.escape(i)}(?![0-9A-Za-z])", texte)] == []
    for mot in ("Bousculade", "Oubli de matériel", "Note d'un camarade", "Devoir supplémentaire"):  # the incident's text, a classmate's records
        assert mot not in texte, mot


def test_the_export_of_a_student_and_of_a_parent_has_every_module_and_nobody_else(functional_demo, site):
    preparer(functional_demo, site)
    eleve = site["paths"]["eleve"]
    nom, prenom = site["secret"]
    roster = [n for _, n in camarades(functional_demo, site)]
    assert len(roster) > 10

    moi = client(site, "eleve").get("@mes-donnees")
    assert moi.status_code == 200, moi.text
    export = moi.json()
    assert export["identite"]["nom"] == f"{prenom} {nom}" and export["identite"]["categorie"] == "Élève"
    assert export["identite"]["responsables"]  # their legal responsables, by name
    verifier_personne(export, f"{prenom} {nom}")
    assert export["notifications"]["preferences"] == {"devoir": "jamais", "absences": "immediat"}
    (conversation,) = export["messagerie"]
    (message,) = conversation["messages"]
    assert (conversation["sujet"], message["de"], message["texte"]) == ("Question sur le devoir", f"{prenom} {nom}", "Faut-il rendre le brouillon ?")
    assert message["a"] and message["a"][0] != f"{prenom} {nom}"  # the teacher, by name
    (inscription,) = export["identite"]["etablissements"]
    assert inscription["nom"] and inscription["classe"]  # the establishment and the class, by name
    assert [e["id"] for e in export["eleves"]] == [eleve]
    verifier_eleve(export["eleves"][0], site)

    parent = client(site, "parent").get("@mes-donnees")
    assert parent.status_code == 200, parent.text
    du_parent = parent.json()
    assert du_parent["identite"]["categorie"] == "Responsable légal"
    assert [e["id"] for e in du_parent["eleves"]] == [eleve]
    verifier_eleve(du_parent["eleves"][0], site)
    enfant = client(site, "parent").get("@mes-donnees", params={"eleve": eleve}).json()
    assert enfant["identite"]["nom"] == f"{prenom} {nom}" and [n["titre"] for n in enfant["notifications"]["items"]] == ["Nouveau devoir"]

    assert enfant["notifications"]["preferences"] == {"devoir": "jamais", "absences": "immediat"}
    verifier_eleve(enfant["eleves"][0], site)
    assert du_parent["notifications"]["preferences"] == {} and du_parent["identite"]["nom"] != f"{prenom} {nom}"
    assert "Faut-il rendre le brouillon" not in parent.text + json.dumps(enfant)  # a child's correspondence: their own export only
    autres = camarades(functional_demo, site)
    for texte in (moi.text, parent.text, json.dumps(enfant, ensure_ascii=False)):
        texte = json.loads(texte) if texte.startswith("{") else texte
        texte = json.dumps(texte, ensure_ascii=False)
        rien_des_autres(texte, autres)

    # another family's child, a teacher, the CPE: refused, and the refusal names nobody
    for role in ("parent_autre", "enseignant", "cpe"):
        refus = client(site, role).get("@mes-donnees", params={"eleve": eleve})
        assert refus.status_code == 403, (role, refus.text)
        assert f"{prenom} {nom}" not in refus.text
    assert client(site, "eleve").get("@mes-donnees", params={"eleve": camarades(functional_demo, site)[0][0]}).status_code == 403
    assert client(site, "anonyme").get("@mes-donnees").status_code == 401


def test_the_pdf_and_the_page(functional_demo, site):
    preparer(functional_demo, site)
    eleve = site["paths"]["eleve"]
    page = client(site, "parent").page("@@mes-donnees")
    assert page.status_code == 200
    nom, prenom = site["secret"]
    assert "Télécharger (PDF)" in page.text and "Télécharger (JSON)" in page.text and f"{prenom} {nom}" in page.text
    assert "2026-11" not in page.text  # no ISO date on a page
    pdf = client(site, "parent").page("@@mes-donnees", params={"eleve": eleve, "format": "pdf"})
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    moi = client(site, "eleve").page("@@mes-donnees", params={"format": "pdf"})
    assert moi.status_code == 200 and b"Question sur le devoir" in moi.content and b"Messages" in moi.content
    for mot in (b"Vie scolaire", b"Absence", b"Notes, appr", b"Remis", b"Identit"):  # uncompressed text: readable without a parser
        assert mot in pdf.content, mot
    roster = [n for _, n in camarades(functional_demo, site)]
    assert [n for n in roster if n.encode("latin-1", "ignore") in pdf.content] == []
    en_json = client(site, "eleve").page("@@mes-donnees", params={"format": "json"})
    assert en_json.status_code == 200 and en_json.json()["eleves"][0]["id"] == eleve
    assert client(site, "parent_autre").page("@@mes-donnees", params={"eleve": eleve, "format": "pdf"}).status_code == 403


def test_mes_donnees_is_in_everyones_menu(site):
    for role in ("eleve", "parent", "enseignant", "direction"):
        menu = client(site, role).get("@bureau").json()
        liens = json.dumps(menu, ensure_ascii=False)
        assert "Mes données" in liens and "@@mes-donnees" in liens, role
    assert "@@journal-acces" in json.dumps(client(site, "direction").get("@bureau").json())
    assert "@@journal-acces" not in json.dumps(client(site, "cpe").get("@bureau").json())


def test_reads_of_the_suivi_are_logged_and_the_direction_reads_the_log(functional_demo, site):
    eleve, etab = site["paths"]["eleve"], site["paths"]["etab"]
    nom, prenom = site["secret"]
    direction = client(site, "direction")
    assert direction.get(f"{etab}/@journal-acces", params={"eleve": eleve}).json()["items"] == []
    assert client(site, "cpe").get(f"{etab}/@suivi", params={"eleve": eleve}).status_code == 200
    assert client(site, "eleve").get(f"{etab}/@incidents").status_code == 200  # the student's own: not logged
    assert client(site, "parent").get(f"{etab}/@incidents", params={"eleve": eleve}).status_code == 200  # a family: not logged
    assert client(site, "parent_autre").get(f"{etab}/@suivi", params={"eleve": eleve}).status_code == 403  # refused: not logged
    journal = direction.get(f"{etab}/@journal-acces", params={"eleve": eleve})
    assert journal.status_code == 200, journal.text
    items = journal.json()["items"]
    transaction.begin()
    annuaire = lire_annuaire(functional_demo["portal"])
    cpe = annuaire.par_login(site["logins"]["cpe"])
    assert [(i["qui_nom"], i["quoi"], i["eleve"], i["eleve_nom"]) for i in items] == [(cpe.nom_complet, "suivi", eleve, f"{prenom} {nom}")]
    assert items[0]["quand_texte"] == "lundi 16 novembre 2026 à 10 h 30"
    # the printable page and the incidents of a student, read by staff: logged too
    assert client(site, "cpe").page(f"{etab}/@@suivi-eleve", params={"eleve": eleve}).status_code == 200
    assert client(site, "enseignant").get(f"{etab}/@incidents", params={"eleve": eleve}).status_code == 200
    quoi = sorted(i["quoi"] for i in direction.get(f"{etab}/@journal-acces", params={"eleve": eleve}).json()["items"])
    assert quoi == ["incidents", "suivi", "suivi"]
    page = direction.page(f"{etab}/@@journal-acces")
    assert page.status_code == 200 and cpe.nom_complet in page.text and "Suivi de l&#x27;élève" in page.text.replace("'", "&#x27;")
    # the grades of a student whose classes the reader does not teach (the direction): logged; a GET writes nothing
    db = functional_demo["zodbDB"]
    transaction.begin()
    avant = db.lastTransaction()
    assert direction.get(f"{etab}/@notes-eleve", params={"eleve": eleve}).status_code == 200
    assert client(site, "cpe").get(f"{etab}/@suivi", params={"eleve": eleve}).status_code == 200
    transaction.begin()
    assert db.lastTransaction() == avant  # the log is outside the ZODB
    quoi = sorted(i["quoi"] for i in direction.get(f"{etab}/@journal-acces", params={"eleve": eleve}).json()["items"])
    assert quoi == ["incidents", "notes", "suivi", "suivi", "suivi"]
    # a teacher, the CPE, another school's CPE: not the log's readers
    for role in ("enseignant", "cpe", "cpe_autre", "parent"):
        assert client(site, role).get(f"{etab}/@journal-acces", params={"eleve": eleve}).status_code in (401, 403), role


def test_retention_dry_run_lists_aged_records_and_the_run_purges_them_and_nothing_else(functional_demo, site):
    eleve, etab = site["paths"]["eleve"], site["paths"]["etab"]
    (parti, nom_parti), (reste, _) = camarades(functional_demo, site)[:2]
    appel = client(site, "cpe").post(f"{etab}/@appel/{site['paths']['cours']}",
                                     {"marques": {parti: {"type": "absence"}, reste: {"type": "absence"}, eleve: {"type": "retard", "minutes": 5}},
                                      "fait": True})
    assert appel.status_code == 200, appel.text
    vs = lire_vie_scolaire(etab_de(functional_demo, site))  # (a new transaction: before the changes)
    annuaire = lire_annuaire(functional_demo["portal"])
    personne = annuaire.personne(parti)
    personne.actif = False
    personne.noter(datetime(2026, 11, 20, 3, 0), "désactivé", "test")  # left the region on 20 November 2026
    vs.notes_suivi[parti] = PersistentList([{"quand": "2026-11-16T11:00:00", "qui": "cpe", "code": "INFO", "texte": "Note"}])
    vs.notes_suivi[reste] = PersistentList([{"quand": "2026-11-16T11:00:00", "qui": "cpe", "code": "INFO", "texte": "Note"}])
    transaction.commit()
    cle = site["paths"]["cours"]
    assert client(site, "cpe").get(f"{etab}/@suivi", params={"eleve": eleve}).status_code == 200  # a log line of today

    horloge.figer(datetime(2027, 11, 20, 10, 0))  # exactly a year: not yet
    assert client(site, "admin").get("@retention", params={"essai": 1}).json()["eleves"] == []

    horloge.figer(datetime(2028, 1, 10, 10, 0))
    essai = client(site, "admin").get("@retention", params={"essai": 1})
    assert essai.status_code == 200, essai.text
    lignes = essai.json()["eleves"]
    assert [(e["id"], e["nom"], e["marques"], e["notes_suivi"]) for e in lignes] == [(parti, nom_parti, 1, 1)]
    assert lignes[0]["parti_le_texte"] == "vendredi 20 novembre 2026"
    assert essai.json()["journal_acces"] == 1
    assert {g: essai.json()["regles"][g] for g in ("appels", "notes_suivi", "journal_acces")} == {"appels": 1, "notes_suivi": 1, "journal_acces": 1}
    transaction.begin()
    vs = lire_vie_scolaire(etab_de(functional_demo, site))
    assert parti in vs.appels[cle].marques and parti in vs.notes_suivi  # a dry run writes nothing
    for role in ("direction", "cpe", "eleve"):
        assert client(site, role).get("@retention", params={"essai": 1}).status_code == 403

    site_plone = portal(functional_demo)
    bilan = retention.retention_quotidienne(site_plone, None, horloge.instant())
    transaction.commit()
    assert bilan["departs"] == 1
    transaction.begin()
    vs = lire_vie_scolaire(etab_de(functional_demo, site))
    marques = vs.appels[cle].marques
    assert parti not in marques and marques[reste]["type"] == "absence" and marques[eleve]["type"] == "retard"
    assert parti not in vs.notes_suivi and len(vs.notes_suivi[reste]) == 1
    assert all(ligne[2] != parti for ligne in vs.appels[cle].journal if len(ligne) > 2)
    assert lire_annuaire(functional_demo["portal"]).personne(parti) is not None  # the directory keeps its history
    assert client(site, "admin").get("@retention", params={"essai": 1}).json()["eleves"] == []  # purged once
    assert client(site, "direction").get(f"{etab}/@journal-acces").json()["items"] == []  # the log's old lines too
