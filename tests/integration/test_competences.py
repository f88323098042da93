"""Compétences (issue 17) through REST: the référentiel and its CSV, positions saved once through replays and refused
per cell in French, the period's bilan with the override kept visible, families reading the levels, the end of cycle."""

import transaction

from cartable.notes.stockage import lire_carnet
from tests.integration.requetes import client
from tests.integration.test_notes import get, matiere_enseignee, post, url  # the grades' REST helpers


def test_the_referentiel_read_by_staff_edited_by_the_direction_and_its_csv(functional_demo, site):
    lu = get(site, "direction", "@referentiel-competences")
    assert lu.status_code == 200
    items = lu.json()["items"]
    assert len(items) >= 40 and {"id": "c4-020700-lire", "matiere": "020700", "cycle": 4, "libelle": "Lire des textes variés et en construire l'interprétation",
                                 "composantes": ["CPD_FRA", "REP_MND"], "libelle_matiere": "FRANCAIS"} in items
    assert [c["code"] for c in lu.json()["composantes"]][:2] == ["CPD_FRA", "CPD_ETR"]
    assert get(site, "enseignant", "@referentiel-competences", matiere="020700", cycle="4").json()["items"][0]["matiere"] == "020700"
    assert get(site, "parent", "@referentiel-competences").status_code == 403
    csv = lu.json()["csv"]
    assert post(site, "enseignant", "@referentiel-competences", {"csv": csv}).status_code == 403
    refus = post(site, "direction", "@referentiel-competences",
                 {"csv": "identifiant;matiere;cycle;libelle;composantes\nnouvelle;020700;5;Lire;CPD_XXX\n"})
    assert refus.status_code == 400
    message = refus.json()["error"]["message"]
    assert "Ligne 2 : cycle « 5 » invalide (3 ou 4)" in message and "composante(s) inconnue(s) CPD_XXX" in message
    ajout = csv + "c4-020700-poesie;020700;4;Dire un poème;CPD_FRA CPD_ART\n"
    assert post(site, "direction", "@referentiel-competences", {"csv": ajout}).status_code == 200
    relu = get(site, "direction", "@referentiel-competences").json()
    # written back sorted by subject, cycle and id: the same lines, the new one in its place
    assert sorted(relu["csv"].splitlines()) == sorted(ajout.splitlines()) and relu["csv"] != ajout
    assert len(relu["items"]) == len(items) + 1
    # a skill an evaluation uses cannot be removed; an unused one can
    utilisee = post(site, "direction", "@referentiel-competences", {"supprimer": ["c4-020700-lire"]})
    assert utilisee.status_code == 409 and "Évaluation de compétences 3" in utilisee.json()["error"]["message"]
    assert post(site, "direction", "@referentiel-competences", {"supprimer": ["c4-020700-poesie"]}).json()["supprimees"] == 1
    # the starter référentiel adds only what the establishment lacks: its own wording is kept
    propre = {"id": "c4-020700-lire", "matiere": "020700", "cycle": 4, "libelle": "Lire et interpréter", "composantes": ["CPD_FRA"]}
    assert post(site, "direction", "@referentiel-competences", {"items": [propre]}).status_code == 200
    depart = post(site, "direction", "@referentiel-competences", {"depart": True})
    assert depart.status_code == 200 and depart.json()["ajoutees_ou_modifiees"] == 0
    assert {**propre, "composantes": ["CPD_FRA"]} in depart.json()["items"]


def _items(site, matiere):
    return [i["id"] for i in get(site, "direction", "@referentiel-competences", matiere=matiere, cycle="4").json()["items"]]


