"""The access matrix: every view and REST endpoint of the Cartable add-ons × every role.

Endpoints are read from the component registry, so a new view or service
without a row here fails ``test_every_endpoint_has_a_row``. Each cell is
requested through the real WSGI server with Basic auth. A denial is 401 or 403
for REST; for an HTML page it is Plone's challenge, a 302 to the login form
(anonymous) or to the "insufficient privileges" page (logged in). Never a 500,
and a refusal's body never carries the student's name.
"""

import re

import pytest
from zope.component import getGlobalSiteManager

from tests.integration.matrice_roles import NON, OK, ROLES, TOUS, seuls
from tests.integration.requetes import client

VIE_SCOLAIRE = ("cpe", "direction", "admin")
# (name, method) → (path builder, expected per role, success status, body)
MATRICE = {
    ("@cartable-status", "GET"): ("{site}/@cartable-status", TOUS, 200, None),
    ("@cartable-tasks", "POST"): (
        "{site}/@cartable-tasks",
        seuls("admin"),
        202,
        {"name": "cartable.core.controle.controle_site", "params": {"etapes": 1}},
    ),
    ("@cartable-tasks", "GET"): ("{site}/@cartable-tasks/{job}", seuls("admin"), 200, None),
    ("activation", "page"): ("{site}/@@activation", TOUS, 200, None),
    # a wrong code: refused as bad input (400) for everybody, never a 500
    ("@activation", "POST"): ("{site}/@activation", {r: 400 for r in ROLES}, 400, {"login": "x", "code": "y", "new_password": "z" * 8}),
    ("annuaire", "page"): ("{etab}/@@annuaire", seuls("enseignant", "enseignant_autre", "cpe", "direction", "admin"), 200, None),
    ("@annuaire-recherche", "GET"): (
        "{etab}/@annuaire-recherche?q=du",
        seuls("enseignant", "enseignant_autre", "cpe", "direction", "admin"),
        200,
        None,
    ),
    ("view", "page"): ("{classe}/@@view", seuls("enseignant", *VIE_SCOLAIRE), 200, None),
    ("@annuaire-classe", "GET"): ("{classe}/@annuaire-classe", seuls("enseignant", *VIE_SCOLAIRE), 200, None),
    ("codes-activation", "page"): ("{classe}/@@codes-activation", seuls("direction", "admin"), 200, None),
    ("lettres-activation", "page"): ("{classe}/@@lettres-activation", seuls("direction", "admin"), 200, None),
    ("eleve", "page"): ("{site}/@@eleve/{eleve}", seuls("eleve", "parent", "enseignant", *VIE_SCOLAIRE), 200, None),
    ("@annuaire-eleve", "GET"): ("{site}/@annuaire-eleve/{eleve}", seuls("eleve", "parent", "enseignant", *VIE_SCOLAIRE), 200, None),
    ("appel", "page"): ("{etab}/@@appel", seuls("enseignant", "enseignant_autre", "cpe", "direction", "admin"), 200, None),
    ("@appel", "GET"): ("{etab}/@appel/{cours}", seuls("enseignant", *VIE_SCOLAIRE), 200, None),
    ("@appel", "POST"): ("{etab}/@appel/{cours}", seuls("enseignant", *VIE_SCOLAIRE), 200, {"marques": {}}),
    ("@appels", "GET"): ("{etab}/@appels", seuls("enseignant", "enseignant_autre", *VIE_SCOLAIRE), 200, None),
    ("@emploi-du-temps", "GET"): (
        "{etab}/@emploi-du-temps?eleve={eleve}",
        seuls("eleve", "parent", "enseignant", *VIE_SCOLAIRE),
        200,
        None,
    ),
    ("@absences", "GET"): (
        "{etab}/@absences?eleve={eleve}",
        seuls("eleve", "parent", "enseignant", *VIE_SCOLAIRE),
        200,
        None,
    ),
    # an empty list of courses: nothing changes, but the rights are checked
    ("@absences", "POST"): ("{etab}/@absences", seuls(*VIE_SCOLAIRE), 200, {"eleve": "{eleve}", "cles": [], "motif": "MAL"}),
    ("@declarations", "GET"): ("{etab}/@declarations?eleve={eleve}", seuls("eleve", "parent", *VIE_SCOLAIRE), 200, None),
    ("@declarations", "POST"): (
        "{etab}/@declarations",
        seuls("parent", *VIE_SCOLAIRE),
        201,
        {"eleve": "{eleve}", "du": "2026-11-16", "au": "2026-11-16", "motif": "MAL"},
    ),
    ("@alertes", "GET"): ("{etab}/@alertes?du=2026-11-01&au=2026-11-30", seuls(*VIE_SCOLAIRE), 200, None),
    ("@dispenses", "GET"): ("{etab}/@dispenses?eleve={eleve}", seuls("eleve", "parent", "enseignant", *VIE_SCOLAIRE), 200, None),
    ("@dispenses", "POST"): (
        "{etab}/@dispenses",
        seuls(*VIE_SCOLAIRE),
        200,
        {"eleve": "{eleve}", "matiere": "100100", "du": "2026-11-01", "au": "2026-11-30", "motif": "Entorse"},
    ),
    ("@suivi", "GET"): ("{etab}/@suivi?eleve={eleve}", seuls(*VIE_SCOLAIRE), 200, None),
    ("@suivi", "POST"): ("{etab}/@suivi", seuls(*VIE_SCOLAIRE), 200, {"eleve": "{eleve}", "code": "INFO", "texte": "Note de suivi"}),
    # the timetable: the direction (and the region) import and edit it, the vie scolaire reads its audit
    ("@emploi-du-temps-import", "POST"): (
        "{etab}/@emploi-du-temps-import", seuls("direction", "admin"), 200, {"fichier": "am91cjtkZWJ1dDtmaW47ZGl2aXNpb247bWF0aWVyZTtlbnNlaWduYW50cztzYWxsZTtzZW1haW5lCnNhbWVkaTswODowMDswOTowMDszQTs7OzsK", "nom": "edt.csv", "confirmer": False},
    ),
    ("@emploi-du-temps-modifier", "POST"): (
        "{etab}/@emploi-du-temps-modifier", seuls("direction", "admin"), 200, {"action": "changer_salle", "cle": "{cours}", "salle": "S99"},
    ),
    ("@emploi-du-temps-journal", "GET"): ("{etab}/@emploi-du-temps-journal", seuls(*VIE_SCOLAIRE), 200, None),
    ("@notifications", "GET"): ("{site}/@notifications", {r: NON if r == "anonyme" else OK for r in ROLES}, 200, None),
    ("@notifications", "POST"): ("{site}/@notifications", {r: NON if r == "anonyme" else OK for r in ROLES}, 200, {"toutes": True}),
    # staff report (the admin does not), families read their child's punitions and sanctions, a teacher what they wrote
    ("@incidents", "GET"): ("{etab}/@incidents?eleve={eleve}", seuls("eleve", "parent", "enseignant", "enseignant_autre", *VIE_SCOLAIRE), 200, None),
    ("@incidents", "POST"): (
        "{etab}/@incidents",
        seuls("enseignant", "enseignant_autre", "cpe", "direction"),
        201,
        {"type": "incident", "eleve": "{eleve}", "quand": "2026-11-16T10:15", "description": "Incident de la matrice"},
    ),
    ("@suivi-journal", "GET"): ("{site}/@suivi-journal", seuls("admin"), 200, None),
    ("suivi-eleve", "page"): ("{etab}/@@suivi-eleve?eleve={eleve}", seuls(*VIE_SCOLAIRE), 200, None),
    ("signaler-incident", "page"): ("{etab}/@@signaler-incident", seuls("enseignant", "enseignant_autre", "cpe", "direction", "admin"), 200, None),
    ("@motifs", "GET"): ("{etab}/@motifs", {r: NON if r in ("anonyme", "cpe_autre") else OK for r in ROLES}, 200, None),
    # ("emploi-du-temps", "page"): the week grid, in lignes_edt.py
    ("vie-scolaire", "page"): ("{etab}/@@vie-scolaire", seuls(*VIE_SCOLAIRE), 200, None),
    ("statistiques-vie-scolaire", "page"): ("{etab}/@@statistiques-vie-scolaire?du=2026-11-16&au=2026-11-20", seuls(*VIE_SCOLAIRE), 200, None),
    # the direction edits the timetable; the CPE read it elsewhere
    ("gestion-emploi-du-temps", "page"): ("{etab}/@@gestion-emploi-du-temps?division=3A", seuls("direction", "admin"), 200, None),
    ("@statistiques", "GET"): ("{etab}/@statistiques?du=2026-11-16&au=2026-11-20", seuls(*VIE_SCOLAIRE), 200, None),
    ("@statistiques", "POST"): ("{etab}/@statistiques", seuls(*VIE_SCOLAIRE), 202, {"du": "2026-09-01", "au": "2026-11-30"}),
    ("@export-absences", "GET"): ("{etab}/@export-absences?du=2026-11-01&au=2026-11-30", seuls(*VIE_SCOLAIRE), 200, None),
    ("@mes-classes", "GET"): ("{etab}/@mes-classes", seuls(*VIE_SCOLAIRE), 200, None),
    ("@mes-classes", "POST"): ("{etab}/@mes-classes", seuls(*VIE_SCOLAIRE), 200, {"classes": ["3A"]}),
    ("declarer-absence", "page"): ("{etab}/@@declarer-absence?eleve={eleve}", seuls("parent", "admin"), 200, None),
    ("import-annuaire", "page"): ("{site}/@@import-annuaire", seuls("admin"), 200, None),
    ("@periodes", "GET"): ("{etab}/@periodes", {r: NON if r in ("anonyme", "cpe_autre") else OK for r in ROLES}, 200, None),
    ("@periodes", "POST"): ("{etab}/@periodes", seuls("direction", "admin"), 200, {"periodes": [
        {"code": "T1", "libelle": "Trimestre 1", "du": "2026-09-01", "au": "2026-11-30", "cloture": "2026-12-10"},
        {"code": "T2", "libelle": "Trimestre 2", "du": "2026-12-01", "au": "2027-03-05", "cloture": "2027-03-15"},
        {"code": "T3", "libelle": "Trimestre 3", "du": "2027-03-06", "au": "2027-07-03", "cloture": "2027-06-20"}]}),
    ("@coefficients", "POST"): ("{etab}/@coefficients", seuls("direction", "admin"), 200, {"division": "3A", "matiere": "{matiere}", "coefficient": "2"}),
    ("@evaluations", "GET"): ("{etab}/@evaluations?division=3A&matiere={matiere}", seuls("enseignant", "direction", "admin"), 200, None),
    ("@evaluations", "POST"): ("{etab}/@evaluations", seuls("enseignant", "direction", "admin"), 201, {
        "division": "3A", "matiere": "{matiere}", "periode": "T1", "titre": "Matrice", "date": "2026-11-16"}),
    ("@saisie-notes", "GET"): ("{etab}/@saisie-notes?division=3A&matiere={matiere}&periode=T1", seuls("enseignant", "direction", "admin"), 200, None),
    # per-cell rights: a colleague's save is answered, each cell of another's evaluation refused (test_notes)
    ("@saisie-notes", "POST"): ("{etab}/@saisie-notes", seuls("enseignant", "enseignant_autre", "cpe", "direction", "admin"), 200, {"cellules": []}),
    ("@notes-eleve", "GET"): ("{etab}/@notes-eleve?eleve={eleve}&periode=T1", seuls("eleve", "parent", "direction", "admin"), 200, None),
    ("saisie-notes", "page"): ("{etab}/@@saisie-notes", seuls("enseignant", "enseignant_autre", "cpe", "direction", "admin"), 200, None),
    ("@conseil", "GET"): ("{etab}/@conseil?division=3A&periode=T1", seuls("direction", "admin"), 200, None),
    ("@conseil", "POST"): ("{etab}/@conseil", seuls("direction", "admin"), 200, {"division": "3A", "periode": "T1", "decisions": []}),
    ("@bulletins", "GET"): ("{etab}/@bulletins?periode=T1", seuls("direction", "admin"), 200, None),
    ("@bulletins", "POST"): ("{etab}/@bulletins", seuls("direction", "admin"), 200, {"periode": "T1", "division": "3A", "action": "publier"}),
    # nothing generated in the fixture: the allowed get 404 (test_bulletins covers the PDF itself)
    ("@bulletin", "GET"): ("{etab}/@bulletin?eleve={eleve}&periode=T1", {r: 404 if r in ("eleve", "parent", "direction", "admin") else NON for r in ROLES}, 404, None),
    # the demo lacks the teachers' STS ids: the allowed get the list of what is missing (test_lsu: the valid file)
    ("@lsu", "GET"): ("{etab}/@lsu?periode=T1", {r: 409 if r in ("direction", "admin") else NON for r in ROLES}, 409, None),
    ("@lsu", "POST"): ("{etab}/@lsu", seuls("direction", "admin"), 200, {"enseignants": {}}),
    ("@notes-export", "GET"): ("{etab}/@notes-export?format=json", seuls("direction", "admin"), 200, None),
    # an empty file: refused as bad input once the rights are checked (test_transfert_notes: the real round trip)
    ("@notes-import", "POST"): ("{etab}/@notes-import", {r: 400 if r in ("direction", "admin") else NON for r in ROLES}, 400,
                                {"fichier": "", "nom": "vide.csv", "confirmer": False}),
    # droits.lit_eleve: the student, their parents, the direction (the PP too: test_mes_notes)
    ("mes-notes", "page"): ("{etab}/@@mes-notes?eleve={eleve}&periode=T1", seuls("eleve", "parent", "direction", "admin"), 200, None),
    # the direction and the class's professeur principal (no persona here: test_conseil_page)
    ("conseil-de-classe", "page"): ("{etab}/@@conseil-de-classe?division=3A&periode=T1", seuls("direction", "admin"), 200, None),
    ("bulletins", "page"): ("{etab}/@@bulletins", seuls("direction", "admin"), 200, None),
    ("transfert-notes", "page"): ("{etab}/@@transfert-notes", seuls("direction", "admin"), 200, None),
    ("mon-profil", "page"): ("{site}/@@mon-profil", {r: NON if r == "anonyme" else OK for r in ROLES}, 200, None),
    ("@mon-profil", "GET"): ("{site}/@mon-profil", {r: NON if r == "anonyme" else OK for r in ROLES}, 200, None),
}


