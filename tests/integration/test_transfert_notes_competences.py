"""Skills through @notes-export and @notes-import (issue 17): the demo collège's référentiel and positions, a period
bilan and an end-of-cycle bilan leave and come back byte for byte; the dry run writes nothing."""

import base64
import json

import transaction
from zope.annotation.interfaces import IAnnotations

from cartable.notes.registre import Carnet
from cartable.notes.stockage import CLE, CLE_COMPETENCES, lire_competences
from cartable.regles import transfert_notes as format_
from tests.integration.requetes import client
from tests.integration.test_notes import matiere_enseignee


def call(site, role, method, name, body=None, **params):
    return client(site, role, timeout=300).request(method, f"{site['paths']['etab']}/{name}", body, params=params)


def importer(site, contenu, nom, confirmer):
    return call(site, "direction", "POST", "@notes-import",
                {"fichier": base64.b64encode(contenu).decode(), "nom": nom, "confirmer": confirmer})


def _etablissement(functional_demo, site):
    return functional_demo["portal"][site["paths"]["etab"].rsplit("/", 1)[1]]


def test_skills_round_trip_byte_identical_and_the_dry_run_writes_nothing(functional_demo, site, region):
    matiere = matiere_enseignee(functional_demo, site, region)
    bilan = call(site, "enseignant", "GET", "@bilan-competences", division="3A", matiere=matiere, periode="T1").json()
    eleves = [e["id"] for e in bilan["eleves"]]
    # the demo region is shared by the session: what this test adds is put back as it was at the end
    cles = {"forces": ("T1", matiere, eleves[0]), "elements": ("T1", "3A", matiere), "fin_de_cycle": (4, eleves[1])}
    transaction.begin()
    comp = lire_competences(_etablissement(functional_demo, site))
    anciens = {nom: getattr(comp, nom).get(cle) for nom, cle in cles.items()}
    transaction.commit()
    # a teacher's positionnement and edited éléments, the council's end-of-cycle levels: every skill type travels
    assert call(site, "enseignant", "POST", "@bilan-competences",
                {"division": "3A", "matiere": matiere, "periode": "T1", "forces": [{"eleve": eleves[0], "niveau": 4}],
                 "elements": ["Lire un roman ; « policier »", "=SOMME(A1) n'est pas une formule"]}).status_code == 200
    assert call(site, "direction", "POST", "@fin-de-cycle",
                {"division": "3A", "eleves": [{"eleve": eleves[1], "socle": {"CPD_FRA": 3, "CPD_ART": 0, "REP_MND": 4},
                                               "synthese": "Cycle validé ;\nde beaux progrès.",
                                               "enseignement_complement": {"code": "LCA", "positionnement": 2}}]}).status_code == 200
    json_avant = call(site, "direction", "GET", "@notes-export", format="json").content
    csv_avant = call(site, "direction", "GET", "@notes-export", format="csv").content
    xlsx_avant = call(site, "direction", "GET", "@notes-export", format="xlsx").content
    records = json.loads(json_avant)
    compte = {t: sum(1 for r in records if r["type"] == t) for t in format_.TYPES}
    assert compte["competence"] >= 40 and compte["position"] > 100
    assert min(compte["positionnement"], compte["elements"], compte["fin_de_cycle"]) >= 1
    assert any(r["type"] == "evaluation" and r["competences"] for r in records)
    assert csv_avant.decode("utf-8-sig").splitlines()[0] == ";".join(format_.TOUTES_COLONNES)
    assert [r for r in records if r["type"] == "fin_de_cycle"][0]["complement"] == "LCA"

    # the establishment arrives from elsewhere: no grades, no skills
    transaction.begin()
    etab = _etablissement(functional_demo, site)
    IAnnotations(etab)[CLE] = Carnet()
    del IAnnotations(etab)[CLE_COMPETENCES]
    transaction.commit()
    essai = importer(site, csv_avant, "notes.csv", False)
    assert essai.status_code == 200 and not essai.json()["confirme"]
    assert essai.json()["resume"]["rejetee"] == {} and essai.json()["resume"]["inchange"] == {}
    assert essai.json()["resume"]["creer"]["position"] == compte["position"]
    # the dry run wrote nothing: no grades, and not even an empty store of skills
    assert call(site, "direction", "GET", "@notes-export", format="json").json() == []
    transaction.begin()
    assert lire_competences(_etablissement(functional_demo, site)) is None
    transaction.commit()

    assert importer(site, xlsx_avant, "notes.xlsx", True).json()["confirme"]
    assert call(site, "direction", "GET", "@notes-export", format="json").content == json_avant
    assert call(site, "direction", "GET", "@notes-export", format="csv").content == csv_avant
    again = importer(site, json_avant, "notes.json", False).json()
    assert again["lignes"] == [] and again["inchangees"] == again["lignes_total"] == len(records)
    # what the pages read comes back too: the override kept beside the computed value, the council's levels
    relu = call(site, "enseignant", "GET", "@bilan-competences", division="3A", matiere=matiere, periode="T1").json()
    assert relu["elements"] == ["Lire un roman ; « policier »", "=SOMME(A1) n'est pas une formule"] and relu["elements_edites"]
    assert next(e for e in relu["eleves"] if e["id"] == eleves[0])["positionnement"]["retenu"] == 4
    fin = call(site, "direction", "GET", "@fin-de-cycle", division="3A").json()
    second = next(e for e in fin["eleves"] if e["id"] == eleves[1])
    assert second["decision"] == {"CPD_FRA": 3, "CPD_ART": 0, "REP_MND": 4}
    assert second["enseignement_complement"] == {"code": "LCA", "positionnement": 2}
    transaction.begin()
    comp = lire_competences(_etablissement(functional_demo, site))
    for nom, cle in cles.items():
        if anciens[nom] is None:
            del getattr(comp, nom)[cle]
        else:
            getattr(comp, nom)[cle] = anciens[nom]
    transaction.commit()


