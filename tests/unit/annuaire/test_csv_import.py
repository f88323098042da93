"""CSV import for schools outside AAF: same importer, same guarantees."""

from pathlib import Path

import pytest

from cartable.annuaire.csv_import import importer_csv
from cartable.annuaire.importation import Importateur
from cartable.annuaire.registre import Annuaire

ETABLISSEMENTS = "uai;nom;type;commune;classes;groupes\n0131999K;Collège des Calanques;CLG;Marseille;3A=3EME A|3B;LV2ESP=Espagnol LV2\n"
ELEVES = (
    "\ufeffid;nom;prenom;date_naissance;uai;classe;groupes;responsables_legaux;autres_responsables\n"
    "E1;Martin;Léa;01/02/2011;0131999K;3A;LV2ESP;R1|R2;R3\n"
    "E2;Martin;Hugo;03/04/2012;0131999K;3B;;R1;\n"
)
RESPONSABLES = "id;civilite;nom;prenom;mail\nR1;Mme;Martin;Claire;c@example.org\nR2;M.;Martin;Paul;\nR3;Mme;Roux;Anne;\n"
PERSONNELS = (
    "id;civilite;nom;prenom;mail;uai;fonctions;classes;groupes;enseignements;principal\n"
    "P1;M.;Bernard;Luc;;0131999K;ENS;3A|3B;LV2ESP;3A=020700|3B=020700|LV2ESP=030602;3A\n"
    "P2;Mme;Petit;Zoé;;0131999K;EDU;;;;\n"
)


def write(folder: Path, **files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def folder(tmp_path):
    return write(tmp_path / "csv", etablissements=ETABLISSEMENTS, eleves=ELEVES, responsables=RESPONSABLES, personnels=PERSONNELS)


def run(annuaire, folder):
    return importer_csv(Importateur(annuaire), folder)


def test_full_csv_import_and_reimport(folder):
    annuaire = Annuaire()
    rapport = run(annuaire, folder)
    assert rapport.rejets == []
    assert {k: v["created"] for k, v in rapport.resume().items() if v["created"]} == {
        "EtabEducNat": 1, "Eleve": 2, "PersRelEleve": 3, "PersEducNat": 2,
    }
    assert annuaire.eleves("0131999K", "3A") == ["E1"]
    assert annuaire.eleves("0131999K", "LV2ESP") == ["E1"]
    assert sorted(annuaire.enfants_de("R1")) == ["E1", "E2"]
    lea = annuaire.personne("E1")
    assert [(l.personne, l.representant_legal) for l in lea.responsables] == [("R1", True), ("R2", True), ("R3", False)]
    assert annuaire.enseignants_de("0131999K", "LV2ESP") == ["P1"]
    assert annuaire.membres_fonction("0131999K", "EDU") == ["P2"]
    assert annuaire.principaux[("0131999K", "3A")].has_key("P1")
    assert annuaire.divisions[("0131999K", "classe", "3A")] == "3EME A"
    assert annuaire.par_login("lea.martin").id == "E1"
    again = run(annuaire, folder)
    assert all(v["created"] == v["updated"] == v["rejected"] == 0 for v in again.resume().values())


def test_row_errors_are_precise_and_change_nothing(folder):
    annuaire = Annuaire()
    run(annuaire, folder)
    bad = write(
        folder.parent / "bad",
        eleves=(
            "id;nom;prenom;date_naissance;uai;classe\n"
            "E3;;Max;;0131999K;3A\n"
            "E4;Roux;Max;31/02/2011;0131999K;3A\n"
            "E5;Roux;Max;;0999999Z;3A\n"
        ),
        personnels="id;nom;prenom;uai;fonctions\nP3;Durand;Jo;0131999K;PROF\n",
    )
    rapport = run(annuaire, bad)
    assert [str(r) for r in rapport.rejets] == [
        "eleves.csv:2 Eleve E3 : colonne « nom » vide",
        "eleves.csv:3 Eleve E4 : date de naissance « 31/02/2011 » invalide (jj/mm/aaaa)",
        "eleves.csv:4 Eleve E5 : établissement inconnu : UAI 0999999Z",
        "personnels.csv:2 PersEducNat P3 : fonction(s) inconnue(s) PROF (ENS, EDU, DIR, DOC, ADF)",
    ]
    assert all(annuaire.personne(i) is None for i in ("E3", "E4", "E5", "P3"))


def test_whole_file_refusals(folder):
    annuaire = Annuaire()
    bad = folder.parent / "bad"
    bad.mkdir()
    (bad / "responsables.csv").write_bytes("id;nom;prenom\nR9;Lefèvre;Anne\n".encode("iso-8859-15"))
    (bad / "eleves.csv").write_text("id;nom;prenom\nE9;A;B\n", encoding="utf-8")
    rapport = run(annuaire, bad)
    assert [r.motif for r in rapport.rejets] == [
        "fichier refusé : colonne(s) manquante(s) uai, classe",
        "fichier refusé : il n'est pas en UTF-8 (octet 20) ; enregistrez-le en « CSV UTF-8 »",
    ]
    assert len(annuaire.personnes) == 0


def test_deletion_deactivates(folder):
    annuaire = Annuaire()
    run(annuaire, folder)
    delta = write(folder.parent / "delta", eleves="id;nom;prenom;uai;classe;action\nE2;;;;;suppression\n")
    rapport = run(annuaire, delta)
    assert rapport.resume()["Eleve"]["deactivated"] == 1
    assert annuaire.personne("E2").actif is False
    assert annuaire.enfants_de("R1") == ["E1"]