def test_a_teacher_positions_students_on_three_skills_once_through_replays(functional_demo, site, region):
    matiere = matiere_enseignee(functional_demo, site, region)
    trois = _items(site, matiere)[:3]
    assert len(trois) == 3
    creee = post(site, "enseignant", "@evaluations", {"division": "3A", "matiere": matiere, "periode": "T2", "titre": "Compétences de test",
                                                       "date": "2026-12-10", "notee": False, "competences": trois})
    assert creee.status_code == 201, creee.text
    evaluation = creee.json()
    assert evaluation["competences"] == trois and evaluation["notee"] is False
    # a skill of another subject, and an evaluation without marks nor skills, are refused (and nothing is created)
    autre = next(i for i in _items(site, "061300" if matiere != "061300" else "020700"))
    mauvaise = post(site, "enseignant", "@evaluations", {"division": "3A", "matiere": matiere, "periode": "T2", "titre": "X",
                                                         "date": "2026-12-10", "competences": [autre]})
    assert mauvaise.status_code == 400 and "n'est pas de la matière" in mauvaise.json()["error"]["message"]
    grille = get(site, "enseignant", "@saisie-competences", division="3A", matiere=matiere, periode="T2").json()
    assert grille["modifiable"] and [e["id"] for e in grille["evaluations"]] == [evaluation["id"]]
    assert [n["lettres"] for n in grille["niveaux"]] == ["MI", "MF", "MS", "TB", "Abs", "NE", "Disp"]
    eleves = [e["id"] for e in grille["eleves"]]
    niveaux = ["1", "2", "3", "4", "abs", "ne", "disp", "MS"]
    cellules = [{"evaluation": evaluation["id"], "competence": c, "eleve": e, "niveau": niveaux[(n + k) % len(niveaux)], "base": ""}
                for n, e in enumerate(eleves) for k, c in enumerate(trois)]
    cellules.append({"evaluation": evaluation["id"], "competence": trois[0], "eleve": eleves[0], "niveau": "7", "base": ""})
    cellules.append({"evaluation": evaluation["id"], "competence": autre, "eleve": eleves[1], "niveau": "2", "base": ""})
    premier = post(site, "enseignant", "@saisie-competences", {"cellules": cellules}, key="competences-1")
    assert premier.status_code == 200
    reponses = premier.json()["cellules"]
    assert sum(c["statut"] == "enregistre" for c in reponses) == 3 * len(eleves)
    assert reponses[-2]["statut"] == "refuse" and reponses[-2]["message"].startswith("Niveau « 7 » inconnu")
    assert reponses[-1]["statut"] == "refuse" and "pas évaluée dans cette évaluation" in reponses[-1]["message"]
    rejoue = post(site, "enseignant", "@saisie-competences", {"cellules": cellules}, key="competences-1")
    assert rejoue.json() == premier.json()
    transaction.begin()
    stockee = lire_carnet(functional_demo["portal"][site["paths"]["etab"].rsplit("/", 1)[1]]).evaluations[evaluation["id"]]
    assert len(stockee.positions) == 3 * len(eleves) and len(stockee.journal_positions) == 3 * len(eleves)  # each once
    assert stockee.positions[(eleves[0], trois[0])][0] == "1" and stockee.positions[(eleves[0], trois[1])][0] == "2"
    # the direction overwrites a teacher's position: the answer names whose (a name, not a login)
    ecrase = post(site, "direction", "@saisie-competences", {"cellules": [
        {"evaluation": evaluation["id"], "competence": trois[2], "eleve": eleves[0], "niveau": "TB", "base": ""}]}).json()["cellules"][0]
    assert ecrase["statut"] == "enregistre" and ecrase["ecrase"]["par"] == site["logins"]["enseignant"]
    assert ecrase["ecrase"]["nom"] != ecrase["ecrase"]["par"] and ecrase["ecrase"]["niveau"] == "3"
    # the marks grid refuses a mark in an evaluation without marks
    note = post(site, "enseignant", "@saisie-notes", {"cellules": [{"evaluation": evaluation["id"], "eleve": eleves[0], "valeur": "12"}]})
    assert note.json()["cellules"][0]["message"] == "Évaluation sans note : positionnez les élèves sur ses compétences."
    # another teacher cannot position, a parent cannot read the grid
    autre_prof = post(site, "enseignant_autre", "@saisie-competences",
                      {"cellules": [{"evaluation": evaluation["id"], "competence": trois[0], "eleve": eleves[0], "niveau": "4"}]})
    assert autre_prof.json()["cellules"][0]["statut"] == "refuse"
    assert get(site, "parent", "@saisie-competences", division="3A", matiere=matiere, periode="T2").status_code == 403

    # the period's bilan: first student 1, 2, 4 (the direction's) → 2.33 → 2; the override is retained, the computed
    # value kept beside it
    bilan = get(site, "enseignant", "@bilan-competences", division="3A", matiere=matiere, periode="T2").json()
    premier_eleve = next(e for e in bilan["eleves"] if e["id"] == eleves[0])
    assert premier_eleve["positionnement"] == {"calcule": 2, "retenu": 2, "force": False, "comptees": 3, "moyenne": "2,33"}
    assert len(bilan["elements"]) == 3 and not bilan["elements_edites"]
    ecrit = post(site, "enseignant", "@bilan-competences", {"division": "3A", "matiere": matiere, "periode": "T2",
                                                            "forces": [{"eleve": eleves[0], "niveau": 3}],
                                                            "elements": ["Lire un roman policier", bilan["elements"][0]]})
    assert ecrit.status_code == 200
    premier_eleve = next(e for e in ecrit.json()["eleves"] if e["id"] == eleves[0])
    assert premier_eleve["positionnement"]["calcule"] == 2 and premier_eleve["positionnement"]["retenu"] == 3
    assert ecrit.json()["elements"] == ["Lire un roman policier", bilan["elements"][0]] and ecrit.json()["elements_edites"]
    assert post(site, "enseignant", "@bilan-competences", {"division": "3A", "matiere": matiere, "periode": "T2",
                                                           "forces": [{"eleve": eleves[0], "niveau": 5}]}).status_code == 400

    # families: nothing before publication, then the levels with their words and letters
    eleve = site["paths"]["eleve"]
    vide = get(site, "parent", "@competences-eleve", eleve=eleve, periode="T2").json()
    assert all(m["matiere"] != matiere for m in vide["matieres"])
    assert post(site, "enseignant", f"@evaluations/{evaluation['id']}", {"publiee": True}).status_code == 200
    lu = get(site, "parent", "@competences-eleve", eleve=eleve, periode="T2")
    assert lu.status_code == 200
    sienne = next(m for m in lu.json()["matieres"] if m["matiere"] == matiere)
    assert [c["id"] for c in sienne["competences"]] == trois
    niveau = sienne["competences"][0]["positions"][0]["niveau"]
    assert niveau is None or (niveau["libelle"] and niveau["lettres"])
    assert get(site, "parent_autre", "@competences-eleve", eleve=eleve, periode="T2").status_code == 403