def test_skill_rows_refused_with_their_reason_write_nothing(functional_demo, site):
    avant = call(site, "direction", "GET", "@notes-export", format="json").content
    records = json.loads(avant)
    notees = {r["evaluation"] for r in records if r["type"] == "note"}
    positionnees = [r for r in records if r["type"] == "evaluation" and r["competences"] and r["evaluation"] in notees]
    assert len(positionnees) >= 3
    premiere, retiree = positionnees[:2]
    position = next(r for r in records if r["type"] == "position" and r["evaluation"] == premiere["evaluation"])
    # not using the skill whose subject line 6 changes (it would be refused for that)
    marquee = next(r for r in positionnees[2:] if position["competence"] not in r["competences"].split())
    autre = next(r for r in positionnees[2:] if r is not marquee)
    autre_matiere = next(r["matiere"] for r in records if r["type"] == "evaluation" and r["matiere"] != autre["matiere"])
    fichier = [
        {**position, "niveau": "4" if position["niveau"] != "4" else "1"},  # a change, accepted on its own
        {**position, "eleve": "inconnu"},
        {**retiree, "competences": ""},  # its students are positioned on the skills it would lose
        {**marquee, "notee": False},  # it has marks
        {"type": "fin_de_cycle", "uai": premiere["uai"], "cycle": "3", "eleve": position["eleve"], "division": "9Z"},
        {**next(r for r in records if r["type"] == "competence" and r["competence"] == position["competence"]), "matiere": "999999"},
        # a file from before skills (no competences column) cannot move an evaluation with skills to another subject
        {k: v for k, v in autre.items() if k not in ("competences", "notee")} | {"matiere": autre_matiere},
    ]
    essai = importer(site, json.dumps(fichier).encode(), "notes.json", True)
    assert essai.status_code == 400 and "rien n'a été écrit" in essai.json()["error"]["message"]
    raisons = importer(site, json.dumps(fichier).encode(), "notes.json", False).json()
    par_ligne = {ligne["ligne"]: (ligne["sort"], ligne["raison"]) for ligne in raisons["lignes"]}
    assert par_ligne[1] == ("mettre_a_jour", None)
    assert "Élève inconnu" in par_ligne[2][1]
    assert "effacez d'abord ces positions" in par_ligne[3][1]
    assert "a déjà des notes" in par_ligne[4][1]
    assert "Classe ou groupe inconnu « 9Z »" in par_ligne[5][1]
    assert "sa matière ne peut pas changer" in par_ligne[6][1]
    assert "pour en changer la matière" in par_ligne[7][1]
    assert call(site, "direction", "GET", "@notes-export", format="json").content == avant


def test_a_large_background_import_writes_the_skills_too(functional_demo, site):
    """The background import (import_differe) plans and writes skill rows as the direct one does."""
    from cartable.notes import import_differe
    from tests.integration.test_bulletins import executer
    from tests.integration.test_transfert_pages import grand_fichier
    from tests.integration.test_transfert_pages import importer as importer_en_arriere_plan

    records = json.loads(call(site, "direction", "GET", "@notes-export", format="json").content)
    position = next(r for r in records if r["type"] == "position" and r["niveau"] != "DISP")
    change = {**position, "niveau": "DISP"}
    contenu, _, _ = grand_fichier(site, import_differe.SEUIL_LIGNES + 1, en_plus=[change])
    assert importer_en_arriere_plan(site, contenu, "notes.csv", True).status_code == 202
    (_, resultat), = executer(functional_demo)
    assert resultat["confirme"], resultat
    apres = json.loads(call(site, "direction", "GET", "@notes-export", format="json").content)
    cle = {k: v for k, v in position.items() if k != "niveau"}
    (trouvee,) = [r for r in apres if r["type"] == "position" and {k: v for k, v in r.items() if k != "niveau"} == cle]
    assert trouvee["niveau"] == "DISP"
    # the demo region is shared by the session: the position is put back as it was
    retour = importer(site, json.dumps([position]).encode(), "notes.json", True)
    assert retour.status_code == 200 and retour.json()["confirme"], retour.text
    fin = json.loads(call(site, "direction", "GET", "@notes-export", format="json").content)
    assert [r for r in fin if r["type"] == "position" and {k: v for k, v in r.items() if k != "niveau"} == cle] == [position]
