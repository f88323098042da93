"""Grades through REST: evaluations, the grid's saves (idempotent, audited, never silently lost), who reads what."""

import transaction

from cartable.core import horloge
from cartable.notes.stockage import lire_carnet
from cartable.testing import donner_le_mot_de_passe
from tests.integration.requetes import client


def url(site, name):
    return f"{site['paths']['etab']}/{name}"


def get(site, role, name, **params):
    return client(site, role).get(url(site, name), params)


def post(site, role, name, body, key=None):
    return client(site, role).post(url(site, name), body, cle=key)


def carnet(functional_demo, site):
    transaction.begin()
    return lire_carnet(functional_demo["portal"][site["paths"]["etab"].rsplit("/", 1)[1]])


def matiere_enseignee(functional_demo, site, region, role="enseignant"):
    from cartable.annuaire.stockage import lire_annuaire

    transaction.begin()
    annuaire = lire_annuaire(functional_demo["portal"])
    personne = annuaire.par_login(site["logins"][role])
    return next(m for s, d, m in personne.enseignements if d == "3A" and m)


def nouvelle_evaluation(site, matiere, **champs):
    body = {"division": "3A", "matiere": matiere, "periode": "T2", "titre": "Contrôle de test", "date": "2026-12-10",
            "coefficient": "2", "bareme": 20, **champs}
    answer = post(site, "enseignant", "@evaluations", body)
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_teacher_types_marks_saved_once_audited_and_replayed(functional_demo, site, region):
    matiere = matiere_enseignee(functional_demo, site, region)
    evaluation = nouvelle_evaluation(site, matiere)
    grid = get(site, "enseignant", "@saisie-notes", division="3A", matiere=matiere, periode="T2").json()
    assert grid["modifiable"] and len(grid["eleves"]) >= 25 and [e["id"] for e in grid["evaluations"]] == [evaluation["id"]]
    a, b, c = (e["id"] for e in grid["eleves"][:3])
    body = {"cellules": [{"evaluation": evaluation["id"], "eleve": a, "valeur": "12,5", "base": ""},
                         {"evaluation": evaluation["id"], "eleve": b, "valeur": "abs.", "base": ""},
                         {"evaluation": evaluation["id"], "eleve": c, "valeur": "21", "base": ""}],
            "appreciations": [{"periode": "T2", "division": "3A", "matiere": matiere, "eleve": a, "texte": "Très bien.", "base": ""}]}
    first = post(site, "enseignant", "@saisie-notes", body, key="grille-1")
    assert first.status_code == 200
    statuts = [(c["statut"], c.get("valeur"), c.get("message")) for c in first.json()["cellules"]]
    assert statuts[0] == ("enregistre", "12,5", None) and statuts[1][:2] == ("enregistre", "ABS")
    assert statuts[2][0] == "refuse" and "barème" in statuts[2][2]  # 21/20 refused, never capped; the others are saved
    replay = post(site, "enseignant", "@saisie-notes", body, key="grille-1")  # the answer was lost: the page sends again
    assert replay.json() == first.json()
    stored = carnet(functional_demo, site).evaluations[evaluation["id"]]
    assert dict(stored.saisies)[a][0] == "12.5" and dict(stored.saisies)[b][0] == "ABS" and c not in stored.saisies
    assert len(stored.journal) == 2  # saved once
    again = get(site, "enseignant", "@saisie-notes", division="3A", matiere=matiere, periode="T2").json()
    assert again["saisies"][evaluation["id"]][a]["valeur"] == "12,5" and again["appreciations"][a]["texte"] == "Très bien."
    assert again["moyennes"][a] == "12,50" and again["moyennes"][b] is None  # ABS: no average, never 0


def test_later_save_wins_and_the_overwritten_author_is_named(functional_demo, site, region):
    matiere = matiere_enseignee(functional_demo, site, region)
    evaluation = nouvelle_evaluation(site, matiere)
    eleve = get(site, "enseignant", "@saisie-notes", division="3A", matiere=matiere, periode="T2").json()["eleves"][0]["id"]
    post(site, "enseignant", "@saisie-notes", {"cellules": [{"evaluation": evaluation["id"], "eleve": eleve, "valeur": "10", "base": ""}]})
    # the direction corrects from a screen loaded before the teacher's save
    answer = post(site, "direction", "@saisie-notes", {"cellules": [{"evaluation": evaluation["id"], "eleve": eleve, "valeur": "11", "base": ""}]})
    cell = answer.json()["cellules"][0]
    assert cell["statut"] == "enregistre" and cell["ecrase"] == {"par": site["logins"]["enseignant"], "valeur": "10"}
    grid = get(site, "enseignant", "@saisie-notes", division="3A", matiere=matiere, periode="T2").json()
    assert grid["saisies"][evaluation["id"]][eleve] | {"le": None} == {"valeur": "11", "par": site["logins"]["direction"], "le": None}
    journal = list(carnet(functional_demo, site).evaluations[evaluation["id"]].journal.values())
    assert [(qui, avant, apres) for qui, avant, apres in journal] == [
        (site["logins"]["enseignant"], None, "10"), (site["logins"]["direction"], "10", "11")]


