"""Incidents, punitions, sanctions through REST; follow-up actions; the student's timeline across establishments."""

import requests
import transaction
from persistent.list import PersistentList

from cartable.annuaire.stockage import lire_annuaire
from cartable.core import tasks
from cartable.viescolaire import journal_suivi
from cartable.viescolaire.stockage import lire_vie_scolaire
from tests.integration.requetes import auth, client

JSON = {"Accept": "application/json"}


def get(site, role, url):
    return client(site, role).get(url)


def post(site, role, url, body):
    return client(site, role).post(url, body)


def etablissement(region, genre):
    return next(e for e in region["establishments"] if e["type"] == genre)


def camarade(functional_demo, site):
    """Another student of the same class (3A)."""
    transaction.begin()
    annuaire = lire_annuaire(functional_demo["portal"])
    eleve = annuaire.personne(site["paths"]["eleve"])
    structure, classe = eleve.classes[0]
    autre = next(annuaire.personne(i) for i in sorted(annuaire.eleves(structure, classe)) if i != eleve.id)
    return autre.id, autre.nom_complet


def stored_incidents(functional_demo, site):
    transaction.begin()
    return lire_vie_scolaire(functional_demo["portal"][site["paths"]["etab"].rsplit("/", 1)[1]]).incidents


def incident(site, eleves, **champs):
    return {"type": "incident", "eleves": eleves, "quand": "2026-11-16T10:15", "lieu": "Cour de récréation",
            "description": "Bousculade pendant la récréation", **champs}


def test_each_role_records_what_it_may_and_families_see_only_their_childs_measures(functional_demo, site):
    etab, eleve = site["paths"]["etab"], site["paths"]["eleve"]
    autre, nom_autre = camarade(functional_demo, site)
    url = f"{etab}/@incidents"
    body = incident(site, [eleve, autre])
    for role, status in (("anonyme", 401), ("eleve", 403), ("parent", 403), ("admin", 403)):
        assert post(site, role, url, body).status_code == status, role
    assert post(site, "cpe_autre", url, body).status_code in (401, 403)  # the college is not theirs: Zope's own refusal
    reported = post(site, "enseignant", url, body)
    assert reported.status_code == 201, reported.text
    fait = reported.json()
    assert fait["statut"] == "signale" and [e["id"] for e in fait["eleves"]] == [eleve, autre]
    punition = {"type": "punition", "eleves": [eleve], "quand": "2026-11-16T11:00", "nature": "Retenue", "incident": fait["id"],
                "description": "Retenue mercredi 13 h"}
    assert post(site, "enseignant", url, punition).status_code == 201  # a teacher gives a punition
    sanction = {**punition, "type": "sanction", "nature": "Avertissement", "description": "Avertissement écrit"}
    for role in ("enseignant", "cpe"):  # only the direction gives a sanction
        refused = post(site, role, url, sanction)
        assert refused.status_code == 403 and "direction" in refused.json()["error"]["message"]
    assert post(site, "direction", url, sanction).status_code == 201

    def types(role, query=f"?eleve={eleve}"):
        answer = get(site, role, url + query)
        assert answer.status_code == 200, (role, answer.text)
        return sorted(i["type"] for i in answer.json()["items"])

    assert types("cpe") == types("direction") == types("admin") == ["incident", "punition", "sanction"]
    assert types("enseignant") == ["incident", "punition"]  # what they wrote
    assert types("enseignant_autre") == []
    assert types("cpe", "?type=sanction") == ["sanction"]
    assert types("cpe", "?du=2026-11-17") == []
    assert types("eleve", "") == ["punition", "sanction"]  # a student: their own
    family = get(site, "parent", f"{url}?eleve={eleve}")
    assert sorted(i["type"] for i in family.json()["items"]) == ["punition", "sanction"]
    assert nom_autre not in family.text and autre not in family.text  # never the other student's name
    assert body["description"] not in family.text  # nor the incident's text
    assert {i["fait_suite_a"]["quand"] for i in family.json()["items"]} == {"2026-11-16T10:15"}
    assert "eleves" not in family.json()["items"][0] and "journal" not in family.json()["items"][0]
    # the other family sees nothing of it, even through their own child
    assert get(site, "parent_autre", f"{url}?eleve={eleve}").status_code == 403
    assert get(site, "anonyme", f"{url}?eleve={eleve}").status_code == 401
    assert get(site, "cpe_autre", f"{url}?eleve={eleve}").status_code in (401, 403)


