"""Bulletins (issue 15): each class's state on the page, « À régénérer » after a council entry, publishing asks first."""

from datetime import datetime, timedelta

from cartable.core import horloge
from tests.integration.test_bulletins import call, executer
from tests.unit.notes.texte_pdf import Pdf


def classe_3a(site):
    reponse = call(site, "direction", "GET", "@bulletins", periode="T1", division="3A").json()
    classe, = reponse["classes"]
    return classe


def test_council_entry_after_generation_marks_the_class_to_regenerate_and_publishing_asks(functional_demo, site):
    eleve = site["paths"]["eleve"]
    debut = datetime(2026, 12, 1, 10, 0)  # after the demo's last T1 entries (28 November)
    horloge.figer(debut)
    # the council took place last week
    conseil = {"division": "3A", "periode": "T1", "date": "2026-11-26", "decisions": []}
    assert call(site, "direction", "POST", "@conseil", conseil).status_code == 200
    assert classe_3a(site)["etiquette"] == "À générer"
    assert call(site, "direction", "POST", "@bulletins", {"periode": "T1", "division": "3A", "action": "generer"}).status_code == 202
    executer(functional_demo)
    classe = classe_3a(site)
    assert classe["etiquette"] == "À publier" and classe["a_regenerer"] is False and classe["avant_conseil"] is False
    assert classe["conseil_texte"] == "Conseil de classe le jeudi 26 novembre" and classe["libelle"].startswith("Classe ")

    # an hour later, the direction writes an avis: the PDFs are older than it
    horloge.figer(debut + timedelta(hours=1))
    decision = {**conseil, "decisions": [{"eleve": eleve, "avis": "Des progrès nets.", "mention": "encouragements"}]}
    assert call(site, "direction", "POST", "@conseil", decision).status_code == 200
    classe = classe_3a(site)
    assert classe["a_regenerer"] is True and classe["etiquette"] == "À régénérer"
    question = call(site, "direction", "POST", "@bulletins", {"periode": "T1", "division": "3A", "action": "publier"}).json()
    assert question["a_confirmer"] is True and question["publies"] == 0
    assert any("régénérez" in p for p in question["avertissements"])
    assert call(site, "parent", "GET", "@bulletin", eleve=eleve, periode="T1").status_code == 404  # nothing published

    # regenerated in one request: up to date, published without a question
    horloge.figer(debut + timedelta(hours=2))
    assert call(site, "direction", "POST", "@bulletins", {"periode": "T1", "division": "3A", "action": "generer"}).status_code == 202
    executer(functional_demo)
    assert classe_3a(site)["a_regenerer"] is False
    publie = call(site, "direction", "POST", "@bulletins", {"periode": "T1", "division": "3A", "action": "publier"}).json()
    assert publie["publies"] >= 25 and "a_confirmer" not in publie
    pdf = call(site, "parent", "GET", "@bulletin", eleve=eleve, periode="T1").content
    texte = " ".join(" ".join(Pdf(pdf).textes()).split())
    assert "Des progrès nets." in texte and "Encouragements" in texte  # the regenerated PDF carries the new avis
    assert "Né(e) le : —" not in texte