# the rows of each area live beside its tests, one lignes_<area>.py file each, all merged here: a new area adds
# its file and nothing else
import importlib  # noqa: E402
from pathlib import Path  # noqa: E402

for _fichier in sorted(Path(__file__).parent.glob("lignes_*.py")):
    _lignes = importlib.import_module(f"tests.integration.{_fichier.stem}").LIGNES
    assert not set(_lignes) & set(MATRICE), f"a row of {_fichier.name} is defined twice"
    MATRICE.update(_lignes)


SERVICE_NAME = re.compile(r"^(GET|POST|PUT|PATCH|DELETE)_application_json_(@.+)$")


def cartable_endpoints():
    """(name, method) of every browser view and REST service registered by cartable.*"""
    found = set()
    for registration in getGlobalSiteManager().registeredAdapters():
        factory = registration.factory
        mro = getattr(factory, "__mro__", ())
        if not any(getattr(k, "__module__", "").startswith("cartable.") for k in mro):
            continue
        required = registration.required
        if len(required) != 2 or not registration.name:
            continue
        service = SERVICE_NAME.match(registration.name)  # plone.rest's naming of a service view
        found.add((service.group(2), service.group(1)) if service else (registration.name, "page"))
    return found


def test_every_endpoint_has_a_row(functional):
    registered = cartable_endpoints()
    assert ("@annuaire-eleve", "GET") in registered and ("eleve", "page") in registered  # the scan sees both kinds
    assert registered == set(MATRICE), "each new endpoint needs a row in MATRICE"


