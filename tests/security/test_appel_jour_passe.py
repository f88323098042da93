"""A register of an earlier day is closed to its teacher whatever its state (issue 13): left « en cours », it
was a way to rewrite a past day. The vie scolaire corrects it, audited."""

from datetime import datetime

from cartable.core import horloge
from tests.integration.requetes import client


def test_a_register_left_in_progress_is_closed_to_the_teacher_the_next_day(site, functional_demo):
    etab, cours, eleve = site["paths"]["etab"], site["paths"]["cours"], site["paths"]["eleve"]
    url = f"{etab}/@appel/{cours}"
    assert client(site, "enseignant").post(url, {"marques": {eleve: {"type": "absence"}}, "fait": False}).status_code == 200
    assert client(site, "enseignant").get(url).json()["etat"] == "en_cours"

    horloge.figer(datetime(2026, 11, 17, 9, 0))  # the next day
    avant = functional_demo["zodbDB"].lastTransaction()
    refus = client(site, "enseignant").post(url, {"marques": {eleve: {"type": "present"}}, "fait": True})
    assert refus.status_code == 403 and "vie scolaire" in refus.json()["error"]["message"]
    assert functional_demo["zodbDB"].lastTransaction() == avant
    correction = client(site, "cpe").post(url, {"marques": {eleve: {"type": "present"}}, "fait": True})
    assert correction.status_code == 200, correction.text
    dernier = client(site, "cpe").get(url).json()["journal"][-1]  # the correction, audited
    assert (dernier["qui"], dernier["eleve"], dernier["avant"], dernier["apres"]) == (
        site["logins"]["cpe"], eleve, {"type": "absence"}, None)
