"""What the review of the pedagogy add-on found, each proven closed through the real server:
a teacher cannot rewrite who is in their space, a student cannot delete or re-attribute a hand-in,
a REST change of a due date keeps the instant that was sent."""

from datetime import datetime, timezone

import requests
import transaction
from plone import api

from cartable.pedagogie.content.devoir import instant
from tests.integration.requetes import auth, client

JSON = {"Accept": "application/json"}


def objet(functional_demo, url):
    transaction.begin()
    return functional_demo["portal"].unrestrictedTraverse(url.split("/plone/", 1)[1])


def test_a_teacher_cannot_rewrite_the_membership_of_their_space(functional_demo, site):
    reponse = client(site, "enseignant").patch(site["paths"]["espace"], {"libre": True, "membres": ["quelqu-un"], "matiere": "XX"})
    espace = objet(functional_demo, site["paths"]["espace"])
    assert (espace.libre, espace.membres or [], espace.matiere) != (True, ["quelqu-un"], "XX")
    assert not espace.libre and espace.matiere != "XX", reponse.text
    # the title stays theirs to change
    titre = client(site, "enseignant").patch(site["paths"]["espace"], {"title": "Français — 3A (M. Mathieu)"})
    assert titre.status_code == 204 and objet(functional_demo, site["paths"]["espace"]).title == "Français — 3A (M. Mathieu)"


def test_a_student_cannot_delete_nor_reattribute_their_hand_in(functional_demo, site):
    devoir_url = site["paths"]["devoir"]
    texte = {"texte": None, "fichiers": [{"nom": "copie.txt", "contenu": "TWEgY29waWUu"}], "remettre": True}
    remis = client(site, "eleve").post(f"{devoir_url}/@rendu", texte)
    assert remis.status_code == 200, remis.text
    eleve = site["paths"]["eleve"]
    rendu_url = f"{devoir_url}/{eleve}"
    assert requests.delete(rendu_url, headers=JSON, auth=auth(site, "eleve"), timeout=60).status_code in (401, 403)
    client(site, "eleve").patch(rendu_url, {"eleve": "un-autre"})
    assert client(site, "eleve").page(f"{rendu_url}/@@sharing", allow_redirects=False).status_code != 200
    rendu = objet(functional_demo, rendu_url)
    assert rendu.eleve == eleve and api.content.get_state(rendu) == "remis"
    assert "Owner" not in (rendu.get_local_roles_for_userid(site["logins"]["eleve"]) or ())
    # Plone's add form offers no Rendu to a student (one could not say whose it is)
    ajout = client(site, "eleve").page(f"{devoir_url}/++add++Rendu", allow_redirects=False)
    assert ajout.status_code in (302, 401, 403)


def test_a_due_date_changed_through_rest_keeps_the_instant_sent(functional_demo, site):
    reponse = client(site, "enseignant").patch(site["paths"]["devoir"], {"echeance": "2026-12-01T18:00:00+01:00"})
    assert reponse.status_code == 204, reponse.text
    devoir = objet(functional_demo, site["paths"]["devoir"])
    assert instant(devoir.echeance).astimezone(timezone.utc) == datetime(2026, 12, 1, 17, 0, tzinfo=timezone.utc)
    fiche = client(site, "eleve").get(f"{site['paths']['devoir']}/@rendu").json()
    assert fiche["devoir"]["echeance"].startswith("2026-12-01T18:00") and fiche["devoir"]["echeance_texte"] == "mardi 1er décembre à 18 h"
