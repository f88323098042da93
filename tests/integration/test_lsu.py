"""@lsu: what is missing is listed before any export; once given, the file validates against the official schema."""

import transaction

from cartable.annuaire.stockage import lire_annuaire
from cartable.regles import lsu
from tests.integration.requetes import client
from tests.shared import SHARED

XSD = SHARED / "formats" / "lsun" / "import-complet-strict.xsd"


def call(site, role, method, name, body=None, **params):
    return client(site, role, timeout=300).request(method, f"{site['paths']['etab']}/{name}", body, params=params)


def test_missing_data_listed_then_a_valid_file(functional_demo, site):
    assert call(site, "enseignant", "GET", "@lsu", periode="T1").status_code == 403
    refus = call(site, "direction", "GET", "@lsu", periode="T1")
    assert refus.status_code == 409
    manquants = refus.json()["manquants"]
    assert any("identifiant STS manquant" in m for m in manquants) and any("appréciation" in m.lower() for m in manquants)
    # the direction gives the STS ids; the council the dates and general appreciations
    transaction.begin()
    annuaire = lire_annuaire(functional_demo["portal"])
    structure = functional_demo["portal"][site["paths"]["etab"].rsplit("/", 1)[1]].jointure
    enseignants = {i: str(10000 + n) for n, i in enumerate(sorted({p for (s, _), ids in annuaire.enseignants_division.items()
                                                                     if s == structure for p in ids}))}
    assert call(site, "direction", "POST", "@lsu", {"enseignants": enseignants}).status_code == 200
    for classe in sorted(annuaire.divisions_de(structure, "classe")):
        eleves = call(site, "direction", "GET", "@conseil", division=classe, periode="T1").json()["eleves"]
        body = {"division": classe, "periode": "T1", "date": "2026-12-08",
                "appreciations_generales": [{"eleve": e["id"], "texte": "Trimestre satisfaisant."} for e in eleves]}
        assert call(site, "direction", "POST", "@conseil", body).status_code == 200
    reponse = call(site, "direction", "GET", "@lsu", periode="T1")
    assert reponse.status_code == 200, reponse.text[:2000]
    assert reponse.headers["Content-Type"].startswith("application/xml")
    assert lsu.valider(reponse.content, XSD) == []
    assert b"nb-abs-injustifiees" in reponse.content and b"Trimestre satisfaisant." in reponse.content
