"""The direction's pages for bulletins and grade transfer, and large imports run in the background."""

import base64
import json
import uuid

import requests
from zope.annotation.interfaces import IAnnotations

from cartable.core import tasks
from cartable.notes import import_differe
from cartable.regles import transfert_notes as format_
from tests.integration.requetes import client
from tests.integration.test_bulletins import executer


def call(site, role, method, name, body=None, headers=None, **params):
    return client(site, role, timeout=300).request(method, f"{site['paths']['etab']}/{name}", body, params=params, headers=headers)


def importer(site, contenu, nom, confirmer, cle=None, asynchrone=True):
    entetes = {"Prefer": "respond-async"} if asynchrone else {}
    if cle:
        entetes["Idempotency-Key"] = cle
    return call(site, "direction", "POST", "@notes-import", {"fichier": base64.b64encode(contenu).decode(), "nom": nom, "confirmer": confirmer},
                headers=entetes)


def page(site, role, nom):
    return client(site, role).page(f"{site['paths']['etab']}/@@{nom}", allow_redirects=False)


def refusee(reponse):
    return reponse.status_code in (401, 403) or (reponse.status_code == 302 and "login" in reponse.headers.get("Location", ""))


def grand_fichier(site, lignes_voulues, en_plus=()):
    """A CSV of new evaluations of 3A with a note for each of its students, beyond the background threshold."""
    existants = json.loads(call(site, "direction", "GET", "@notes-export", format="json").content)
    uai = existants[0]["uai"]
    evaluations_3a = {r["evaluation"] for r in existants if r["type"] == "evaluation" and r["division"] == "3A"}
    eleves = sorted({r["eleve"] for r in existants if r["type"] == "note" and r["evaluation"] in evaluations_3a})
    matiere = next(r["matiere"] for r in existants if r["type"] == "evaluation" and r["division"] == "3A")
    records, rang = [], 0
    while len(records) < lignes_voulues:
        ident = f"import-massif-{rang:04d}"
        records.append({"type": "evaluation", "uai": uai, "evaluation": ident, "periode": "T1", "division": "3A", "matiere": matiere,
                        "titre": f"Contrôle importé {rang}", "date": "2026-10-05", "coefficient": "1", "bareme": 20, "facultative": False})
        records += [{"type": "note", "uai": uai, "evaluation": ident, "eleve": e, "valeur": str((rang + i) % 21)} for i, e in enumerate(eleves)]
        rang += 1
    records += [dict(r, uai=uai) for r in en_plus]
    return format_.ecrire_csv(records), len(records), rang


def test_pages_are_the_direction_s(functional_demo, site):
    bulletins = page(site, "direction", "bulletins")
    assert bulletins.status_code == 200
    html = bulletins.text
    assert "bulletins.js" in html and 'id="generer"' in html and 'id="progression"' in html and 'value="3A"' in html
    assert "Tout l'établissement" in html and 'value="T1"' in html and "data-eleves" in html
    transfert = page(site, "direction", "transfert-notes")
    assert transfert.status_code == 200
    html = transfert.text
    assert "transfert_notes.js" in html and 'data-format="xlsx"' in html and 'id="fichier"' in html
    assert f'data-taille-max="{format_.TAILLE_MAX}"' in html and 'id="confirmer"' in html
    for role in ("enseignant", "cpe", "eleve", "parent"):
        for nom in ("bulletins", "transfert-notes"):
            assert refusee(page(site, role, nom)), (role, nom)
    anonyme = requests.get(f"{site['paths']['etab']}/@@bulletins", timeout=60, allow_redirects=False)
    assert refusee(anonyme)