def call(site, role, key):
    path, _, _, body = MATRICE[key]
    url = path.format(**site["paths"])
    if isinstance(body, dict):
        body = {k: v.format(**site["paths"]) if isinstance(v, str) else v for k, v in body.items()}
    method = key[1] if key[1] != "page" else "GET"
    headers = {"Accept": "text/html"} if key[1] == "page" else None
    return client(site, role).request(method, url, body, headers=headers, allow_redirects=False)


@pytest.mark.parametrize("key", sorted(MATRICE), ids=lambda k: f"{k[1]} {k[0]}")
def test_matrix_row(site, key):
    _, expected, success, _ = MATRICE[key]
    problems = []
    for role in ROLES:
        response = call(site, role, key)
        status = response.status_code
        want = expected[role]
        if isinstance(want, int):
            ok = status == want
        elif want == OK:
            ok = status == success
        else:
            login_redirect = status == 302 and "login" in response.headers.get("Location", "")
            ok = status in (401, 403) or (key[1] == "page" and login_redirect)
            nom, prenom = site["secret"]
            if role != "eleve" and f"{prenom} {nom}" in response.text:
                problems.append(f"{role}: refusal body leaks the student's name")
        if not ok:
            problems.append(f"{role}: expected {want} ({success} when ok), got {status}")
    assert problems == [], "\n".join(problems)