def test_end_of_cycle_decided_by_the_council_and_the_lsu_of_a_troisieme(functional_demo, site):
    from cartable.annuaire.stockage import lire_annuaire
    from cartable.regles import lsu
    from tests.integration.test_lsu import XSD

    assert get(site, "enseignant_autre", "@fin-de-cycle", division="3A").status_code == 403
    assert get(site, "direction", "@fin-de-cycle", division="4A").status_code == 409  # quatrième ends no cycle
    fin = get(site, "direction", "@fin-de-cycle", division="3A").json()
    assert fin["cycle"] == 4 and len(fin["eleves"]) >= 25
    propose = fin["eleves"][0]["proposition"]
    assert propose["CPD_FRA"] in (1, 2, 3, 4)  # from the demo's first-trimester positions

    transaction.begin()
    annuaire = lire_annuaire(functional_demo["portal"])
    structure = functional_demo["portal"][site["paths"]["etab"].rsplit("/", 1)[1]].jointure
    enseignants = {i: str(20000 + n) for n, i in enumerate(sorted({p for (s, _), ids in annuaire.enseignants_division.items()
                                                                     if s == structure for p in ids}))}
    assert post(site, "direction", "@lsu", {"enseignants": enseignants}).status_code == 200
    eleves = [e["id"] for e in fin["eleves"]]
    assert post(site, "direction", "@conseil", {"division": "3A", "periode": "T1", "date": "2026-12-08",
                                                "appreciations_generales": [{"eleve": e, "texte": "Bon trimestre."} for e in eleves]}).status_code == 200
    # a period's file asks for no bilan de fin de cycle unless asked (or recorded, in the last period's file)
    periodique = get(site, "direction", "@lsu", periode="T1", classes="3A")
    assert periodique.status_code == 200, periodique.text[:2000]
    assert lsu.valider(periodique.content, XSD) == [] and b"bilans-cycle" not in periodique.content
    assert get(site, "direction", "@lsu", periode="T1", classes="9Z").status_code == 400
    # the proposal is not a decision: without the council's levels, every student and component is listed
    refus = get(site, "direction", "@lsu", periode="T1", classes="3A", fin_de_cycle="1")
    assert refus.status_code == 409
    assert sum("bilan de fin de cycle 4 manquant" in m for m in refus.json()["manquants"]) == len(eleves)
    decisions = [{"eleve": e["id"], "socle": {c: (v if v is not None else 3) for c, v in e["proposition"].items()},
                  "synthese": "Cycle 4 validé, de bons progrès.", "enseignement_complement": {"code": "AUC"}} for e in fin["eleves"]]
    # the direction records the council's levels; a teacher cannot
    assert post(site, "enseignant_autre", "@fin-de-cycle", {"division": "3A", "eleves": decisions[:1]}).status_code == 403
    assert post(site, "direction", "@fin-de-cycle", {"division": "3A", "eleves": [{**decisions[0], "socle": {"CPD_FRA": 5}}]}).status_code == 400
    assert post(site, "direction", "@fin-de-cycle", {"division": "3A", "eleves": decisions}).status_code == 200
    reponse = get(site, "direction", "@lsu", periode="T1", classes="3A", fin_de_cycle="1")
    assert reponse.status_code == 200, reponse.text[:3000]
    assert lsu.valider(reponse.content, XSD) == []
    assert reponse.content.count(b"<bilan-cycle ") == len(eleves) and b"element-programme-refs=" in reponse.content
    assert b' positionnement="' in reponse.content and b"Cycle 4 valid" in reponse.content
    # one decision removed: the 409 names it
    assert post(site, "direction", "@fin-de-cycle", {"division": "3A", "eleves": [{"eleve": eleves[0], "socle": {"CPD_ART": None}}]}).status_code == 200
    manque = get(site, "direction", "@lsu", periode="T1", classes="3A", fin_de_cycle="1")
    assert manque.status_code == 409
    assert len(manque.json()["manquants"]) == 1 and "(CPD_ART) non décidé par le conseil" in manque.json()["manquants"][0]


