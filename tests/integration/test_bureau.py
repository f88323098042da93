"""Mon bureau: the site's home for everyone, its blocks per role, and what never leaks between people.

The blocks come from every add-on (cartable.core.bureau); these tests read the page and ``@bureau``
through the real server as each demo persona. The blocks' content is tested beside each module
(test_bureau_viescolaire, test_bureau_pedagogie, test_bureau_notes); here: the frame, and the
matrix — a block for one role never renders another's data.
"""

import re

import pytest
import transaction
from zope.component import getGlobalSiteManager
from zope.interface import implementer

from cartable.core.bureau import INDISPONIBLE, IBlocBureau
from tests.integration.requetes import client

ROLES = ("eleve", "parent", "parent_autre", "enseignant", "enseignant_autre", "cpe", "direction", "cpe_autre", "admin")
# who may read the demo's followed student by name (site["secret"]): themselves, their family, their
# teacher, the vie scolaire of their establishment and the region
VOIENT_L_ELEVE = {"eleve", "parent", "enseignant", "cpe", "direction", "admin"}


def test_the_site_root_is_mon_bureau_for_everyone(site):
    for role in ROLES:
        page = client(site, role).page(site["url"], allow_redirects=False)
        assert page.status_code == 200, role
        assert "Mon bureau" in page.text, role
        assert site["logins"][role] not in re.sub(r'href="[^"]*"', "", page.text) or role == "admin", \
            f"{role}: the login is shown as a name"


def test_anonymous_visitors_get_the_public_home(site, region):
    page = client(site, "anonyme").page(site["url"], allow_redirects=False)
    assert page.status_code == 200
    assert "Se connecter" in page.text and "Activer mon compte" in page.text
    assert "Les établissements" in page.text
    nom, prenom = site["secret"]
    assert f"{prenom} {nom}" not in page.text
    assert client(site, "anonyme").get(f"{site['url']}/@bureau").status_code == 401


def test_bureau_says_the_persons_name_and_the_date_in_words(site):
    for role in ROLES:
        bureau = client(site, role).get(f"{site['url']}/@bureau").json()
        assert bureau["date"] == "lundi 16 novembre", role  # the site fixture's day, in words
        assert bureau["personne"] and bureau["personne"] != site["logins"][role], role
        assert bureau["menu"][0]["texte"] == "Mon bureau"
        for bloc in bureau["blocs"]:
            assert bloc["titre"] and isinstance(bloc["lignes"], list), (role, bloc)
            for ligne in bloc["lignes"]:
                assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", ligne["texte"] + (ligne.get("detail") or "")), \
                    f"{role}: an ISO date in {ligne}"


def test_a_parent_sees_their_children_and_nobody_elses(site):
    nom, prenom = site["secret"]
    parent = client(site, "parent").get(f"{site['url']}/@bureau").json()
    enfants = [b for b in parent["blocs"] if b["nom"] == "cartable.annuaire.enfants"]
    assert [l["texte"] for l in enfants[0]["lignes"]] == [f"{prenom} {nom}"]
    autre = client(site, "parent_autre").get(f"{site['url']}/@bureau").json()
    enfants_autre = [b for b in autre["blocs"] if b["nom"] == "cartable.annuaire.enfants"]
    assert enfants_autre and f"{prenom} {nom}" not in [l["texte"] for l in enfants_autre[0]["lignes"]]


@pytest.mark.parametrize("role", ROLES)
def test_no_block_renders_another_persons_data(site, role):
    """The access matrix of Mon bureau: every block of every add-on, as each role."""
    nom, prenom = site["secret"]
    reponse = client(site, role).get(f"{site['url']}/@bureau")
    assert reponse.status_code == 200
    page = client(site, role).page(site["url"])
    assert page.status_code == 200
    if role not in VOIENT_L_ELEVE:
        assert f"{prenom} {nom}" not in reponse.text, f"{role} reads the student's name in {reponse.json()['blocs']}"
        assert f"{prenom} {nom}" not in page.text, f"{role} reads the student's name on Mon bureau"
    noms = {b["nom"] for b in reponse.json()["blocs"]}
    assert ("cartable.annuaire.region" in noms) == (role == "admin")
    assert ("cartable.annuaire.enfants" in noms) == role.startswith("parent")


