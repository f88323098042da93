"""The report-card PDF: what it prints, how it pages, what it refuses."""

import copy
import datetime
import re
import subprocess
import sys
import time

import pytest

from cartable.notes import bulletin_pdf
from cartable.notes.bulletin_pdf import BulletinInvalide, imprimable, rendre, rendre_lot

from .texte_pdf import Pdf

EDITE_LE = datetime.date(2026, 12, 9)


def bulletin(**modifs) -> dict:
    donnees = {
        "etablissement": {"nom": "Collège Jean Moulin", "uai": "0751234A", "adresse": "3 rue de l’École, 75011 Paris", "academie": "Paris"},
        "annee": "2026-2027",
        "periode": {"libelle": "Trimestre 1", "du": "2026-09-01", "au": "2026-11-30"},
        "eleve": {"nom": "Martin", "prenom": "Chloé", "classe": "4e B", "date_naissance": "2013-05-21"},
        "professeur_principal": "Mme Laetitia Chevalier",
        "matieres": [
            {
                "libelle": "Mathématiques", "enseignants": ["M. Karim Benali"], "coefficient": "4", "moyenne": "14,25",
                "classe": {"moyenne": "11,02", "min": "4,50", "max": "18,00"},
                "appreciation": "Très bon trimestre, travail régulier.",
            },
            {
                "libelle": "Éducation physique et sportive", "enseignants": ["Mme Anne Roux", "M. Paul Dubois"], "coefficient": "2,5",
                "moyenne": None, "classe": {"moyenne": "13,40", "min": None, "max": "17,75"},
                "appreciation": "Dispensée ce trimestre.",
            },
        ],
        "moyenne_generale": "13,87",
        "classe_generale": {"moyenne": "11,56", "min": "6,12", "max": "16,94"},
        "appreciation_generale": "Ensemble solide ; il faut garder ce rythme.",
        "conseil": {"date": "2026-12-08", "avis": "Poursuivre les efforts en langues.", "mention": "Compliments"},
        "vie_scolaire": {"demi_journees_justifiees": "2", "demi_journees_non_justifiees": "1,5", "retards": 3, "heures_manquees": 7},
    }
    donnees.update(modifs)
    return donnees


def texte_continu(pdf: Pdf) -> str:
    """All pages, whitespace collapsed: wrapped lines of a paragraph read as one."""
    return " ".join(" ".join(pdf.textes()).split())


def continu(texte: str) -> str:
    return " ".join(texte.split())


def matieres_longues(nombre: int) -> list:
    phrase = "Élève investie, qui progresse nettement à l’oral ; les écrits doivent gagner en rigueur. "
    return [
        {
            "libelle": f"Matière {n:02d}", "enseignants": [f"Enseignant {n:02d}"], "coefficient": "1", "moyenne": f"{n},50",
            "classe": {"moyenne": "10,00", "min": "2,00", "max": "19,00"},
            "appreciation": (f"[{n:02d}] " + phrase * 20)[:1000],
        }
        for n in range(1, nombre + 1)
    ]


def test_a_pdf_of_one_page_with_everything_on_it():
    donnees = rendre(bulletin(), edite_le=EDITE_LE)

    assert donnees.startswith(b"%PDF")
    pdf = Pdf(donnees)
    assert pdf.nombre_de_pages() == 1
    texte = texte_continu(pdf)
    for attendu in [
        "Collège Jean Moulin", "UAI 0751234A", "Académie de Paris", "Bulletin du Trimestre 1", "Année scolaire 2026-2027",
        "Du 01/09/2026 au 30/11/2026", "MARTIN Chloé", "4e B", "21/05/2013", "Mme Laetitia Chevalier",
        "Mathématiques", "M. Karim Benali", "14,25 11,02 4,50 18,00", "Très bon trimestre, travail régulier.",
        "Éducation physique et sportive", "Mme Anne Roux, M. Paul Dubois", "2,5 — 13,40 — 17,75",
        "Moyenne générale 13,87 11,56 6,12 16,94", "Ensemble solide ; il faut garder ce rythme.",
        "Date du conseil : 08/12/2026", "Mention : Compliments", "Avis : Poursuivre les efforts en langues.",
        "Demi-journées justifiées", "Demi-journées non justifiées", "Retards", "Heures manquées", "2 1,5 3 7",
        "Page 1 / 1", "Édité le 09/12/2026",
    ]:
        assert attendu in texte, attendu


def test_missing_values_are_shown_as_a_dash():
    donnees = bulletin(
        moyenne_generale=None, classe_generale={"moyenne": None, "min": None, "max": None}, professeur_principal=None,
        conseil={"date": None, "avis": "", "mention": None}, vie_scolaire={},
    )
    donnees["eleve"].pop("date_naissance")
    texte = texte_continu(Pdf(rendre(donnees, edite_le=EDITE_LE)))

    assert "Moyenne générale — — — —" in texte
    assert "Professeur principal : —" in texte
    assert "Né(e) le" not in texte  # unknown in the directory: nothing printed (issue 15), never « Né(e) le : — »
    assert "Date du conseil : — Mention : — Avis : —" in texte
    assert "Heures manquées — — — —" in texte
    assert "professeur principal" not in texte.replace("Professeur principal", "")


