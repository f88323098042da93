"""Grades out and back in: a lossless round trip through @notes-export and @notes-import, dry run first."""

import base64

import transaction
from zope.annotation.interfaces import IAnnotations

from cartable.notes.registre import Carnet
from cartable.notes.stockage import CLE, CLE_COMPETENCES
from tests.integration.requetes import client


def call(site, role, method, name, body=None, **params):
    return client(site, role, timeout=300).request(method, f"{site['paths']['etab']}/{name}", body, params=params)


def importer(site, contenu, nom, confirmer):
    return call(site, "direction", "POST", "@notes-import",
                {"fichier": base64.b64encode(contenu).decode(), "nom": nom, "confirmer": confirmer})


def test_round_trip_is_lossless_dry_run_writes_nothing_and_twice_changes_nothing(functional_demo, site):
    # some council decisions and a general appreciation, so that every record type travels
    eleve = site["paths"]["eleve"]
    call(site, "direction", "POST", "@conseil", {"division": "3A", "periode": "T1", "date": "2026-12-08",
                                                 "decisions": [{"eleve": eleve, "avis": "Passage ; « bien »\nnouvelle ligne", "mention": "compliments"}],
                                                 "appreciations_generales": [{"eleve": eleve, "texte": "=SOMME(A1) n'est pas une formule"}]})
    json_avant = call(site, "direction", "GET", "@notes-export", format="json").content
    csv_avant = call(site, "direction", "GET", "@notes-export", format="csv").content
    assert call(site, "enseignant", "GET", "@notes-export").status_code == 403
    # the establishment arrives from elsewhere: its grades are empty, it has no skills (the demo's travel too)
    transaction.begin()
    etab = functional_demo["portal"][site["paths"]["etab"].rsplit("/", 1)[1]]
    IAnnotations(etab)[CLE] = Carnet()
    IAnnotations(etab).pop(CLE_COMPETENCES, None)
    transaction.commit()
    essai = importer(site, csv_avant, "notes.csv", False)
    assert essai.status_code == 200 and not essai.json()["confirme"]
    rejets = [l for l in essai.json()["lignes"] if l["sort"] != "creer"]
    assert rejets == [] and len(essai.json()["lignes"]) > 1000
    assert call(site, "direction", "GET", "@notes-export", format="json").json() == []  # the dry run wrote nothing
    assert importer(site, csv_avant, "notes.csv", True).json()["confirme"]
    assert call(site, "direction", "GET", "@notes-export", format="json").content == json_avant
    assert call(site, "direction", "GET", "@notes-export", format="csv").content == csv_avant
    again = importer(site, json_avant, "notes.json", False).json()
    # nothing changes: no row listed, every one counted (issue 15)
    assert again["lignes"] == [] and again["inchangees"] == again["lignes_total"] > 1000


def test_a_bad_file_changes_nothing(functional_demo, site):
    avant = call(site, "direction", "GET", "@notes-export", format="json").content
    ligne = "type;uai;evaluation;eleve;valeur\r\nnote;0139101X;demo-inconnue;123;21\r\n".encode()
    essai = importer(site, ligne, "notes.csv", True)
    assert essai.status_code == 400 and "rien n'a été écrit" in essai.json()["error"]["message"]
    assert importer(site, b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", "notes.xlsx", True).status_code == 400
    assert importer(site, b"PK\x03\x04 not a zip", "notes.xlsx", False).status_code == 400
    assert call(site, "direction", "GET", "@notes-export", format="json").content == avant