def test_status_changes_are_audited_and_follow_the_rules(functional_demo, site):
    etab, eleve = site["paths"]["etab"], site["paths"]["eleve"]
    url = f"{etab}/@incidents"
    punition = post(site, "enseignant", url, {"type": "punition", "eleves": [eleve], "quand": "2026-11-16T11:00",
                                               "nature": "Devoir supplémentaire"}).json()
    sanction = post(site, "direction", url, {"type": "sanction", "eleves": [eleve], "quand": "2026-11-16T11:30",
                                              "nature": "Blâme"}).json()
    assert post(site, "parent", f"{url}/{punition['id']}", {"statut": "faite"}).status_code == 403
    assert post(site, "enseignant_autre", f"{url}/{punition['id']}", {"statut": "faite"}).status_code == 404  # not theirs to see
    done = post(site, "enseignant", f"{url}/{punition['id']}", {"statut": "faite"})
    assert done.status_code == 200 and done.json()["statut"] == "faite"
    again = post(site, "cpe", f"{url}/{punition['id']}", {"statut": "non_faite"})
    assert again.status_code == 409 and "impossible" in again.json()["error"]["message"]
    assert post(site, "cpe", f"{url}/{sanction['id']}", {"statut": "levee"}).status_code == 403
    assert post(site, "direction", f"{url}/{sanction['id']}", {"statut": "executee"}).status_code == 200
    assert post(site, "cpe", f"{url}/inconnu", {"statut": "faite"}).status_code == 404
    records = stored_incidents(functional_demo, site)
    assert [(j["qui"], j["avant"], j["apres"]) for j in records[punition["id"]]["journal"]] == [
        (site["logins"]["enseignant"], "prononcee", "faite")]
    assert records[punition["id"]]["statut"] == "faite"
    assert [(j["avant"], j["apres"]) for j in records[sanction["id"]]["journal"]] == [("prononcee", "executee")]
    family = get(site, "parent", f"{url}?eleve={eleve}").json()["items"]
    assert {i["statut_libelle"] for i in family} == {"Faite", "Exécutée"}


def test_bad_input_changes_nothing(functional_demo, site, region):
    etab, eleve = site["paths"]["etab"], site["paths"]["eleve"]
    transaction.begin()
    annuaire = lire_annuaire(functional_demo["portal"])
    lycee = etablissement(region, "LYC")["jointure"]
    lyceen = next(i for i in annuaire.rattaches.get(lycee) if annuaire.personne(i).categorie == "Eleve")
    url = f"{etab}/@incidents"
    bad = [
        (incident(site, ["999999"]), "inconnu"),
        (incident(site, [lyceen]), "pas inscrit"),
        (incident(site, [eleve], type="bagarre"), "Type"),
        (incident(site, [eleve], quand="lundi"), "AAAA-MM-JJ"),
        (incident(site, [eleve], description=""), "Décrivez"),
        ({"type": "punition", "eleves": [eleve], "quand": "2026-11-16T11:00"}, "Nature"),
        ({"type": "punition", "eleves": [eleve], "quand": "2026-11-16T11:00", "nature": "Retenue", "incident": "zzz"}, "introuvable"),
    ]
    for body, message in bad:
        answer = post(site, "cpe", url, body)
        assert answer.status_code == 400 and message in answer.json()["error"]["message"], (body, answer.text)
    not_json = requests.post(url, data="pas du json", headers={**JSON, "Content-Type": "application/json"},
                             auth=auth(site, "cpe"), timeout=60)
    assert not_json.status_code == 400
    assert get(site, "cpe", f"{url}?du=16/11/2026").status_code == 400
    assert stored_incidents(functional_demo, site) is None  # never even created


def run_journal_tasks(functional_demo):
    """Run the queued journal entries as the worker would (other queued jobs are dropped)."""
    huey, ran = tasks.get_huey(), 0
    while (task := huey.dequeue()) is not None:
        _, name, site_path, userid, params = task.args
        if name == journal_suivi.TACHE:
            tasks.run_with_retries(functional_demo["zodbDB"], site_path, userid, journal_suivi.noter_consultation, None, params)
            ran += 1
    return ran