FAMILLES = {"eleve", "parent", "parent_autre"}
ENSEIGNANTS = {"enseignant", "enseignant_autre"}
VIE_SCOLAIRE = {"cpe", "direction", "cpe_autre"}
# The matrix of Mon bureau's blocks: who may ever get each one (a block absent today is fine, a block
# outside its row is a leak). A block not in this table fails: each new block needs its row.
BLOCS = {
    "cartable.annuaire.region": {"admin"},
    "cartable.annuaire.enfants": {"parent", "parent_autre"},
    "cartable.notes.dernieres_notes": FAMILLES,
    "cartable.notes.carnets": ENSEIGNANTS,
    "cartable.notes.conseils": ENSEIGNANTS | {"direction"},
    "cartable.notes.bulletins": FAMILLES | {"direction"},
    "cartable.pedagogie.travail": FAMILLES,
    "cartable.pedagogie.devoirs": FAMILLES,
    "cartable.pedagogie.copies": ENSEIGNANTS,
    "cartable.pedagogie.cahier": ENSEIGNANTS,
    "cartable.pedagogie.espaces": FAMILLES | ENSEIGNANTS,
    "cartable.pedagogie.visa": {"direction"},
    "cartable.viescolaire.cours_enseignant": ENSEIGNANTS,
    "cartable.viescolaire.alertes_classe": ENSEIGNANTS,
    "cartable.viescolaire.cours_eleve": {"eleve"},
    "cartable.viescolaire.absences_eleve": {"eleve"},
    "cartable.viescolaire.famille": {"parent", "parent_autre"},
    "cartable.viescolaire.cpe": VIE_SCOLAIRE,
    "cartable.viescolaire.direction": {"direction"},
    "cartable.etablissement.actualites": FAMILLES | ENSEIGNANTS | VIE_SCOLAIRE,
    "cartable.etablissement.a_publier": {"direction"},  # the direction is an editor of its school
    "cartable.messagerie.non_lus": FAMILLES | ENSEIGNANTS | VIE_SCOLAIRE,
}
# what each role must find on its desk at the fixture's moment (Monday 10:30)
ATTENDUS = {
    "eleve": {"cartable.viescolaire.cours_eleve", "cartable.pedagogie.travail", "cartable.notes.dernieres_notes"},
    "parent": {"cartable.annuaire.enfants", "cartable.viescolaire.famille", "cartable.pedagogie.devoirs"},
    "enseignant": {"cartable.viescolaire.cours_enseignant", "cartable.notes.carnets", "cartable.pedagogie.espaces"},
    "cpe": {"cartable.viescolaire.cpe"},
    "direction": {"cartable.viescolaire.direction", "cartable.pedagogie.visa"},
    "admin": {"cartable.annuaire.region"},
}


def test_each_block_renders_only_for_its_roles(site):
    vus = {role: {b["nom"] for b in client(site, role).get(f"{site['url']}/@bureau").json()["blocs"]} for role in ROLES}
    inconnus = set().union(*vus.values()) - set(BLOCS)
    assert not inconnus, f"blocks without a row in BLOCS: {inconnus}"
    fuites = {(nom, role) for role, noms in vus.items() for nom in noms if role not in BLOCS[nom]}
    assert not fuites, f"blocks rendered outside their row: {sorted(fuites)}"
    for role, attendus in ATTENDUS.items():
        assert attendus <= vus[role], f"{role} misses {attendus - vus[role]}"


@implementer(IBlocBureau)
class BlocEnPanne:
    ordre = 0

    def blocs(self, site, lecteur):
        raise RuntimeError("panne")


def test_a_failing_block_never_hides_the_home(site):
    gsm = getGlobalSiteManager()
    gsm.registerUtility(BlocEnPanne(), IBlocBureau, name="test.en_panne")
    try:
        reponse = client(site, "eleve").get(f"{site['url']}/@bureau")
        assert reponse.status_code == 200
        panne = [b for b in reponse.json()["blocs"] if b["nom"] == "test.en_panne"]
        assert panne[0]["vide"] == INDISPONIBLE
        page = client(site, "eleve").page(site["url"])
        assert page.status_code == 200 and INDISPONIBLE in page.text
    finally:
        gsm.unregisterUtility(provided=IBlocBureau, name="test.en_panne")


def test_reading_mon_bureau_writes_nothing(site, functional_demo):
    db = functional_demo["zodbDB"]
    client(site, "eleve").page(site["url"])  # a fresh test site's first page writes Plone's first-render state
    transaction.begin()
    avant = db.lastTransaction()
    for role in ROLES:
        client(site, role).page(site["url"])
        client(site, role).get(f"{site['url']}/@bureau")
    transaction.begin()
    assert db.lastTransaction() == avant


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_entry_opens_for_its_person(site, role):
    """The menu only offers what the person may open: every entry answers 200, never a refusal or a login form."""
    personne = client(site, role)
    menu = personne.get(f"{site['url']}/@bureau").json()["menu"]
    assert menu and menu[0]["texte"] == "Mon bureau"
    problemes = []
    for entree in menu:
        page = personne.page(entree["lien"].split("#")[0], allow_redirects=False)
        if page.status_code != 200:
            problemes.append(f"{entree['texte']} ({entree['lien']}): {page.status_code} {page.headers.get('Location', '')}")
    assert not problemes, "\n".join(problemes)
