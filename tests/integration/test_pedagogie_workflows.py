"""The pedagogy workflows hold for every role: per state, who views and who modifies; per transition, who may make it.

Each check switches to the person's user as a request would (their local roles
come from the directory, through borg.localrole), in the test's process; the
REST checks go through the real server. Roles: the teacher of the space, a
teacher of another class, a student of the space, a classmate (for hand-ins),
a student of another class, the student's parent, the parent of another
3A family, a CPE and the direction of the school, a CPE of another school,
the regional administrator (Site Administrator).
"""

import sys
from datetime import datetime, timedelta, timezone

import pytest
import requests
import transaction
from AccessControl.SecurityManagement import getSecurityManager, newSecurityManager, setSecurityManager
from DateTime import DateTime
from plone import api
from zope.annotation.interfaces import IAnnotations
from zope.globalrequest import getRequest
from zope.interface import alsoProvides, noLongerProvides

from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge, periodique
from cartable.pedagogie.content.rendu import ICorrectionEnCours
from cartable.pedagogie.suivi import periodiques
from cartable.testing import donner_le_mot_de_passe
from tests.integration.requetes import PASSWORD

JSON = {"Accept": "application/json"}
ROLES = ("enseignant", "enseignant_autre", "eleve", "camarade", "eleve_autre", "parent", "parent_autre", "cpe",
         "direction", "cpe_autre", "admin")
PROFS = {"enseignant", "admin"}
LECTEURS = {"enseignant", "eleve", "camarade", "cpe", "direction", "admin"}  # the space's members and its school's staff


def maintenant():
    return horloge.instant()


def chemin(site, cle):
    return site["paths"][cle][len(site["url"]) + 1:]


@pytest.fixture
def monde(functional_demo, site):
    """The fixture's 3A space, the logins of every role, a Devoir open now, and helpers."""
    portal = functional_demo["portal"]
    annuaire = lire_annuaire(portal)
    logins = dict(site["logins"])
    espace = portal.unrestrictedTraverse(chemin(site, "espace"))
    structure = espace.structure()
    eleve = annuaire.par_login(logins["eleve"])
    extra = {
        "camarade": next(i for i in annuaire.eleves(structure, "3A") if i != eleve.id),
        "eleve_autre": next(i for i in annuaire.eleves(structure, "3B")),
    }
    for role, ident in extra.items():
        personne = annuaire.personne(ident)
        donner_le_mot_de_passe(personne)
        logins[role] = personne.login
    transaction.commit()
    return {"portal": portal, "annuaire": annuaire, "logins": logins, "espace": espace, "eleve": eleve,
            "structure": structure}


def en_tant_que(monde, role, fonction):
    """Run ``fonction()`` with the security of ``role``'s user."""
    portal = monde["portal"]
    user = portal.acl_users.getUserById(monde["logins"][role])
    assert user is not None, role
    # a new request each time: borg.localrole caches roles on the request, and a real request is new
    annotations = IAnnotations(portal.REQUEST)
    for cle in [c for c in annotations if str(c).startswith("borg.localrole")]:
        del annotations[cle]
    avant = getSecurityManager()
    newSecurityManager(None, user.__of__(portal.acl_users))
    try:
        return fonction()
    finally:
        setSecurityManager(avant)


def qui_peut(monde, permission, objet):
    return {r for r in ROLES if en_tant_que(monde, r, lambda: bool(getSecurityManager().checkPermission(permission, objet)))}


def transitions(monde, objet):
    """{transition: {roles who may make it now}}."""
    wf = api.portal.get_tool("portal_workflow")
    resultat = {}
    for role in ROLES:
        for t in en_tant_que(monde, role, lambda: wf.getTransitionsFor(objet)):
            resultat.setdefault(t["id"], set()).add(role)
    return resultat


