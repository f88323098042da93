"""Sharing follows the directory, and a course space holds only its own types (issue 13, item 6)."""

import transaction

from tests.integration.requetes import client

OUVRIR_A_TOUS = {"entries": [{"id": "AuthenticatedUsers", "type": "group", "roles": {"Reader": True}}]}


def roles_locaux(functional_demo, site):
    transaction.begin()
    espace = functional_demo["portal"].unrestrictedTraverse(site["paths"]["espace"].split("/plone/", 1)[1])
    return dict(espace.get_local_roles())


def test_a_teacher_cannot_widen_their_space(site, functional_demo):
    espace = site["paths"]["espace"]
    avant = roles_locaux(functional_demo, site)
    enseignant = client(site, "enseignant")
    assert enseignant.post(f"{espace}/@sharing", OUVRIR_A_TOUS).status_code in (401, 403)
    page = enseignant.page(f"{espace}/@@sharing", allow_redirects=False)
    lieu = page.headers.get("Location", "")
    assert page.status_code in (401, 403) or (page.status_code == 302 and ("insufficient" in lieu or "login" in lieu)), lieu
    assert roles_locaux(functional_demo, site) == avant
    # the region's administrators still can (and nobody else of the school: the CPE, the direction)
    for role in ("cpe", "direction"):
        assert client(site, role).post(f"{espace}/@sharing", OUVRIR_A_TOUS).status_code in (401, 403), role
    assert client(site, "admin").post(f"{espace}/@sharing", OUVRIR_A_TOUS).status_code in (200, 204)
    assert "AuthenticatedUsers" in roles_locaux(functional_demo, site)


def test_a_folder_in_a_space_accepts_only_the_spaces_types(site):
    espace = site["paths"]["espace"]
    enseignant = client(site, "enseignant")
    dossier = enseignant.post(espace, {"@type": "Folder", "title": "Séquence 3 : la poésie"})
    assert dossier.status_code == 201, dossier.text
    url = dossier.json()["@id"]
    etab = enseignant.post(url, {"@type": "Etablissement", "title": "Faux établissement", "uai": "0999999Z"})
    assert etab.status_code in (400, 401, 403), etab.text
    actualite = enseignant.post(url, {"@type": "News Item", "title": "Pas ici"})
    assert actualite.status_code in (400, 401, 403), actualite.text
    document = enseignant.post(url, {"@type": "Document", "title": "Poèmes à lire"})
    assert document.status_code == 201, document.text
    sous_dossier = enseignant.post(url, {"@type": "Folder", "title": "Textes"}).json()["@id"]  # at any depth
    assert enseignant.post(sous_dossier, {"@type": "Etablissement", "title": "X", "uai": "0999998Y"}).status_code in (400, 401, 403)