def test_the_professeur_principal_writes_the_synthesis_not_the_council_s_levels(functional_demo, site, region):
    from cartable.annuaire.stockage import lire_annuaire
    from cartable.testing import donner_le_mot_de_passe

    transaction.begin()
    principal = lire_annuaire(functional_demo["portal"]).personne(region["personas"]["professeur_principal"])
    donner_le_mot_de_passe(principal)
    transaction.commit()
    site["logins"]["principal"] = principal.login
    fin = get(site, "principal", "@fin-de-cycle", division="3A")
    assert fin.status_code == 200 and not fin.json()["modifiable_niveaux"]
    eleve = fin.json()["eleves"][0]["id"]
    niveaux = post(site, "principal", "@fin-de-cycle", {"division": "3A", "eleves": [{"eleve": eleve, "socle": {"CPD_FRA": 4}}]})
    assert niveaux.status_code == 403 and "conseil de classe" in niveaux.json()["error"]["message"]
    synthese = post(site, "principal", "@fin-de-cycle", {"division": "3A", "eleves": [{"eleve": eleve, "synthese": "Une belle fin de cycle."}]})
    assert synthese.status_code == 200
    relu = next(e for e in get(site, "direction", "@fin-de-cycle", division="3A").json()["eleves"] if e["id"] == eleve)
    assert relu["synthese"] == "Une belle fin de cycle." and relu["decision"] == {} and not relu["complet"]
    page = client(site, "principal").page(url(site, "@@fin-de-cycle"))
    assert page.status_code == 200 and 'data-division="3A"' in page.text and "fin_de_cycle.js" in page.text
    assert client(site, "enseignant_autre").page(url(site, "@@fin-de-cycle"), allow_redirects=False).status_code in (302, 403)