def verifier(monde, objet, etat, voir, modifier, permises, autres=None):
    assert api.content.get_state(objet) == etat
    assert qui_peut(monde, "View", objet) == voir, f"View in {etat}"
    assert qui_peut(monde, "Modify portal content", objet) == modifier, f"Modify in {etat}"
    assert transitions(monde, objet) == permises, f"transitions from {etat}"
    for permission, roles in (autres or {}).items():
        assert qui_peut(monde, permission, objet) == roles, f"{permission} in {etat}"


def creer(conteneur, type_, id_, **champs):
    with api.env.adopt_roles(["Manager"]):
        return api.content.create(container=conteneur, type=type_, id=id_, safe_id=False, **champs)


def passer(objet, *noms):
    with api.env.adopt_roles(["Manager"]):
        for nom in noms:
            api.content.transition(obj=objet, transition=nom)


def devoir_ouvert(espace, id_="devoir-wf", **dates):
    ici = maintenant().replace(tzinfo=None, microsecond=0)  # naive = Paris in the form; a day's margin either way
    champs = {"ouverture": ici - timedelta(days=2), "echeance": ici + timedelta(days=2), "texte_attendu": True}
    champs.update(dates)
    return creer(espace, "Devoir", id_, title="Devoir du workflow", **champs)


# -- per workflow --------------------------------------------------------------------------------


def test_espace_workflow(monde):
    verifier(monde, monde["espace"], "ouvert", LECTEURS, PROFS, {})
    # parents go through the space to its cahier de textes, without reading the space itself
    assert qui_peut(monde, "Access contents information", monde["espace"]) == LECTEURS | {"parent", "parent_autre"}


def test_cahier_workflow(monde):
    cahier = monde["espace"]["cahier-de-textes"]
    verifier(monde, cahier, "ouvert", LECTEURS | {"parent", "parent_autre"}, PROFS, {})
    assert qui_peut(monde, "Cartable: Viser le cahier de textes", cahier) == {"direction", "admin"}


def test_cours_workflow(monde):
    espace = monde["espace"]
    document = creer(espace, "Document", "lecon-wf", title="Leçon")
    assert api.portal.get_tool("portal_workflow").getChainFor(document) == ("cartable_cours_workflow",)
    verifier(monde, document, "prive", PROFS, PROFS, {"rendre_visible": PROFS})
    passer(document, "rendre_visible")
    verifier(monde, document, "visible", LECTEURS, PROFS, {"rendre_prive": PROFS})
    passer(document, "rendre_prive")
    document.setEffectiveDate(DateTime() + 2)  # two days ahead
    verifier(monde, document, "prive", PROFS, PROFS, {"programmer": PROFS})
    passer(document, "programmer")
    # before the date: nobody publishes it by hand (only the periodic tour, once the date is reached)
    verifier(monde, document, "programme", PROFS, PROFS, {"rendre_prive": PROFS})
    # the same document outside a space keeps the site's usual workflow
    ailleurs = creer(monde["portal"], "Document", "hors-espace", title="Hors espace")
    assert api.portal.get_tool("portal_workflow").getChainFor(ailleurs) != ("cartable_cours_workflow",)


def test_devoir_workflow(monde):
    devoir = devoir_ouvert(monde["espace"])
    remettre = "Cartable: Remettre un devoir"
    verifier(monde, devoir, "brouillon", PROFS, PROFS, {"publier": PROFS}, {remettre: set()})
    passer(devoir, "publier")
    verifier(monde, devoir, "publie", LECTEURS, PROFS, {"clore": PROFS}, {remettre: {"eleve", "camarade"}})
    passer(devoir, "clore")
    verifier(monde, devoir, "clos", LECTEURS, PROFS, {"rouvrir": PROFS}, {remettre: set()})
    passer(devoir, "rouvrir")
    assert api.content.get_state(devoir) == "publie"