def test_metadata_title_and_author():
    info = Pdf(rendre(bulletin(), edite_le=EDITE_LE)).info()

    assert info["Title"] == "Bulletin – Martin Chloé – Trimestre 1"
    assert info["Author"] == "Collège Jean Moulin"


def test_french_characters_outside_latin1_are_printed():
    texte_saisi = "Cœur à l’ouvrage, « bravo » : 5 € de prime ! ŒUVRE"
    donnees = bulletin(appreciation_generale=texte_saisi)
    donnees["matieres"][0]["appreciation"] = texte_saisi

    texte = texte_continu(Pdf(rendre(donnees, edite_le=EDITE_LE)))

    assert texte.count(texte_saisi) == 2
    assert "\ufffd" not in texte


def test_characters_missing_from_the_font_get_a_close_equivalent():
    # espace fine insécable avant « ! », trait d'union insécable, un emoji : absents de Vera
    assert imprimable("Bravo\u202f! peut\u2011être 🎉") == "Bravo\u00a0! peut-être ?"
    donnees = bulletin(appreciation_generale="Bravo\u202f! peut\u2011être 🎉")

    texte = texte_continu(Pdf(rendre(donnees, edite_le=EDITE_LE)))

    assert "Bravo ! peut-être ?" in texte


def test_hostile_text_is_printed_literally():
    hostile = 'Fin de <b>balise</b> & "guillemets" ]]> <script>alert(1)</script> <br/> &amp; <para>'
    donnees = bulletin(appreciation_generale=hostile, professeur_principal="M. <i>X</i> & Co")
    donnees["matieres"][0]["appreciation"] = hostile
    donnees["matieres"][0]["libelle"] = "Maths & <sciences>"
    donnees["eleve"]["prenom"] = "Zoé <b>"

    pdf = Pdf(rendre(donnees, edite_le=EDITE_LE))
    texte = texte_continu(pdf)

    assert texte.count(continu(hostile)) == 2
    assert "Maths & <sciences>" in texte
    assert "M. <i>X</i> & Co" in texte
    assert "MARTIN Zoé <b>" in texte
    assert pdf.info()["Title"] == "Bulletin – Martin Zoé <b> – Trimestre 1"


def test_line_breaks_in_an_appreciation_are_kept():
    donnees = bulletin(appreciation_generale="Premier point.\nSecond point.")

    lignes = [ligne.strip() for ligne in "".join(Pdf(rendre(donnees, edite_le=EDITE_LE)).textes()).splitlines()]

    assert lignes.index("Second point.") == lignes.index("Premier point.") + 1


def test_twenty_long_subjects_span_several_pages_with_the_header_repeated():
    donnees = bulletin(matieres=matieres_longues(20))

    pdf = Pdf(rendre(donnees, edite_le=EDITE_LE))
    pages = [continu(p) for p in pdf.textes()]

    assert pdf.nombre_de_pages() == len(pages) >= 3
    pages_du_tableau = [p for p in pages if re.search(r"Matière \d\d", p)]
    assert len(pages_du_tableau) >= 3
    for page in pages_du_tableau:
        # the header row is on the page, once, above the first subject of that page
        assert page.count("Matière Coef. Moy. élève Moy. classe Min Max Appréciation") == 1
        assert page.index("Matière Coef.") < re.search(r"Matière \d\d", page).start()
    texte = " ".join(pages)
    for matiere in donnees["matieres"]:
        # each row is whole on one page: its full appreciation is found inside a single page
        assert sum(continu(matiere["appreciation"]) in p for p in pages) == 1, matiere["libelle"]
        assert f"{matiere['libelle']} Enseignant" in texte
    for n, page in enumerate(pages, start=1):
        assert f"Page {n} / {len(pages)}" in page
    assert "Heures manquées" in pages[-1]


def test_an_appreciation_too_long_for_a_page_is_refused_in_french():
    donnees = bulletin()
    donnees["matieres"][0]["appreciation"] = "Ligne.\n" * 200

    with pytest.raises(BulletinInvalide, match="L'appréciation de Mathématiques \\(Chloé Martin\\) est trop longue"):
        rendre(donnees, edite_le=EDITE_LE)