def test_who_reads_and_writes_grades(functional_demo, site, region):
    matiere = matiere_enseignee(functional_demo, site, region)
    evaluation = nouvelle_evaluation(site, matiere)
    eleve = site["paths"]["eleve"]
    post(site, "enseignant", "@saisie-notes", {"cellules": [{"evaluation": evaluation["id"], "eleve": eleve, "valeur": "15", "base": ""}]})
    # not published yet: the student and the parent do not see it; the direction does
    def voit(role):
        answer = get(site, role, "@notes-eleve", eleve=eleve, periode="T2")
        if answer.status_code != 200:
            return answer.status_code
        return [e["note"] for m in answer.json()["matieres"] for e in m["evaluations"] if e["id"] == evaluation["id"]]

    assert voit("eleve") == [] and voit("parent") == [] and voit("direction") == ["15"]
    assert post(site, "enseignant", f"@evaluations/{evaluation['id']}", {"publiee": True}).status_code == 200
    assert voit("eleve") == ["15"] and voit("parent") == ["15"]
    assert voit("parent_autre") in (401, 403) and voit("enseignant_autre") in (401, 403) and voit("cpe_autre") in (401, 403)
    # another teacher writes nothing in it; a refused cell says why and changes nothing
    other = post(site, "enseignant_autre", "@saisie-notes", {"cellules": [{"evaluation": evaluation["id"], "eleve": eleve, "valeur": "2"}]})
    assert other.json()["cellules"][0]["statut"] == "refuse"
    assert get(site, "enseignant_autre", "@saisie-notes", division="3A", matiere=matiere, periode="T2").status_code == 403
    assert dict(carnet(functional_demo, site).evaluations[evaluation["id"]].saisies)[eleve][0] == "15"


def test_professeur_principal_reads_the_whole_class(functional_demo, site, region):

    from cartable.annuaire.stockage import lire_annuaire

    transaction.begin()
    annuaire = lire_annuaire(functional_demo["portal"])
    principal = annuaire.personne(region["personas"]["professeur_principal"])
    donner_le_mot_de_passe(principal)
    transaction.commit()
    site["logins"]["principal"] = principal.login
    autre = next(m for s, d, m in annuaire.personne(region["personas"]["enseignant"]).enseignements if d == "3A" and m)
    assert get(site, "principal", "@saisie-notes", division="3A", matiere=autre, periode="T1").status_code == 200
    releve = get(site, "principal", "@notes-eleve", eleve=site["paths"]["eleve"], periode="T1").json()
    assert releve["moyenne_generale"] and len(releve["matieres"]) >= 5


def test_periods_are_the_direction_s_and_bad_input_changes_nothing(functional_demo, site):
    periodes = get(site, "eleve", "@periodes").json()
    assert [p["code"] for p in periodes["items"]] == ["T1", "T2", "T3"] and periodes["en_cours"] == "T1"
    assert post(site, "enseignant", "@periodes", {"periodes": []}).status_code == 403
    bad = post(site, "direction", "@periodes", {"periodes": [{"code": "S1", "du": "2026-09-01", "au": "2027-01-31"},
                                                          {"code": "S2", "du": "2027-01-15", "au": "2027-07-03"}]})
    assert bad.status_code == 400 and "chevauchent" in bad.json()["error"]["message"]
    # T1 holds evaluations (the demo's): it cannot disappear
    gone = post(site, "direction", "@periodes", {"periodes": [{"code": "S1", "du": "2026-09-01", "au": "2027-01-31"}]})
    assert gone.status_code == 409
    assert [p["code"] for p in get(site, "eleve", "@periodes").json()["items"]] == ["T1", "T2", "T3"]


def test_review_fixes_closed_period_types_and_draft_appreciations(functional_demo, site, region, monkeypatch):
    from datetime import datetime


    matiere = matiere_enseignee(functional_demo, site, region)
    evaluation = nouvelle_evaluation(site, matiere)
    # after T1's closing date, a T2 evaluation cannot be moved back into T1 by the teacher
    horloge.figer(datetime(2026, 12, 15, 9, 0))
    moved = post(site, "enseignant", f"@evaluations/{evaluation['id']}", {"periode": "T1"})
    assert moved.status_code == 403 and "close" in moved.json()["error"]["message"]
    assert carnet(functional_demo, site).evaluations[evaluation["id"]].periode == "T2"
    # codes and keys of the wrong type are refused, never stored
    assert post(site, "direction", "@periodes", {"periodes": [{"code": 1, "du": "2026-09-01", "au": "2026-11-30"}]}).status_code == 400
    assert post(site, "direction", "@coefficients", {"division": ["3A"], "matiere": matiere, "coefficient": "2"}).status_code == 400
    assert post(site, "direction", "@coefficients", {"division": "9Z", "matiere": matiere, "coefficient": "2"}).status_code == 400
    cell = post(site, "enseignant", "@saisie-notes", {"cellules": [{"evaluation": evaluation["id"], "eleve": ["x"], "valeur": "2"}]})
    assert cell.status_code == 200 and cell.json()["cellules"][0]["statut"] == "refuse"
    assert post(site, "direction", "@conseil", {"division": ["3A"], "periode": "T1"}).status_code == 400
    # the demo's T1 appreciations are drafts for the family until the bulletin is published; the direction reads them
    eleve = site["paths"]["eleve"]
    parent = get(site, "parent", "@notes-eleve", eleve=eleve, periode="T1").json()
    assert parent["matieres"] and all(m["appreciation"] == "" for m in parent["matieres"])
    assert any(m["appreciation"] for m in get(site, "direction", "@notes-eleve", eleve=eleve, periode="T1").json()["matieres"])


def test_lsu_identifiers_all_or_nothing(functional_demo, site):
    bad = post(site, "direction", "@lsu", {"enseignants": {"123": "S1"}, "eleves": {"x": [1]}})
    assert bad.status_code == 400
    assert getattr(carnet(functional_demo, site), "lsu", None) is None
