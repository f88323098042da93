"""Class council and report cards: who decides, the background generation with progress, who downloads."""


from cartable.core import tasks
from tests.integration.requetes import client


def call(site, role, method, name, body=None, **params):
    return client(site, role, timeout=120).request(method, f"{site['paths']['etab']}/{name}", body, params=params)


def executer(functional_demo, prefixe="cartable.notes."):
    huey, resultats = tasks.get_huey(), []
    while (tache := huey.dequeue()) is not None:
        job, nom, chemin, utilisateur, params = tache.args
        if nom.startswith(prefixe):
            record = tasks.read_job(job)
            resultats.append(tasks.run_with_retries(functional_demo["zodbDB"], chemin, utilisateur, tasks.task_function(nom),
                                                    tasks.Progress(huey, record), params))
            resultats[-1] = (job, resultats[-1])
    return resultats


def test_council_then_bulletins_generated_in_background_published_and_downloaded(functional_demo, site):
    eleve = site["paths"]["eleve"]
    ecran = call(site, "direction", "GET", "@conseil", division="3A", periode="T1").json()
    ligne = next(e for e in ecran["eleves"] if e["id"] == eleve)
    assert ligne["moyenne_generale"] and ligne["absences"] is not None and ecran["generale"]["moyenne"]
    assert call(site, "enseignant", "GET", "@conseil", division="3A", periode="T1").status_code == 403
    # the teacher may not decide; the direction does, and bad input changes nothing
    decision = {"division": "3A", "periode": "T1", "date": "2026-12-08",
                "decisions": [{"eleve": eleve, "avis": "Bon trimestre <b>&</b>", "mention": "encouragements"}]}
    assert call(site, "enseignant", "POST", "@conseil", decision).status_code == 403
    bad = call(site, "direction", "POST", "@conseil", {**decision, "decisions": [{"eleve": eleve, "mention": "bravo"}]})
    assert bad.status_code == 400 and "Mention" in bad.json()["error"]["message"]
    assert call(site, "direction", "POST", "@conseil", decision).status_code == 200
    ecran = call(site, "direction", "GET", "@conseil", division="3A", periode="T1").json()
    assert next(e for e in ecran["eleves"] if e["id"] == eleve)["mention"] == "encouragements" and ecran["date"] == "2026-12-08"

    assert call(site, "cpe", "POST", "@bulletins", {"periode": "T1", "division": "3A", "action": "generer"}).status_code == 403
    lance = call(site, "direction", "POST", "@bulletins", {"periode": "T1", "division": "3A", "action": "generer"})
    assert lance.status_code == 202
    (job, resultat), = executer(functional_demo)
    assert job == lance.json()["job"] and resultat["bulletins"] >= 25
    progression = client(site, "direction").get(lance.json()["suivi"]).json()
    assert progression["done"] == progression["total"] == resultat["bulletins"]
    # not published yet: the parent gets nothing, the direction gets the PDF
    assert call(site, "parent", "GET", "@bulletin", eleve=eleve, periode="T1").status_code == 404
    pdf = call(site, "direction", "GET", "@bulletin", eleve=eleve, periode="T1")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and pdf.headers["Content-Type"] == "application/pdf"
    # the council is on 8 December, ahead: publishing asks first (issue 15), then publishes once confirmed
    question = call(site, "direction", "POST", "@bulletins", {"periode": "T1", "division": "3A", "action": "publier"}).json()
    assert question["a_confirmer"] is True and question["publies"] == 0 and "conseil de classe" in question["avertissements"][0]
    assert call(site, "direction", "POST", "@bulletins", {"periode": "T1", "division": "3A", "action": "publier",
                                                          "confirmer": True}).json()["publies"] == resultat["bulletins"]
    assert call(site, "parent", "GET", "@bulletin", eleve=eleve, periode="T1").content.startswith(b"%PDF")
    assert call(site, "eleve", "GET", "@bulletin", eleve=eleve, periode="T1").status_code == 200
    assert call(site, "parent_autre", "GET", "@bulletin", eleve=eleve, periode="T1").status_code in (401, 403)
    assert call(site, "enseignant_autre", "GET", "@bulletin", eleve=eleve, periode="T1").status_code in (401, 403)


def test_the_bulletins_page_names_a_student_who_left_the_class(functional_demo, site):
    """A bulletin made before its student left the class (here: a student of another establishment's class, as after
    a move) is listed with the student's name: the page's names come from the classes and from the bulletins."""
    import html
    import json
    import re

    import transaction

    from cartable.annuaire.stockage import lire_annuaire
    from cartable.notes.stockage import lire_carnet

    transaction.begin()
    portal = functional_demo["portal"]
    etab = portal[site["paths"]["etab"].rsplit("/", 1)[1]]
    annuaire = lire_annuaire(portal)
    ailleurs = next(s for s in annuaire.structures if s != etab.jointure)
    parti = next(iter(annuaire.eleves(ailleurs, next(iter(annuaire.divisions_de(ailleurs, "classe"))))))
    carnet = lire_carnet(etab)
    carnet.bulletins[("T1", parti)] = {"division": "3A", "genere_le": "2026-11-10T10:00:00", "publie": False}
    transaction.commit()
    try:
        page = client(site, "direction").page(f"{site['paths']['etab']}/@@bulletins").text
        noms = json.loads(html.unescape(re.search(r'data-eleves="([^"]*)"', page).group(1)))
        personne = annuaire.personne(parti)
        assert noms[parti] == f"{personne.nom} {personne.prenom}"
    finally:
        transaction.begin()
        del carnet.bulletins[("T1", parti)]
        transaction.commit()