def test_batch_keeps_the_order_and_numbers_each_bulletin_on_its_own():
    eleves = [("Bernard", "Inès"), ("Aubert", "Yanis"), ("Colin", "Maëlys")]
    lot = []
    for nom, prenom in eleves:
        donnees = bulletin(eleve={"nom": nom, "prenom": prenom, "classe": "4e B"})
        lot.append(donnees)
    lot[1]["matieres"] = matieres_longues(12)  # the second one takes several pages

    pdf = Pdf(rendre_lot(lot, edite_le=EDITE_LE))
    pages = [continu(p) for p in pdf.textes()]

    positions = [continu(" ".join(pages)).index(f"Élève : {nom.upper()} {prenom}") for nom, prenom in eleves]
    assert positions == sorted(positions)
    assert pdf.nombre_de_pages() == len(pages) > 3
    proprietaires = [next(nom for nom, _ in eleves if nom.upper() in p.split("Édité le")[0][-80:]) for p in pages]
    assert proprietaires[0] == "Bernard" and proprietaires[-1] == "Colin"
    assert proprietaires == sorted(proprietaires, key=[nom for nom, _ in eleves].index)
    for nom, _ in eleves:
        ses_pages = [p for p, proprietaire in zip(pages, proprietaires) if proprietaire == nom]
        assert ses_pages[0].count("Élève :") == 1  # each bulletin starts on its own page
        for n, page in enumerate(ses_pages, start=1):
            assert f"Page {n} / {len(ses_pages)}" in page
    assert pdf.info()["Title"] == "Bulletins – 4e B – Trimestre 1"


def test_the_same_input_gives_the_same_bytes():
    assert rendre(bulletin(), edite_le=EDITE_LE) == rendre(copy.deepcopy(bulletin()), edite_le=EDITE_LE)
    assert rendre(bulletin(), edite_le=EDITE_LE) != rendre(bulletin(), edite_le=datetime.date(2026, 12, 10))


@pytest.mark.parametrize(
    "modifier, message",
    [
        (lambda b: b["eleve"].pop("nom"), "« eleve.nom » est obligatoire"),
        (lambda b: b.update(annee=""), "« annee » est obligatoire"),
        (lambda b: b["periode"].update(du="01/09/2026"), "« periode.du » : date attendue au format AAAA-MM-JJ, reçu « 01/09/2026 »"),
        (lambda b: b["matieres"][1].update(moyenne=12.5), "« matieres\\[2\\].moyenne » doit être un texte ou un nombre entier, pas float"),
        (lambda b: b["matieres"][0].update(enseignants="M. Benali"), "« matieres\\[1\\].enseignants » doit être une liste de noms"),
        (lambda b: b["matieres"][0].pop("libelle"), "« matieres\\[1\\].libelle » est obligatoire"),
        (lambda b: b.update(matieres="Maths"), "« matieres » doit être une liste"),
        (lambda b: b.update(conseil="favorable"), "« conseil » doit être un dictionnaire"),
        (lambda b: b.update(appreciation_generale=3), "« appreciation_generale » doit être un texte"),
    ],
)
def test_bad_input_is_refused_in_french(modifier, message):
    donnees = bulletin()
    modifier(donnees)
    avant = copy.deepcopy(donnees)

    with pytest.raises(BulletinInvalide, match=message):
        rendre(donnees, edite_le=EDITE_LE)
    assert donnees == avant


def test_a_batch_names_the_bad_bulletin():
    mauvais = bulletin()
    mauvais["eleve"]["classe"] = None

    with pytest.raises(BulletinInvalide, match="Bulletin n° 2 : « eleve.classe » est obligatoire"):
        rendre_lot([bulletin(), mauvais], edite_le=EDITE_LE)
    with pytest.raises(BulletinInvalide, match="Aucun bulletin à imprimer"):
        rendre_lot([], edite_le=EDITE_LE)


def test_measure_a_class_of_thirty():
    """A measure, not a limit: printed for the report (pytest -s)."""
    ordinaire = bulletin(matieres=[dict(m, appreciation=m["appreciation"][:300]) for m in matieres_longues(12)])
    extreme = bulletin(matieres=matieres_longues(20))
    for nom, modele in [("12 matières, 300 caractères", ordinaire), ("20 matières, 1000 caractères", extreme)]:
        debut = time.perf_counter()
        donnees = rendre_lot([modele] * 30, edite_le=EDITE_LE)
        duree = time.perf_counter() - debut
        pages = Pdf(donnees).nombre_de_pages()
        print(f"\n30 bulletins ({nom}) : {duree:.2f} s, {pages} pages, {len(donnees) // 1024} Kio")
        assert pages >= 30


def test_the_renderer_imports_nothing_from_zope():
    # Loaded from its file, outside the cartable.notes package (whose __init__ uses zope.i18nmessageid).
    programme = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('bulletin_pdf', {bulletin_pdf.__file__!r})\n"
        "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)\n"
        "print(sorted({n.split('.')[0] for n in sys.modules} & {'zope', 'Zope2', 'Products', 'plone', 'cartable', 'OFS'}))\n"
    )
    sortie = subprocess.run([sys.executable, "-c", programme], capture_output=True, text=True, check=True).stdout

    assert sortie.strip() == "[]"
