"""Éditeurs d'établissement (issue 14, item 5): named by the direction, they manage the free spaces and
publish the establishment's news; its teachers propose; anonymous visitors read what is published.

Through the real server (REST and pages), with the demo's personas: « enseignant_autre » (a 3B teacher of
the collège) is the one named editor; « cpe_autre » belongs to the lycée.
"""

import transaction

from cartable.annuaire.stockage import lire_annuaire
from cartable.etablissement import editeurs
from tests.integration.requetes import client


def etab(site):
    return site["paths"]["etab"]


def ident(functional_demo, site, role):
    return lire_annuaire(functional_demo["portal"]).par_login(site["logins"][role]).id


def nommer(site, role, personne, cle=None):
    return client(site, role).post(f"{etab(site)}/@editeurs", {"personne": personne}, cle=cle)


def test_the_direction_names_and_removes_an_editor_by_name(site, functional_demo):
    prof = ident(functional_demo, site, "enseignant_autre")
    vide = client(site, "direction").get(f"{etab(site)}/@editeurs").json()
    assert vide["editeurs"] == []
    candidat = next(c for c in vide["candidats"] if c["id"] == prof)
    assert candidat["nom"] and candidat["nom"] != site["logins"]["enseignant_autre"]  # a name, never the login

    reponse = nommer(site, "direction", prof, cle="nommer-1")
    assert reponse.status_code == 200, reponse.text
    assert [e["id"] for e in reponse.json()["editeurs"]] == [prof]
    assert prof not in [c["id"] for c in reponse.json()["candidats"]]
    assert nommer(site, "direction", prof, cle="nommer-1").json() == reponse.json()  # replayed, not redone

    # staff read the list (names only, no candidates); families and other schools do not
    lu = client(site, "enseignant").get(f"{etab(site)}/@editeurs")
    assert lu.status_code == 200 and "candidats" not in lu.json()
    assert lu.json()["editeurs"][0]["nom"] == candidat["nom"]
    for role in ("eleve", "parent", "cpe_autre", "anonyme"):
        assert client(site, role).get(f"{etab(site)}/@editeurs").status_code in (401, 403), role
    # only the direction and the region write; a CPE or a teacher cannot name themselves
    assert nommer(site, "cpe", ident(functional_demo, site, "cpe")).status_code == 403
    assert nommer(site, "enseignant", ident(functional_demo, site, "enseignant")).status_code == 403
    # a student, another school's CPE, an unknown id: refused, nothing written
    for personne in (site["paths"]["eleve"], ident(functional_demo, site, "cpe_autre"), "inconnu-42"):
        refus = nommer(site, "direction", personne)
        assert refus.status_code == 400 and "personnel de l'établissement" in refus.json()["error"]["message"]
    transaction.begin()
    etablissement = functional_demo["portal"].unrestrictedTraverse(etab(site)[len(site["url"]) + 1:])
    assert editeurs.lire(etablissement) == {prof}

    retire = client(site, "admin").delete(f"{etab(site)}/@editeurs/{prof}")
    assert retire.status_code == 200 and retire.json()["editeurs"] == []
    transaction.begin()
    assert editeurs.lire(etablissement) == frozenset()


def test_the_role_follows_the_list_never_the_sharing_tab(site, functional_demo):
    prof = ident(functional_demo, site, "enseignant_autre")
    portal = functional_demo["portal"]
    etablissement = portal.unrestrictedTraverse(etab(site)[len(site["url"]) + 1:])
    gere = lambda: client(site, "enseignant_autre").get(f"{etab(site)}/@espaces-libres").status_code  # noqa: E731
    assert gere() == 403
    nommer(site, "direction", prof)
    assert gere() == 200
    transaction.begin()
    # nothing in the local-roles map (@sharing): the provider answers from the list
    assert all(prof not in p and site["logins"]["enseignant_autre"] != p for p, _ in etablissement.get_local_roles())
    client(site, "direction").delete(f"{etab(site)}/@editeurs/{prof}")
    assert gere() == 403


def test_the_editor_makes_a_free_space_with_members_and_archives_it(site, functional_demo):
    prof = ident(functional_demo, site, "enseignant_autre")
    nommer(site, "direction", prof)
    eleve = site["paths"]["eleve"]
    creation = client(site, "enseignant_autre").post(f"{etab(site)}/@espaces-libres",
                                                      {"titre": "Club journal", "editeurs": [], "membres": [eleve]}, cle="club")
    assert creation.status_code == 201, creation.text
    espace = creation.json()
    assert espace["membres"] == [eleve] and espace["archive"] is False
    # the member reads it; the lycée's CPE does not (another establishment)
    assert client(site, "eleve").get(espace["@id"]).status_code == 200
    assert client(site, "cpe_autre").get(espace["@id"]).status_code in (401, 403)
    page = client(site, "enseignant_autre").page(f"{etab(site)}/@@espaces-libres-gestion?classe=3A")
    assert page.status_code == 200 and "Club journal" in page.text
    archive = client(site, "enseignant_autre").post(f"{etab(site)}/@espaces-libres", {"espace": espace["id"], "archive": True})
    assert archive.status_code == 200 and archive.json()["archive"] is True and archive.json()["membres"] == []
    assert client(site, "eleve").get(espace["@id"]).status_code in (401, 403)


def creer_actualite(site, role, titre):
    reponse = client(site, role).post(etab(site), {"@type": "News Item", "title": titre, "description": "Résumé"})
    assert reponse.status_code == 201, reponse.text
    return reponse.json()["@id"]


def transition(site, role, url, nom):
    return client(site, role).post(f"{url}/@workflow/{nom}", {})