def test_rendu_workflow(monde):
    devoir = devoir_ouvert(monde["espace"])
    passer(devoir, "publier")
    eleve = monde["eleve"].id
    rendu = creer(devoir, "Rendu", eleve, title="Rendu", eleve=eleve, texte="Ma réponse.")
    auteur_et_profs = {"eleve", "enseignant", "admin"}
    # a draft is the student's alone; a classmate never sees another's hand-in, in any state
    verifier(monde, rendu, "brouillon", {"eleve", "admin"}, {"eleve", "admin"}, {"remettre": {"eleve"}})
    # the teacher's transitions are the marking table's: its request carries the marker (test_devoirs_rendus
    # goes through it); here the request is marked so that each role's right is checked
    alsoProvides(getRequest(), ICorrectionEnCours)
    en_tant_que(monde, "eleve", lambda: api.portal.get_tool("portal_workflow").doActionFor(rendu, "remettre"))
    assert rendu.remis_le is not None and rendu.en_retard is False  # recorded even outside @rendu
    # handed in: nobody edits it but the region (the teacher marks through @correction; issue 13)
    verifier(monde, rendu, "remis", auteur_et_profs, {"admin"}, {"rouvrir": PROFS, "corriger": PROFS})
    passer(rendu, "rouvrir")
    verifier(monde, rendu, "rouvert", auteur_et_profs, {"eleve", "admin"}, {"remettre": {"eleve"}})
    en_tant_que(monde, "eleve", lambda: api.portal.get_tool("portal_workflow").doActionFor(rendu, "remettre"))
    passer(rendu, "corriger")
    verifier(monde, rendu, "corrige", auteur_et_profs, {"admin"}, {"corriger": PROFS, "restituer": PROFS})
    passer(rendu, "restituer")
    verifier(monde, rendu, "restitue", auteur_et_profs, {"admin"}, {})
    noLongerProvides(getRequest(), ICorrectionEnCours)


def test_teacher_transitions_refused_through_bare_workflow(monde, site):
    """POST {rendu}/@workflow/corriger|restituer skips the mark's checks and the grades hand-off: refused."""
    devoir = devoir_ouvert(monde["espace"], "devoir-nu")
    passer(devoir, "publier")
    eleve = monde["eleve"].id
    rendu = creer(devoir, "Rendu", eleve, title="Rendu", eleve=eleve, texte="Ma réponse.")
    en_tant_que(monde, "eleve", lambda: api.portal.get_tool("portal_workflow").doActionFor(rendu, "remettre"))
    transaction.commit()
    auth = (monde["logins"]["enseignant"], PASSWORD)
    for nom in ("corriger", "rouvrir"):
        refus = requests.post(f"{site['paths']['espace']}/devoir-nu/{eleve}/@workflow/{nom}", headers=JSON, auth=auth, timeout=60)
        assert refus.status_code in (400, 403, 409), refus.text
    transaction.begin()
    assert api.content.get_state(rendu) == "remis"