def attach(functional_demo, eleve_id, structure):
    """The student is enrolled in a second establishment (the directory's attachments)."""
    transaction.begin()
    annuaire = lire_annuaire(functional_demo["portal"])
    eleve = annuaire.personne(eleve_id)
    avant = annuaire.entrees(eleve)
    eleve.remplacer({**eleve.attributs, "ENTPersonStructRattach": [*eleve.rattachements, structure]})
    annuaire.reindexer(eleve, avant)
    transaction.commit()


def test_follow_up_actions_on_events_and_notes_written_before(functional_demo, site):
    etab, eleve = site["paths"]["etab"], site["paths"]["eleve"]
    week = get(site, "eleve", f"{etab}/@emploi-du-temps?du=2026-11-16&au=2026-11-16").json()
    cours = week["items"][0]["cle"]
    post(site, "cpe", f"{etab}/@appel/{cours}", {"marques": {eleve: {"type": "absence"}}})
    fait = post(site, "enseignant", f"{etab}/@incidents", incident(site, [eleve])).json()
    # a note in the shape written before references existed stays readable
    transaction.begin()
    vs = lire_vie_scolaire(functional_demo["portal"][etab.rsplit("/", 1)[1]])
    vs.notes_suivi[eleve] = PersistentList([{"quand": "2026-10-01T09:00:00", "qui": "ancien", "code": "INFO", "texte": "Note d'avant"}])
    transaction.commit()
    on_incident = {"eleve": eleve, "code": "ENT", "texte": "Entretien fait, à revoir vendredi", "evenement": {"genre": "incident", "id": fait["id"]}}
    assert post(site, "cpe", f"{etab}/@suivi", on_incident).status_code == 200
    on_mark = {"eleve": eleve, "code": "APPEL", "texte": "Famille appelée", "evenement": {"genre": "marque", "id": cours}}
    assert post(site, "direction", f"{etab}/@suivi", on_mark).status_code == 200
    for ref in ({"genre": "incident", "id": "zzz"}, {"genre": "marque", "id": "2026-11-16@inconnu"}, {"genre": "bulletin", "id": "x"}, "incident"):
        refused = post(site, "cpe", f"{etab}/@suivi", {**on_incident, "evenement": ref})
        assert refused.status_code == 400, ref
    assert post(site, "enseignant", f"{etab}/@suivi", on_incident).status_code == 403
    timeline = get(site, "direction", f"{etab}/@suivi?eleve={eleve}").json()["items"]
    by_ref = {(i["ref"]["genre"], i["ref"]["id"]): i for i in timeline if "ref" in i}
    assert [a["texte"] for a in by_ref[("incident", fait["id"])]["actions"]] == [on_incident["texte"]]
    assert [a["code"] for a in by_ref[("marque", cours)]["actions"]] == ["APPEL"]
    notes = [(n["texte"], n["evenement"]) for n in timeline if n["genre"] == "note"]
    assert sorted(notes, key=lambda n: n[0]) == [
        (on_incident["texte"], on_incident["evenement"]), (on_mark["texte"], on_mark["evenement"]), ("Note d'avant", None)]


