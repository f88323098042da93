"""Plone's listings of people answer nobody but the administrators (issue 13, item 2).

Every vocabulary and listing endpoint Plone offers, asked as a student, a parent and a teacher of the
collège for students of the lycée (another establishment, from the ``region`` manifest): none of their
names or logins comes back. The same query as the regional administrator finds them, so the queries are
the right ones. The directory's own search (``@annuaire-recherche``) is the scoped one.

And the server does not say what it runs: no ``X-Powered-By`` (the instance's WSGI filter).
"""

import configparser
import json

import pytest

from cartable.annuaire.stockage import lire_annuaire
from cartable.ops.instance import InstanceSettings, render_instance
from tests.integration.requetes import client

VOCABULAIRES = ("plone.app.vocabularies.Users", "plone.app.vocabularies.Principals", "plone.app.vocabularies.Groups")
DEMANDEURS = ("eleve", "parent", "enseignant")


@pytest.fixture
def lyceens(site, functional_demo, region):
    """Three students of the lycée whose full name nobody else in the region bears: (login, nom, prénom)."""
    annuaire = lire_annuaire(functional_demo["portal"])
    lycee = next(e for e in region["establishments"] if e["type"] == "LYC")
    trouves = []
    for classe in lycee["classes"]:
        for ident in sorted(annuaire.eleves(lycee["jointure"], classe)):
            eleve = annuaire.personne(ident)
            if len(annuaire.chercher_nom(f"{eleve.nom} {eleve.prenom}", 5)) == 1:
                trouves.append((eleve.login, eleve.nom, eleve.prenom))
            if len(trouves) == 3:
                return trouves
    return trouves


def chemin(site, cle):
    url = site["paths"][cle]
    return url[len(site["url"]):] if url.startswith(site["url"]) else url


def requetes(site, login, nom):
    """(label, method, path, params) of every listing endpoint, looking for ``nom`` or ``login``."""
    contextes = ("", chemin(site, "espace"), chemin(site, "devoir"))
    for contexte in contextes:
        for vocabulaire in VOCABULAIRES:
            yield f"{contexte}/@@getVocabulary {vocabulaire}", f"{contexte}/@@getVocabulary", {"name": vocabulaire, "query": nom}
            yield (f"{contexte}/@@getVocabulary {vocabulaire} field", f"{contexte}/@@getVocabulary",
                   {"name": vocabulaire, "query": nom, "field": "IOwnership.creators"})
            yield f"{contexte}/@vocabularies/{vocabulaire}", f"{contexte}/@vocabularies/{vocabulaire}", {"title": nom}
            yield f"{contexte}/@vocabularies/{vocabulaire} token", f"{contexte}/@vocabularies/{vocabulaire}", {"token": login}
    yield "author", f"author/{login}", {}
    yield "@@author", f"@@author/{login}", {}
    yield "@users search", "@users", {"query": nom}
    yield "@users login", f"@users/{login}", {}
    yield "@principals", "@principals", {"search": nom}
    yield "@groups", "@groups", {"query": ""}
    yield "member-search", "@@member-search", {"form.widgets.SearchableText": nom, "form.buttons.search": "Rechercher"}
    yield "usergroup-userprefs", "@@usergroup-userprefs", {"searchstring": nom}
    yield "sharing", "@@sharing", {"search_term": nom}
    yield "@search", "@search", {"SearchableText": nom}
    yield "search", "@@search", {"SearchableText": nom}


def trahit(texte, login, nom, prenom):
    noms = (f"{prenom} {nom}", f"{nom} {prenom}")
    # as written in a page, and as JSON escapes accents (« Bensa\u00efd »)
    return login in texte or any(n in texte or json.dumps(n)[1:-1] in texte for n in noms)


@pytest.mark.parametrize("role", DEMANDEURS)
def test_no_listing_names_a_student_of_another_establishment(site, lyceens, role):
    assert len(lyceens) == 3
    fuites = []
    for login, nom, prenom in lyceens:
        for label, chemin_, params in requetes(site, login, nom):
            for reponse in (client(site, role).get(chemin_, params=params), client(site, role).page(chemin_, params=params)):
                # (a field the context does not have is Plone's 500, « No such field »: the hostile-input
                # suite's business, not a listing)
                assert reponse.status_code < 500 or "field" in label, (label, reponse.status_code, reponse.text[:300])
                # a 404 repeats the path asked (``author/<login>``): the asker's own words, not an answer
                if trahit(reponse.text.replace(chemin_.lstrip("/"), ""), login, nom, prenom):
                    fuites.append((label, reponse.request.headers.get("Accept"), reponse.status_code, reponse.text[:400]))
    assert fuites == []


def test_the_same_queries_find_them_for_the_regional_administrator(site, lyceens):
    """The control: the vocabulary asked by an administrator names them (the queries do look for them)."""
    for login, nom, prenom in lyceens:
        reponse = client(site, "admin").get("@@getVocabulary", params={"name": VOCABULAIRES[0], "query": nom})
        assert reponse.status_code == 200 and login in reponse.text, reponse.text[:300]
        reponse = client(site, "admin").get("@users", params={"query": login})
        assert reponse.status_code == 200 and login in reponse.text


def test_the_author_page_is_gone_for_everyone(site, lyceens):
    login = lyceens[0][0]
    for role in ("anonyme", "eleve", "admin"):
        assert client(site, role).page(f"author/{login}").status_code == 404, role
        assert client(site, role).page(f"author/{site['logins']['eleve']}").status_code == 404, role


def test_plone_still_finds_each_user_by_exact_id(site, functional_demo, lyceens):
    """Exact lookups (how Plone finds who is logged in, an owner, a creator) keep working for everyone."""
    assert client(site, "eleve").get("@mon-profil").status_code == 200
    login = lyceens[0][0]
    plugin = functional_demo["portal"].acl_users.annuaire_cartable
    assert [u["id"] for u in plugin.enumerateUsers(id=login, exact_match=True)] == [login]
    assert [u["id"] for u in plugin.enumerateUsers(login=login, exact_match=True)] == [login]


def test_the_instance_does_not_say_what_it_runs(tmp_path):
    """Zope's hard-coded ``X-Powered-By`` is taken out by the filter ``entetes``, in front of Zope: only the access
    log (which adds no header) comes before it in the rendered pipeline.
    (The test server runs Zope without the instance's pipeline: the rendered zope.ini is what is checked.)"""
    from paste.deploy import loadfilter
    from ZPublisher.HTTPResponse import WSGIResponse

    render_instance(InstanceSettings(etc_dir=tmp_path / "etc", var_dir=tmp_path / "var", port=8123))
    ini = tmp_path / "etc" / "zope.ini"
    config = configparser.RawConfigParser()
    config.read(ini)
    pipeline = config["pipeline:main"]["pipeline"].split()
    assert pipeline[-1] == "zope" and pipeline[:pipeline.index("entetes")] == ["translogger"]

    def zope(environ, start_response):  # answers with the headers ZPublisher writes
        reponse = WSGIResponse()
        reponse.setBody(b"ok")
        start_response("200 OK", reponse.listHeaders())
        return [b"ok"]

    vus = {}
    corps = loadfilter(f"config:{ini}", name="entetes")(zope)({}, lambda status, headers, exc_info=None: vus.update(headers))
    assert list(corps) == [b"ok"] and "Content-Length" in vus
    assert "X-Powered-By" not in vus
    assert "X-Powered-By" in dict(WSGIResponse().listHeaders())  # Zope does write it: the filter is needed