def test_rendu_after_the_cut_off_refused_even_through_workflow(monde, site):
    """POST {rendu}/@workflow/remettre is refused after the cut-off, accepted before (and late is flagged)."""
    ici = maintenant().replace(tzinfo=None, microsecond=0)
    eleve = monde["eleve"].id
    ferme = devoir_ouvert(monde["espace"], "devoir-ferme", ouverture=ici - timedelta(days=5),
                          echeance=ici - timedelta(days=3), date_limite=ici - timedelta(days=1))
    en_retard = devoir_ouvert(monde["espace"], "devoir-en-retard", ouverture=ici - timedelta(days=5),
                              echeance=ici - timedelta(days=3))
    for devoir in (ferme, en_retard):
        passer(devoir, "publier")
        creer(devoir, "Rendu", eleve, title="Rendu", eleve=eleve, texte="Ma réponse.")
    transaction.commit()
    auth = (monde["logins"]["eleve"], PASSWORD)
    base = site["paths"]["espace"]
    refus = requests.post(f"{base}/devoir-ferme/{eleve}/@workflow/remettre", headers=JSON, auth=auth, timeout=60)
    assert refus.status_code in (400, 403, 409), refus.text
    accepte = requests.post(f"{base}/devoir-en-retard/{eleve}/@workflow/remettre", headers=JSON, auth=auth, timeout=60)
    assert accepte.status_code == 200, accepte.text
    transaction.begin()
    assert api.content.get_state(ferme[eleve]) == "brouillon"
    assert api.content.get_state(en_retard[eleve]) == "remis"
    assert en_retard[eleve].en_retard is True and en_retard[eleve].retard_secondes > 2 * 86400
    # an empty draft is not handed in either, whatever the endpoint
    vide = devoir_ouvert(monde["espace"], "devoir-vide")
    passer(vide, "publier")
    creer(vide, "Rendu", eleve, title="Rendu", eleve=eleve)
    transaction.commit()
    refus_vide = requests.post(f"{base}/devoir-vide/{eleve}/@workflow/remettre", headers=JSON, auth=auth, timeout=60)
    assert refus_vide.status_code in (400, 403, 409), refus_vide.text
    transaction.begin()
    assert api.content.get_state(vide[eleve]) == "brouillon"
    # a classmate cannot hand in someone else's work either
    camarade = (monde["logins"]["camarade"], PASSWORD)
    autre = requests.post(f"{base}/devoir-en-retard/{eleve}/@workflow/rouvrir", headers=JSON, auth=camarade, timeout=60)
    assert autre.status_code in (401, 403, 404), autre.text


def test_a_student_who_leaves_the_class_loses_access_at_once(monde, site):
    espace, annuaire, eleve = monde["espace"], monde["annuaire"], monde["eleve"]
    devoir = espace["devoir-matrice"]
    cahier = espace["cahier-de-textes"]
    for objet in (espace, devoir, cahier):
        assert "eleve" in qui_peut(monde, "View", objet)
    auth = (monde["logins"]["eleve"], PASSWORD)
    assert requests.get(site["paths"]["espace"], headers=JSON, auth=auth, timeout=60).status_code == 200
    # the directory moves them to 3B (what the AAF delta does): no local role was stored, none to clean
    avant = annuaire.entrees(eleve)
    attributs = dict(eleve.attributs)
    attributs["ENTEleveClasses"] = [f"{monde['structure']}$3B"]
    eleve.remplacer(attributs)
    annuaire.reindexer(eleve, avant)
    transaction.commit()
    for objet in (espace, devoir, cahier):
        assert "eleve" not in qui_peut(monde, "View", objet)
    assert requests.get(site["paths"]["espace"], headers=JSON, auth=auth, timeout=60).status_code in (401, 403)
    # and their parent no longer reads the 3A cahier de textes
    assert "parent" not in qui_peut(monde, "View", cahier)


# -- scheduled publication: the periodic tour -------------------------------------------------------


def test_scheduled_content_becomes_visible_once_the_tour_runs_past_its_date(monde, site, functional_demo, monkeypatch):
    espace = monde["espace"]
    # the workflow guard reads Zope's DateTime, the tour Cartable's clock: one clock for both here
    monkeypatch.setattr(sys.modules["DateTime.DateTime"], "time", horloge.horodatage)
    document = creer(espace, "Document", "lecon-programmee", title="Leçon programmée")
    date = DateTime() + 1
    document.setEffectiveDate(date)
    document.reindexObject()
    en_tant_que(monde, "enseignant", lambda: api.portal.get_tool("portal_workflow").doActionFor(document, "programmer"))
    transaction.commit()
    url = f"{site['paths']['espace']}/lecon-programmee"
    eleve = (monde["logins"]["eleve"], PASSWORD)
    huey = periodique.tasks.get_huey()
    taches = {periodiques.PUBLICATION.nom: periodiques.PUBLICATION}

    bilan = periodique.faire_le_tour(functional_demo["zodbDB"], "/plone", huey, maintenant(), taches)
    assert bilan == {periodiques.PUBLICATION.nom: {"publies": 0}}
    assert requests.get(url, headers=JSON, auth=eleve, timeout=60).status_code in (401, 403)

    # the clock moves past the date: the guard's DateTime and the tour's instant alike
    plus_tard = date.timeTime() + 60
    monkeypatch.setattr(sys.modules["DateTime.DateTime"], "time", lambda: plus_tard)
    bilan = periodique.faire_le_tour(functional_demo["zodbDB"], "/plone", huey,
                                     datetime.fromtimestamp(plus_tard, timezone.utc), taches)
    assert bilan == {periodiques.PUBLICATION.nom: {"publies": 1}}
    monkeypatch.undo()
    transaction.begin()
    assert api.content.get_state(espace["lecon-programmee"]) == "visible"
    assert requests.get(url, headers=JSON, auth=eleve, timeout=60).status_code == 200
    assert espace["lecon-programmee"].workflow_history["cartable_cours_workflow"][-1]["actor"] == periodique.TECHNIQUE