def test_timeline_across_two_establishments_is_logged_and_filtered(functional_demo, site, region):
    etab, eleve = site["paths"]["etab"], site["paths"]["eleve"]
    college, lycee = etablissement(region, "CLG"), etablissement(region, "LYC")
    etab_lycee = f"{site['url']}/{lycee['uai'].lower()}"
    week = get(site, "eleve", f"{etab}/@emploi-du-temps?du=2026-11-16&au=2026-11-16").json()
    post(site, "cpe", f"{etab}/@appel/{week['items'][0]['cle']}", {"marques": {eleve: {"type": "absence"}}})
    assert get(site, "cpe_autre", f"{etab_lycee}/@suivi?eleve={eleve}").status_code == 403  # not their student yet
    attach(functional_demo, eleve, lycee["jointure"])
    # the lycée's vie scolaire records an infirmerie visit and a confidential note there
    visite = {"type": "infirmerie", "eleves": [eleve], "quand": "2026-09-20T14:00", "lieu": "Infirmerie", "description": "Maux de tête"}
    assert post(site, "cpe_autre", f"{etab_lycee}/@incidents", visite).status_code == 201
    note = {"eleve": eleve, "code": "RDV", "texte": "Rendez-vous avec la mère au lycée"}
    assert post(site, "cpe_autre", f"{etab_lycee}/@suivi", note).status_code == 200

    def timeline(role, base, query=""):
        answer = get(site, role, f"{base}/@suivi?eleve={eleve}{query}")
        assert answer.status_code == 200, answer.text
        return answer.json()

    seen = timeline("cpe", etab)  # the college's CPE: the lycée's items too
    where = {(i["genre"], i["etablissement"]["uai"]) for i in seen["items"]}
    assert {("absence", college["uai"]), ("infirmerie", lycee["uai"]), ("note", lycee["uai"])} <= where
    assert {i["etablissement"]["nom"] for i in seen["items"]} == {college["name"], lycee["name"]}
    assert {i["annee_scolaire"] for i in seen["items"]} == {"2026-2027"}
    assert seen["journalise"] is True
    from_lycee = timeline("cpe_autre", etab_lycee)  # and the lycée's CPE sees the college's absence
    assert ("absence", college["uai"]) in {(i["genre"], i["etablissement"]["uai"]) for i in from_lycee["items"]}
    admin = timeline("admin", etab)
    assert "note" not in {i["genre"] for i in admin["items"]} and "infirmerie" in {i["genre"] for i in admin["items"]}
    # filters
    assert {i["genre"] for i in timeline("cpe", etab, "&genre=note&genre=infirmerie")["items"]} == {"note", "infirmerie"}
    assert {i["etablissement"]["uai"] for i in timeline("cpe", etab, f"&etablissement={lycee['uai']}")["items"]} == {lycee["uai"]}
    only_college = timeline("cpe", etab, f"&etablissement={college['uai']}")
    assert only_college["journalise"] is False  # nothing of another establishment was read
    assert [i["genre"] for i in timeline("cpe", etab, "&du=2026-09-01&au=2026-09-30")["items"]] == ["infirmerie"]
    for query in ("&genre=fugue", "&du=20/09/2026", "&du=2026-10-01&au=2026-09-01"):
        assert get(site, "cpe", f"{etab}/@suivi?eleve={eleve}{query}").status_code == 400
    for role in ("parent", "enseignant", "eleve", "enseignant_autre"):
        refused = get(site, role, f"{etab}/@suivi?eleve={eleve}")
        assert refused.status_code in (401, 403) and note["texte"] not in refused.text
    # the journal: every cross-establishment read (not the college-only one), written by the worker
    assert run_journal_tasks(functional_demo) == 6
    journal = get(site, "admin", f"{site['url']}/@suivi-journal?eleve={eleve}")
    entries = journal.json()["items"]
    assert len(entries) == 6 and {e["eleve"] for e in entries} == {eleve}
    assert {e["qui"] for e in entries} == {site["logins"][r] for r in ("cpe", "cpe_autre", "admin")}
    assert {tuple(e["etablissements"]) for e in entries if e["qui"] == site["logins"]["cpe_autre"]} == {
        tuple(sorted((college["jointure"], lycee["jointure"])))}
    for role in ("cpe", "direction", "parent", "anonyme"):
        assert get(site, role, f"{site['url']}/@suivi-journal").status_code in (401, 403)


def test_printable_timeline_and_incident_form_pages(functional_demo, site):
    etab, eleve = site["paths"]["etab"], site["paths"]["eleve"]
    post(site, "direction", f"{etab}/@incidents", {"type": "sanction", "eleve": eleve, "quand": "2026-11-16T11:30", "nature": "Blâme"})
    post(site, "cpe", f"{etab}/@suivi", {"eleve": eleve, "code": "INFO", "texte": "Famille informée du blâme"})

    def page(role, query):
        return client(site, role).page(f"{etab}/@@suivi-eleve?eleve={eleve}{query}")

    html = page("cpe", "").text
    assert "Année scolaire" in html and "2026-2027" in html and "suivi_eleve.css" in html and 'id="suivi-imprimer"' in html
    assert "Blâme" in html and "Famille informée du blâme" in html and 'data-genre="sanction"' in html
    filtered = page("cpe", "&genre:list=note").text
    assert 'data-genre="note"' in filtered and 'data-genre="sanction"' not in filtered
    assert "Genre inconnu" in page("cpe", "&genre=fugue").text  # a French message, nothing else
    teacher = client(site, "enseignant").page(f"{etab}/@@signaler-incident").text
    direction = client(site, "direction").page(f"{etab}/@@signaler-incident").text
    assert 'value="punition"' in teacher and 'value="sanction"' not in teacher and 'value="sanction"' in direction
    assert "Retenue" in teacher and "signaler_incident.js" in teacher