def test_a_teacher_proposes_an_editor_publishes_anonymous_visitors_read(site, functional_demo):
    prof = ident(functional_demo, site, "enseignant_autre")
    nommer(site, "direction", prof)
    url = creer_actualite(site, "enseignant", "Sortie au musée des Beaux-Arts")
    # a draft: its author and the editors, never the establishment's members nor the public
    assert client(site, "eleve").get(url).status_code in (401, 403)
    assert client(site, "anonyme").get(url).status_code == 401
    assert client(site, "enseignant_autre").get(url).status_code == 200
    # on the home page the teacher finds the draft with « Proposer », never « Publier »
    accueil_prof = client(site, "enseignant").page(f"{etab(site)}/@@accueil").text
    assert "Mes brouillons" in accueil_prof and 'data-transition="submit"' in accueil_prof
    assert 'data-transition="publish"' not in accueil_prof
    # the teacher cannot publish, only propose
    assert transition(site, "enseignant", url, "publish").status_code in (400, 401, 403)
    assert transition(site, "enseignant", url, "submit").status_code == 200
    # the editor sees it waiting on Mon bureau and on the home page
    bureau = client(site, "enseignant_autre").get(f"{site['url']}/@bureau").json()
    a_publier = [b for b in bureau["blocs"] if b["nom"] == "cartable.etablissement.a_publier"]
    assert a_publier and "Sortie au musée des Beaux-Arts" in [l["texte"] for l in a_publier[0]["lignes"]]
    # the students' news block before publication (the block keeps published news in RAM: the publication must
    # show through it)
    avant = client(site, "eleve").get(f"{site['url']}/@bureau").json()
    avant = [b for b in avant["blocs"] if b["nom"] == "cartable.etablissement.actualites"]
    assert "Sortie au musée des Beaux-Arts" not in [l["texte"] for b in avant for l in b["lignes"]]
    assert transition(site, "enseignant_autre", url, "publish").status_code == 200
    # published: anybody reads it, on the home page and on the public home
    assert client(site, "anonyme").get(url).status_code == 200
    accueil = client(site, "anonyme").page(f"{etab(site)}/@@accueil")
    assert accueil.status_code == 200 and "Sortie au musée des Beaux-Arts" in accueil.text
    assert "Écrire une actualité" not in accueil.text and "À publier" not in accueil.text
    public = client(site, "anonyme").page(site["url"])
    assert "Sortie au musée des Beaux-Arts" in public.text and f"{etab(site)}/@@accueil" in public.text
    # the students of the school find it on Mon bureau
    eleve = client(site, "eleve").get(f"{site['url']}/@bureau").json()
    nouvelles = [b for b in eleve["blocs"] if b["nom"] == "cartable.etablissement.actualites"]
    assert "Sortie au musée des Beaux-Arts" in [l["texte"] for l in nouvelles[0]["lignes"]]
    assert all("-" not in (l["detail"] or "")[:4] for l in nouvelles[0]["lignes"])  # a date in words, not ISO


def test_the_direction_publishes_directly_a_stranger_cannot_write(site, functional_demo):
    url = creer_actualite(site, "direction", "Conseil d'administration")
    accueil = client(site, "direction").page(f"{etab(site)}/@@accueil").text
    assert "Conseil d&#x27;administration" in accueil or "Conseil d'administration" in accueil
    assert 'data-transition="publish"' in accueil
    assert transition(site, "direction", url, "publish").status_code == 200
    assert client(site, "anonyme").get(url).status_code == 200
    # another establishment's CPE, a student, a parent cannot add news here
    for role in ("cpe_autre", "eleve", "parent"):
        refus = client(site, role).post(etab(site), {"@type": "News Item", "title": "Intrus"})
        assert refus.status_code in (401, 403), role


def test_mon_bureau_menu_for_the_direction(site):
    menu = client(site, "direction").get(f"{site['url']}/@bureau").json()["menu"]
    assert f"{etab(site)}/@@editeurs" in [e["lien"] for e in menu]
    assert f"{etab(site)}/@@editeurs" not in [e["lien"] for e in client(site, "enseignant").get(f"{site['url']}/@bureau").json()["menu"]]
    page = client(site, "direction").page(f"{etab(site)}/@@editeurs")
    assert page.status_code == 200 and "Nommer éditeur" in page.text


def test_the_upgrade_installs_the_workflow_on_an_existing_site(integration_demo):
    portal = integration_demo["portal"]
    setup = portal.portal_setup
    wf = portal.portal_workflow
    wf.setChainForPortalTypes(("News Item",), ("simple_publication_workflow",))
    setup.setLastVersionForProfile("cartable.policy:default", "1003")
    setup.upgradeProfile("cartable.policy:default")
    assert setup.getLastVersionForProfile("cartable.policy:default") == ("1005",)
    assert wf.getChainForPortalType("News Item") == ("cartable_publication_etablissement",)
    from plone.base.utils import get_installer

    assert get_installer(portal).is_product_installed("cartable.etablissement")
    assert "News Item" in portal.portal_types["Etablissement"].allowed_content_types


def test_editors_and_teachers_add_news_pages_events_never_a_class(site):
    """The roles that let them write news carry « Add portal content »: a Classe (the directory's) stays out of reach."""
    for role in ("direction", "enseignant"):
        refus = client(site, role).post(etab(site), {"@type": "Classe", "title": "Classe pirate"})
        assert refus.status_code in (400, 401, 403), (role, refus.status_code)
    for type_, titre in (("Document", "Le CDI"), ("Event", "Portes ouvertes")):
        corps = {"@type": type_, "title": titre}
        if type_ == "Event":
            corps.update(start="2026-12-12T09:00:00", end="2026-12-12T12:00:00")
        assert client(site, "enseignant").post(etab(site), corps).status_code == 201, type_