def test_parent_sees_only_their_children(site, region):
    parent = client(site, "parent").get(f"{site['url']}/@mon-profil", timeout=30).json()
    assert [e["id"] for e in parent["enfants"]] == [region["personas"]["eleve"]]
    other = client(site, "parent_autre").get(f"{site['url']}/@mon-profil", timeout=30).json()
    assert region["personas"]["eleve"] not in [e["id"] for e in other["enfants"]]
    page = client(site, "parent").page(f"{site['url']}/@@mon-profil", timeout=30)
    nom, prenom = site["secret"]
    assert f"{prenom} {nom}" in page.text


def test_direction_gets_the_codes_of_its_class(site):
    direction = client(site, "direction")
    csv_text = direction.page(f"{site['paths']['classe']}/@@codes-activation", timeout=30).text
    letters = direction.page(f"{site['paths']['classe']}/@@lettres-activation", timeout=30).text
    rows = [line.split(";") for line in csv_text.lstrip("\ufeff").splitlines()]
    assert rows[0] == ["classe", "eleve", "nom", "prenom", "categorie", "identifiant", "code_activation"]
    assert len(rows) > 40  # ~30 students and their legal responsables, minus the accounts set up here
    for _, _, _, _, _, login, code in rows[1:4]:
        assert login in letters and code in letters
    nom, prenom = site["secret"]
    assert f"{prenom} {nom}" not in "".join(r[2] + r[3] for r in rows)  # activated accounts have no code to print
