"""The AAF import inside the site: directory annotation, content for structures and divisions."""

import subprocess
import sys
from pathlib import Path

import pytest
from plone import api

from cartable.annuaire import import_aaf
from cartable.annuaire.stockage import lire_annuaire
from tests.shared import SAMPLE_2013 as SAMPLE


def test_import_creates_directory_and_content(portal):
    assert lire_annuaire(portal) is None  # reading never creates it
    with api.env.adopt_roles(["Manager"]):
        rapport = import_aaf.importer_dossier(portal, SAMPLE)
    assert rapport.rejets == []
    annuaire = lire_annuaire(portal)
    assert annuaire.effectif("Eleve") == 642
    etablissement = portal["0059951p"]
    assert (etablissement.portal_type, etablissement.uai, etablissement.jointure) == ("Etablissement", "0059951P", "52006")
    classe = etablissement["rus1term"]
    assert (classe.portal_type, classe.code, classe.genre) == ("Classe", "RUS1TERM", "classe")
    assert etablissement["groupe-206"].genre == "groupe"
    assert len(api.content.find(portal_type="Etablissement")) == 10


@pytest.mark.parametrize("dossier", ["/etc", "/tmp", "../../etc"])
def test_background_import_refuses_folders_outside_the_roots(dossier, monkeypatch, tmp_path):
    monkeypatch.setenv("CARTABLE_VAR", str(tmp_path))
    with pytest.raises(import_aaf.DossierInvalide, match="dossier non autorisé"):
        import_aaf.verifier_dossier(dossier)


def test_background_import_accepts_its_upload_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("CARTABLE_VAR", str(tmp_path))
    upload = tmp_path / "imports" / "lot1"
    upload.mkdir(parents=True)
    (upload / "X_Eleve_0000.xml").write_text("<ficAlimMENESR/>")
    assert import_aaf.verifier_dossier(upload) == upload.resolve()


def test_command_line_refuses_a_folder_without_aaf_files(tmp_path):
    result = subprocess.run(
        [str(Path(sys.executable).parent / "cartable-import-aaf"), str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"cartable-import-aaf : aucun fichier AAF dans {tmp_path}")


def test_csv_through_the_site(portal, tmp_path):
    from tests.unit.annuaire.test_csv_import import ELEVES, ETABLISSEMENTS, PERSONNELS, RESPONSABLES, write

    folder = write(tmp_path, etablissements=ETABLISSEMENTS, eleves=ELEVES, responsables=RESPONSABLES, personnels=PERSONNELS)
    with api.env.adopt_roles(["Manager"]):
        rapport = import_aaf.importer_dossier(portal, folder)
    assert rapport.rejets == []
    assert portal["0131999k"]["3a"].title == "3EME A"
    assert lire_annuaire(portal).effectif("PersEducNat") == 2
