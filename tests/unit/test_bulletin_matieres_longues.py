"""The report card's subject column (issue 15): a long name wraps after its hyphens, never mid-word."""

import datetime

from cartable.notes.bulletin_pdf import LARGEUR_MATIERE, libelle_coupe, rendre
from tests.unit.notes.test_bulletin_pdf import bulletin
from tests.unit.notes.texte_pdf import Pdf


def matiere(libelle):
    return {"libelle": libelle, "enseignants": ["M. Karim Benali"], "coefficient": "3", "moyenne": "12,00",
            "classe": {"moyenne": "11,00", "min": "5,00", "max": "18,00"}, "appreciation": "Bien."}


def test_a_hyphenated_name_too_wide_is_cut_after_its_hyphen():
    texte, taille = libelle_coupe("HISTOIRE-GEOGRAPHIE")
    assert texte == "HISTOIRE-<br/>GEOGRAPHIE" and taille == 8
    assert libelle_coupe("Mathématiques") == ("Mathématiques", 8)  # fits: untouched


def test_a_single_word_too_wide_shrinks_instead_of_being_cut():
    texte, taille = libelle_coupe("ANTICONSTITUTIONNELLEMENTANTICONSTITUTIONNELLEMENT")
    assert "<br/>" not in texte and 5 <= taille < 8


def test_the_pdf_prints_whole_words():
    donnees = bulletin(matieres=[matiere("HISTOIRE-GEOGRAPHIE"), matiere("SCIENCES ECONOMIQUES ET SOCIALES")])
    lignes = "\n".join(Pdf(rendre(donnees, edite_le=datetime.date(2026, 12, 9))).textes()).split("\n")
    assert "HISTOIRE-" in lignes and "GEOGRAPHIE" in lignes
    assert not [l for l in lignes if "GEOGRAP" in l and l != "GEOGRAPHIE"]
    assert LARGEUR_MATIERE > 0