def test_internal_tasks_cannot_be_asked_for_through_cartable_tasks(site):
    for nom in ("cartable.pedagogie.suivi.notifications.deposer_notifications",
                "cartable.pedagogie.espaces.synchroniser_espaces", periodique.TOUR):
        reponse = requests.post(f"{site['url']}/@cartable-tasks", json={"name": nom, "params": {}}, headers=JSON,
                                auth=("admin.region", PASSWORD), timeout=60)
        assert reponse.status_code in (400, 403), (nom, reponse.text)


# -- upgrade step 1000 → 1001 ------------------------------------------------------------------------

TYPES = ("EspaceCours", "Sequence", "Devoir", "Rendu", "CahierDeTextes")
WORKFLOWS = ("cartable_espace_workflow", "cartable_cours_workflow", "cartable_devoir_workflow",
             "cartable_rendu_workflow", "cartable_cahier_workflow")


def test_upgrade_1001_to_1002_reserves_sharing_to_administrators(integration):
    portal = integration["portal"]
    setup = portal.portal_setup
    portal.manage_permission("Sharing page: Delegate roles", ["Manager", "Editor", "Owner"], acquire=True)
    setup.setLastVersionForProfile("cartable.pedagogie:default", "1001")
    setup.upgradeProfile("cartable.pedagogie:default")
    roles = {r["name"] for r in portal.rolesOfPermission("Sharing page: Delegate roles") if r["selected"]}
    assert roles == {"Manager", "Site Administrator"}


def test_upgrade_1000_to_1001_installs_types_workflows_and_roles(integration):
    portal = integration["portal"]
    setup, wf = portal.portal_setup, portal.portal_workflow
    registre = api.portal.get_tool("portal_registry")
    # a site of the 1000 profile: none of it yet
    portal.portal_types.manage_delObjects(list(TYPES))
    wf.manage_delObjects(list(WORKFLOWS))
    del registre.records[periodiques.HEURE_RESUME]
    portal.__ac_roles__ = tuple(r for r in portal.__ac_roles__ if r not in ("Eleve de l'espace", "Auteur du rendu"))
    setup.setLastVersionForProfile("cartable.pedagogie:default", "1000")
    assert "Devoir" not in portal.portal_types and "cartable_rendu_workflow" not in wf.objectIds()

    setup.upgradeProfile("cartable.pedagogie:default")

    assert setup.getLastVersionForProfile("cartable.pedagogie:default") == ("1004",)
    assert set(TYPES) <= set(portal.portal_types.objectIds())
    assert set(WORKFLOWS) <= set(wf.objectIds())
    assert wf.getChainForPortalType("Rendu") == ("cartable_rendu_workflow",)
    assert wf.getChainForPortalType("Devoir") == ("cartable_devoir_workflow",)
    assert {"Eleve de l'espace", "Auteur du rendu"} <= set(portal.__ac_roles__)
    assert api.portal.get_registry_record(periodiques.HEURE_RESUME) == "18:00"
    assert "publie" in wf["cartable_devoir_workflow"].states.objectIds()
