"""@@mes-notes opens on the latest period with published marks; at the site root it leads to the child's page."""

import re
from datetime import datetime

from cartable.core import horloge
from tests.integration.requetes import client


def periode_ouverte(site, role, **params):
    page = client(site, role).page(f"{site['paths']['etab']}/@@mes-notes", params)
    assert page.status_code == 200, page.status_code
    return re.search(r'data-periode="([^"]*)"', page.text).group(1)


def test_opens_on_the_latest_period_with_published_marks(functional_demo, site):
    horloge.figer(datetime(2026, 12, 3, 10, 0))  # T2 has begun, without any mark yet: the page opens on T1
    assert periode_ouverte(site, "eleve") == "T1" and periode_ouverte(site, "parent") == "T1"
    assert periode_ouverte(site, "eleve", periode="T2") == "T2"  # asked for: given
    prof = client(site, "enseignant")
    etab = site["paths"]["etab"]
    evaluation = prof.post(f"{etab}/@evaluations", {"division": "3A", "matiere": site["paths"]["matiere"], "periode": "T2",
                                                    "titre": "Première de T2", "date": "2026-12-02"}, cle="t2-1").json()
    prof.post(f"{etab}/@saisie-notes", {"cellules": [{"evaluation": evaluation["id"], "eleve": site["paths"]["eleve"],
                                                      "valeur": "14", "base": ""}]}, cle="t2-2")
    assert periode_ouverte(site, "eleve") == "T1"  # a mark not published yet does not count
    prof.post(f"{etab}/@evaluations/{evaluation['id']}", {"publiee": True}, cle="t2-3")
    assert periode_ouverte(site, "eleve") == "T2" and periode_ouverte(site, "parent") == "T2"


def test_at_the_site_root_a_parent_is_sent_to_their_child_s_page(functional_demo, site):
    racine = f"{site['url']}/@@mes-notes"
    reponse = client(site, "parent").get(racine, allow_redirects=False, headers={"Accept": "text/html"})
    assert reponse.status_code == 302
    assert reponse.headers["Location"] == f"{site['paths']['etab']}/@@mes-notes?eleve={site['paths']['eleve']}"
    choisi = client(site, "parent").get(racine, {"eleve": site["paths"]["eleve"]}, allow_redirects=False, headers={"Accept": "text/html"})
    assert choisi.status_code == 302 and choisi.headers["Location"].endswith(f"eleve={site['paths']['eleve']}")
    eleve = client(site, "eleve").get(racine, allow_redirects=False, headers={"Accept": "text/html"})
    assert eleve.status_code == 302 and eleve.headers["Location"].endswith(f"eleve={site['paths']['eleve']}")
    # another family's child: refused, as are the staff (they have no child) and anonymous visitors
    for role in ("parent_autre", "enseignant"):
        refus = client(site, role).get(racine, {"eleve": site["paths"]["eleve"]}, allow_redirects=False, headers={"Accept": "text/html"})
        assert refus.status_code in (401, 403) or "login" in refus.headers.get("Location", ""), (role, refus.headers.get("Location"))
        assert "@@mes-notes" not in refus.headers.get("Location", "")
    anonyme = client(site, "anonyme").get(racine, allow_redirects=False, headers={"Accept": "text/html"})
    assert anonyme.status_code in (401, 403) or "login" in anonyme.headers.get("Location", "")