def test_pages_the_grid_and_a_parent_reading_the_levels_in_words_and_letters(functional_demo, site, region):
    grille = client(site, "enseignant").page(url(site, "@@saisie-competences"), {"division": "3A", "periode": "T1"})
    assert grille.status_code == 200 and "Maîtrise satisfaisante" in grille.text and "saisie_competences.js" in grille.text
    matiere = matiere_enseignee(functional_demo, site, region)
    donnees = get(site, "enseignant", "@saisie-competences", division="3A", matiere=matiere, periode="T1").json()
    assert donnees["referentiel"] and all(i["matiere"] == matiere and i["cycle"] == 4 for i in donnees["referentiel"])
    parent = client(site, "parent").page(url(site, "@@competences-eleve"), {"eleve": site["paths"]["eleve"], "periode": "T1"})
    assert parent.status_code == 200
    # the demo's first trimester: skills positioned in published evaluations, each level with its letters and its word
    assert "Niveaux de maîtrise" in parent.text and "Positionnement de la période" in parent.text
    assert any(f"{lettres} · {mot}" in parent.text for lettres, mot in (("MI", "Maîtrise insuffisante"), ("MF", "Maîtrise fragile"),
                                                                       ("MS", "Maîtrise satisfaisante"), ("TB", "Très bonne maîtrise")))
    assert "Progression dans le cycle" in parent.text and " / 4</span>" in parent.text
    cycle = get(site, "parent", "@competences-eleve", eleve=site["paths"]["eleve"], periode="T1").json()["cycle"]
    assert [c["code"] for c in cycle] == ["CPD_FRA", "CPD_ETR", "CPD_SCI", "CPD_ART", "MET_APP", "FRM_CIT", "SYS_NAT", "REP_MND"]
    francais = cycle[0]["periodes"][0]
    assert francais["code"] == "T1" and francais["comptees"] >= 1 and 25 <= francais["largeur"] <= 100
    notes = client(site, "parent").page(url(site, "@@mes-notes"), {"eleve": site["paths"]["eleve"], "periode": "T1"})
    assert "@@competences-eleve?eleve=" in notes.text


def test_hostile_input_is_a_french_4xx_and_writes_nothing(functional_demo, site, region):
    matiere = matiere_enseignee(functional_demo, site, region)
    doubles = client(site, "enseignant").get(f"{url(site, '@saisie-competences')}?division=3A&division=3B&matiere={matiere}&periode=T1")
    assert doubles.status_code == 400 and "une fois" in doubles.json()["error"]["message"]
    for corps in ({"division": "3A", "eleves": [{"eleve": ["x"]}]}, {"division": "3A", "eleves": "x"}, {"division": ["3A"], "eleves": []}):
        assert post(site, "direction", "@fin-de-cycle", corps).status_code == 400
    for corps in ({"division": "3A", "matiere": matiere, "periode": "T1", "forces": [{"eleve": {"a": 1}, "niveau": 2}]},
                  {"division": "3A", "matiere": matiere, "periode": "T1", "elements": [1, 2]}):
        assert post(site, "enseignant", "@bilan-competences", corps).status_code == 400
    cellules = post(site, "enseignant", "@saisie-competences", {"cellules": [{"evaluation": ["x"], "competence": 1, "eleve": None}]})
    assert cellules.status_code == 200 and cellules.json()["cellules"][0]["statut"] == "refuse"
    assert get(site, "parent", "@competences-eleve", eleve=[site["paths"]["eleve"], "x"]).status_code in (401, 403)
