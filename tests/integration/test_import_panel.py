"""@@import-annuaire: upload AAF files, a background import, its progress and summary."""

import re
from pathlib import Path

import pytest
import requests
import transaction
from plone import api

from cartable.annuaire.import_aaf import tache_import_aaf
from cartable.annuaire.stockage import lire_annuaire
from cartable.core import tasks
from tests.unit.annuaire.test_importation import full_set

PASSWORD = "secret-admin-2026"


@pytest.fixture
def panel(functional, tmp_path, monkeypatch):
    monkeypatch.setenv("CARTABLE_VAR", str(tmp_path / "var"))
    with api.env.adopt_roles(["Manager"]):
        api.user.create(username="admin.region", email="a@example.org", password=PASSWORD)
        api.user.grant_roles(username="admin.region", roles=["Site Administrator"])
    transaction.commit()
    session = requests.Session()
    session.auth = ("admin.region", PASSWORD)
    url = f"http://{functional['host']}:{functional['port']}/plone/@@import-annuaire"
    page = session.get(url, timeout=30)
    assert page.status_code == 200
    form = {
        "_authenticator": re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1),
        "cle": re.search(r'name="cle" value="([^"]+)"', page.text).group(1),
    }
    return session, url, form, tmp_path


def upload(session, url, form, paths):
    files = [("fichiers:list", (p.name, p.read_bytes(), "text/xml")) for p in paths]
    return session.post(url, data=form, files=files, timeout=60, allow_redirects=False)


def test_upload_queues_an_import_that_runs_in_the_site(functional, panel):
    session, url, form, tmp_path = panel
    paths = sorted(full_set(tmp_path / "aaf").iterdir())
    response = upload(session, url, form, paths)
    assert response.status_code == 302
    job_id = response.headers["Location"].split("job=")[1]
    assert tasks.get_huey().pending_count() == 1
    assert upload(session, url, form, paths).headers["Location"].endswith(job_id)  # double submit: one import
    record = tasks.read_job(job_id)
    stored = Path(tasks.get_huey().dequeue().args[4]["dossier"])
    assert stored.parent == (tmp_path / "var" / "imports").resolve()
    assert len(list(stored.parent.iterdir())) == 1
    assert sorted(p.name for p in stored.iterdir()) == [p.name for p in paths]
    progress = tasks.Progress(tasks.get_huey(), record)
    result = tasks.run_with_retries(functional["zodbDB"], "/plone", "admin.region", tache_import_aaf, progress, {"dossier": str(stored)})
    assert result["resume"]["Eleve"]["created"] == 3
    assert tasks.read_job(job_id)["done"] == 1000  # the bar reached its end
    transaction.begin()
    assert lire_annuaire(functional["portal"]).effectif("Eleve") == 3
    page = session.get(response.headers["Location"], timeout=30)
    assert f"@cartable-tasks/{job_id}" in page.text


def test_refused_upload_changes_nothing(panel):
    session, url, form, tmp_path = panel
    bad = tmp_path / "notes.xml"
    bad.write_text("<x/>")
    response = upload(session, url, form, [bad])
    assert response.status_code == 400
    assert "pas un nom de fichier AAF" in response.text
    assert tasks.get_huey().pending_count() == 0
    assert not (tmp_path / "var" / "imports").exists()


def test_server_folder_outside_the_roots_is_refused(panel):
    session, url, form, _ = panel
    response = session.post(url, data={**form, "dossier": "/etc"}, timeout=30, allow_redirects=False)
    assert response.status_code == 400
    assert "dossier non autorisé" in response.text
    assert tasks.get_huey().pending_count() == 0