def test_a_large_confirmed_import_is_written_by_a_task_with_progress(functional_demo, site):
    contenu, lignes, evaluations = grand_fichier(site, import_differe.SEUIL_LIGNES + 1)
    essai = importer(site, contenu, "notes.csv", False)  # the dry run stays in the request
    assert essai.status_code == 200 and essai.json()["resume"]["creer"] == {"evaluation": evaluations, "note": lignes - evaluations}
    avant = call(site, "direction", "GET", "@notes-export", format="json").content
    cle = uuid.uuid4().hex
    lance = importer(site, contenu, "notes.csv", True, cle)
    assert lance.status_code == 202 and lance.headers["Preference-Applied"] == "respond-async", lance.text
    corps = lance.json()
    assert corps["en_cours"] and not corps["confirme"] and corps["lignes_fichier"] == lignes and corps["suivi"].endswith(corps["job"])
    assert importer(site, contenu, "notes.csv", True, cle).json()["job"] == corps["job"]  # a replay queues nothing more
    assert call(site, "direction", "GET", "@notes-export", format="json").content == avant  # nothing written in the request
    suivi = client(site, "direction").get(corps["suivi"]).json()
    assert suivi["state"] == "queued"

    (job, resultat), = executer(functional_demo)
    assert job == corps["job"] and resultat["confirme"] and resultat["ecrits"] == lignes
    suivi = client(site, "direction").get(corps["suivi"]).json()
    assert suivi["done"] == suivi["total"] == 2 * lignes and suivi["message"].startswith("Écriture")
    exporte = json.loads(call(site, "direction", "GET", "@notes-export", format="json").content)
    importes = [r for r in exporte if r.get("evaluation", "").startswith("import-massif-")]
    assert len(importes) == lignes
    assert not IAnnotations(functional_demo["portal"][site["paths"]["etab"].rsplit("/", 1)[1]]).get(import_differe.CLE_DEPOTS)
    again = importer(site, contenu, "notes.csv", False).json()  # idempotent: the same file changes nothing
    assert set(again["resume"]["inchange"]) == {"evaluation", "note"} and not again["resume"]["creer"]
    # the other staff may not follow the direction's job
    assert client(site, "cpe").get(corps["suivi"]).status_code == 403


def test_a_large_import_with_one_rejected_row_writes_nothing(functional_demo, site):
    inconnu = {"type": "note", "evaluation": "import-massif-0000", "eleve": "eleve-inconnu", "valeur": "12"}
    contenu, lignes, _ = grand_fichier(site, import_differe.SEUIL_LIGNES + 1, en_plus=[inconnu])
    avant = call(site, "direction", "GET", "@notes-export", format="json").content
    lance = importer(site, contenu, "notes.csv", True)
    assert lance.status_code == 202
    (_, resultat), = executer(functional_demo)
    assert not resultat["confirme"] and resultat["nb_rejets"] == 1 and "rien n'a été écrit" in resultat["message"]
    assert "eleve-inconnu" in resultat["rejets"][0] and resultat["resume"]["rejetee"] == {"note": 1}
    assert call(site, "direction", "GET", "@notes-export", format="json").content == avant
    etab = functional_demo["portal"][site["paths"]["etab"].rsplit("/", 1)[1]]
    assert not IAnnotations(etab).get(import_differe.CLE_DEPOTS)  # the stored file went with the refusal


def test_a_large_file_with_an_unreadable_row_is_refused_at_once(functional_demo, site):
    mauvaise = {"type": "note", "evaluation": "import-massif-0000", "eleve": "x", "valeur": "25"}  # 25/20
    contenu, _, _ = grand_fichier(site, import_differe.SEUIL_LIGNES + 1, en_plus=[mauvaise])
    refus = importer(site, contenu, "notes.csv", True)
    assert refus.status_code == 400 and "rien n'a été écrit" in refus.json()["error"]["message"]
    assert executer(functional_demo) == []
    assert call(site, "cpe", "POST", "@notes-import", {"fichier": base64.b64encode(contenu).decode(), "nom": "notes.csv",
                                                      "confirmer": True}).status_code == 403
    assert tasks.get_huey().dequeue() is None


def test_a_small_import_stays_in_the_request(functional_demo, site):
    contenu, lignes, _ = grand_fichier(site, 40)
    fait = importer(site, contenu, "notes.csv", True)
    assert fait.status_code == 200 and fait.json()["confirme"] and "Preference-Applied" not in fait.headers
    assert executer(functional_demo) == []
    exporte = json.loads(call(site, "direction", "GET", "@notes-export", format="json").content)
    assert len([r for r in exporte if r.get("evaluation", "").startswith("import-massif-")]) == lignes
