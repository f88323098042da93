"""Evaluations made from the grid (issue 15): created once per key, changed, published, deleted while empty;
the grid answers what its column headers and form need (French dates, periods)."""

from tests.integration.requetes import client


def url(site, name):
    return f"{site['paths']['etab']}/{name}"


def corps(site, **champs):
    return {"division": "3A", "matiere": site["paths"]["matiere"], "periode": "T2", "titre": "Interrogation de grille",
            "date": "2026-12-10", "coefficient": "0,5", "bareme": 10, "facultative": True, **champs}


def grille(site, role="enseignant"):
    return client(site, role).get(url(site, "@saisie-notes"), {"division": "3A", "matiere": site["paths"]["matiere"],
                                                                "periode": "T2"})


def test_create_is_idempotent_then_change_publish_and_delete_while_empty(functional_demo, site):
    prof = client(site, "enseignant")
    premiere = prof.post(url(site, "@evaluations"), corps(site), cle="creer-1")
    rejeu = prof.post(url(site, "@evaluations"), corps(site), cle="creer-1")
    assert premiere.status_code == rejeu.status_code == 201 and premiere.json() == rejeu.json()
    evaluation = premiere.json()
    assert evaluation["date_texte"] == "jeudi 10 décembre" and evaluation["vide"] is True
    colonnes = [e for e in grille(site).json()["evaluations"] if e["titre"] == "Interrogation de grille"]
    assert len(colonnes) == 1  # the replay created nothing
    g = grille(site).json()
    assert [p["code"] for p in g["periodes"]] == ["T1", "T2", "T3"] and g["aujourd_hui"] == "2026-11-16"

    # changed (title, scale, coefficient), then published
    change = prof.post(url(site, f"@evaluations/{evaluation['id']}"), {"titre": "Interrogation 1", "bareme": 20, "coefficient": "2",
                                                                     "facultative": False}, cle="changer-1")
    assert change.status_code == 200 and change.json()["titre"] == "Interrogation 1" and change.json()["bareme"] == 20
    assert prof.post(url(site, f"@evaluations/{evaluation['id']}"), {"publiee": True}, cle="publier-1").json()["publiee"] is True

    # a bad field is refused in French, nothing changed
    refus = prof.post(url(site, f"@evaluations/{evaluation['id']}"), {"titre": ""}, cle="changer-2")
    assert refus.status_code == 400 and "Titre" in refus.json()["error"]["message"]

    # a mark: no deletion (409, in French); cleared: deleted
    saisie = prof.post(url(site, "@saisie-notes"), {"cellules": [{"evaluation": evaluation["id"], "eleve": site["paths"]["eleve"],
                                                                  "valeur": "12", "base": ""}]}, cle="note-1")
    assert saisie.json()["cellules"][0]["statut"] == "enregistre"
    refus = prof.delete(url(site, f"@evaluations/{evaluation['id']}"))
    assert refus.status_code == 409 and "1 note(s)" in refus.json()["error"]["message"]
    prof.post(url(site, "@saisie-notes"), {"cellules": [{"evaluation": evaluation["id"], "eleve": site["paths"]["eleve"],
                                                         "valeur": "", "base": "12"}]}, cle="note-2")
    # another teacher of the establishment may not delete it
    assert client(site, "enseignant_autre").delete(url(site, f"@evaluations/{evaluation['id']}")).status_code == 403
    supprimee = prof.delete(url(site, f"@evaluations/{evaluation['id']}"))
    assert supprimee.status_code == 200 and supprimee.json() == {"id": evaluation["id"], "supprimee": True}
    assert not [e for e in grille(site).json()["evaluations"] if e["id"] == evaluation["id"]]
    assert prof.delete(url(site, f"@evaluations/{evaluation['id']}")).status_code == 404


def test_grid_refuses_a_bad_cell_and_saves_the_others(functional_demo, site):
    prof = client(site, "enseignant")
    evaluation = prof.post(url(site, "@evaluations"), corps(site, titre="Refus"), cle="creer-refus").json()
    eleves = [e["id"] for e in grille(site).json()["eleves"]][:3]
    reponse = prof.post(url(site, "@saisie-notes"), {"cellules": [
        {"evaluation": evaluation["id"], "eleve": eleves[0], "valeur": "21", "base": ""},
        {"evaluation": evaluation["id"], "eleve": eleves[1], "valeur": "12,555", "base": ""},
        {"evaluation": evaluation["id"], "eleve": eleves[2], "valeur": "8", "base": ""}]}, cle="refus-1").json()
    assert [c["statut"] for c in reponse["cellules"]] == ["refuse", "refuse", "enregistre"]
    assert all(c["message"] for c in reponse["cellules"][:2])
    g = grille(site).json()
    assert g["saisies"][evaluation["id"]] .keys() == {eleves[2]}
    # the facultative /10 at 8 raises nothing from nothing: the average is 16 (alone in its subject for T2)
    assert g["moyennes"][eleves[2]] == "16,00"
