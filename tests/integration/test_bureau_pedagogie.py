"""Mon bureau, pedagogy blocks and menu entries (cartable.pedagogie.bureau), per role, on the demo region.

The clock is frozen on Tuesday 17 November 2026 at 10:00 (tests/conftest.py). The matrix space (the
teacher's 3A space) holds the published « Devoir de la matrice », due Tuesday 1 December at 18:00; each
test writes what it reads (a cahier entry on Monday's course, ticks, hand-ins) in its own DemoStorage.
The blocks are read from the registered utilities, for a reader made from the directory as ``Lecteur``
makes it once the persona is logged in.
"""

import json
import re
from dataclasses import replace
from datetime import date, datetime, timezone
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
import transaction
from Acquisition import aq_parent
from DateTime import DateTime
from plone import api
from zope.component import getUtilitiesFor, getUtility

from cartable.annuaire.lecteur import Lecteur
from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge
from cartable.core.bureau import IBlocBureau, IEntreesMenu
from cartable.pedagogie.agenda import cahier, lecture
from cartable.pedagogie.agenda.stockage import faits_pour_ecrire
from cartable.pedagogie.devoirs import remises
from cartable.regles import acces
from cartable.viescolaire.stockage import lire_vie_scolaire

PEDAGOGIE = "cartable.pedagogie."
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
TRAVAIL = "Exercices 4 et 5 p. 52"


@pytest.fixture
def monde(integration_demo):
    portal = integration_demo["portal"]
    demo = integration_demo["cartable_demo"]
    personas = demo["region"]["personas"]
    annuaire = lire_annuaire(portal)
    ids = {"eleve": personas["eleve"], "parent": personas["parent"], "parent_autre": personas["parent_autre_famille"],
           "enseignant": personas["enseignant"], "enseignant_autre": personas["enseignant_autre_classe"],
           "cpe": personas["cpe"][1], "direction": personas["direction"]}
    espace = portal.unrestrictedTraverse(demo["chemins"]["espace"].lstrip("/"))
    return SimpleNamespace(portal=portal, annuaire=annuaire, ids=ids, espace=espace, cours=demo["cours"],
                           devoir=portal.unrestrictedTraverse(demo["chemins"]["devoir"].lstrip("/")),
                           eleve=annuaire.personne(ids["eleve"]))


def lecteur(monde, role):
    """The reader ``Lecteur(site)`` makes for this persona once logged in (its directory record)."""
    qui = Lecteur.__new__(Lecteur)
    qui.annuaire, qui.anonyme, qui.admin = monde.annuaire, False, False
    qui.personne = monde.annuaire.personne(monde.ids[role])
    qui.login = qui.personne.login
    return qui


def blocs(monde, role):
    """The pedagogy's blocks, as ``cartable.core.bureau.blocs`` orders and names them (called directly: a
    failing block must fail here, not turn into the page's notice; the other modules' blocks are theirs)."""
    trouves = []
    for nom, fournisseur in sorted(getUtilitiesFor(IBlocBureau), key=lambda nu: (nu[1].ordre, nu[0])):
        if nom.startswith(PEDAGOGIE):
            trouves += [dict(b, nom=nom) for b in fournisseur.blocs(monde.portal, lecteur(monde, role))]
    return trouves


def par_titre(liste):
    return {(b["titre"], b["sous_titre"]): b for b in liste}


def menu(monde, role):
    entrees = getUtility(IEntreesMenu, name="cartable.pedagogie.menu").entrees(monde.portal, lecteur(monde, role))
    return [(e["texte"], e["lien"]) for e in sorted(entrees, key=lambda e: (e["ordre"], e["texte"]))]


def seance_de_lundi(monde, **donnees):
    """The teacher writes the cahier entry of Monday's 3A course (the timetable's occurrence key)."""
    return cahier.ecrire(monde.espace, lecteur(monde, "enseignant"), {"cle": monde.cours, **donnees})


def rendu(monde, eleve_id, etat, remis_le=None):
    """A hand-in of the matrix Devoir in ``etat`` (the workflow's state set directly: the hand-in rules have
    their own tests, here only the reading of the state matters)."""
    with api.env.adopt_roles(["Manager"]):
        objet = api.content.create(container=monde.devoir, type="Rendu", id=eleve_id, title="Rendu",
                                   eleve=eleve_id, safe_id=False)
    objet.remis_le = remis_le
    outil = api.portal.get_tool("portal_workflow")
    (chaine,) = outil.getChainFor(objet)
    outil.setStatusOf(chaine, objet, {"review_state": etat, "action": None, "actor": "test", "comments": "",
                                      "time": DateTime()})
    remises.ecrire(monde.devoir, eleve_id)  # what the commit of a hand-in writes in the agenda index
    return objet


def camarades(monde, nombre):
    """Students of 3A other than the followed one and the other family's children."""
    autres = {e.id for e in acces.enfants_visibles(monde.annuaire, monde.annuaire.personne(monde.ids["parent_autre"]))}
    structure = monde.espace.structure()
    return [i for i in sorted(monde.annuaire.eleves(structure, "3A")) if i != monde.eleve.id and i not in autres][:nombre]


def texte(liste):
    return json.dumps(liste, ensure_ascii=False)


def sans_iso_ni_identifiant(monde, liste):
    for b in liste:
        for ligne in b["lignes"]:
            vu = " ".join(filter(None, (ligne["texte"], ligne["detail"], ligne["etiquette"])))
            assert not ISO.search(vu), ligne
            assert monde.eleve.id not in vu and monde.eleve.login not in vu, ligne


# --- élève ------------------------------------------------------------------------------------------------------


def test_student_work_due_ticks_devoir_state_and_spaces(monde):
    libelle = monde.espace.matiere_libelle
    seance_de_lundi(monde, contenu="Théorème de Pythagore", travaux=[
        {"titre": TRAVAIL, "pour_le": "2026-11-19", "duree_minutes": 30},
        {"titre": "Apprendre la leçon", "pour_le": "2026-11-18"},
        {"titre": "Plus tard", "pour_le": "2026-12-10"}])  # beyond the coming week: in the agenda only
    avant = par_titre(blocs(monde, "eleve"))
    travail = avant[("Travail à faire", None)]
    assert [(x["texte"], x["detail"], x["etat"], x["etiquette"]) for x in travail["lignes"]] == [
        (f"{libelle} — Apprendre la leçon", "Pour demain", "a_faire", "À faire"),
        (f"{libelle} — {TRAVAIL}", "Pour le jeudi 19 novembre · 30 min", "a_faire", "À faire"),
    ]  # the Devoir's own item is in « Devoirs à rendre »
    agenda = f"{monde.portal.absolute_url()}/@@agenda"
    assert {x["lien"] for x in travail["lignes"]} == {agenda} and travail["liens"][0]["lien"] == agenda
    (devoir,) = avant[("Devoirs à rendre", None)]["lignes"]
    assert devoir == {"texte": "Devoir de la matrice", "detail": f"{libelle} — à rendre le mardi 1er décembre à 18 h",
                      "lien": monde.devoir.absolute_url(), "etat": "a_faire", "etiquette": "À rendre"}
    espaces = avant[("Mes espaces de cours", None)]
    assert [(x["texte"], x["lien"]) for x in espaces["lignes"]] == [(monde.espace.Title(), monde.espace.absolute_url())]
    assert espaces["liens"] == []  # « Nouveau devoir » is the teachers'
    # the student ticks the work and hands in: the blocks follow
    (ident,) = [t.id for e in monde.espace["cahier-de-textes"].entrees.values() for t in e.entree.travaux
                if t.titre == TRAVAIL]
    faits_pour_ecrire(monde.portal).cocher(monde.eleve.id, ident, True)
    rendu(monde, monde.eleve.id, "remis", datetime(2026, 11, 16, 16, 30, tzinfo=timezone.utc))  # 17:30 in Paris
    apres = par_titre(blocs(monde, "eleve"))
    coche = [x for x in apres[("Travail à faire", None)]["lignes"] if TRAVAIL in x["texte"]][0]
    assert (coche["etat"], coche["etiquette"]) == ("fait", "Fait")
    (devoir,) = apres[("Devoirs à rendre", None)]["lignes"]
    assert (devoir["etat"], devoir["etiquette"]) == ("fait", "Remis hier à 17 h 30")
    sans_iso_ni_identifiant(monde, list(apres.values()))


def test_student_devoir_with_an_extension_says_their_own_due_date(monde):
    monde.devoir.prolonger(monde.eleve.id, datetime(2026, 12, 4, 17, 0, tzinfo=timezone.utc), None)
    remises.ecrire(monde.devoir, monde.eleve.id)  # what the commit of @correction's « prolonger » writes
    (devoir,) = par_titre(blocs(monde, "eleve"))[("Devoirs à rendre", None)]["lignes"]
    assert devoir["detail"].endswith("à rendre le vendredi 4 décembre à 18 h")


# --- responsables ---------------------------------------------------------------------------------------------


def test_parent_one_card_per_child_and_never_another_familys(monde):
    seance_de_lundi(monde, contenu="Cours", travaux=[{"titre": TRAVAIL, "pour_le": "2026-11-19"}])
    (ident,) = [t.id for e in monde.espace["cahier-de-textes"].entrees.values() for t in e.entree.travaux]
    faits_pour_ecrire(monde.portal).cocher(monde.eleve.id, ident, True)
    rendu(monde, monde.eleve.id, "remis", datetime(2026, 11, 16, 16, 30, tzinfo=timezone.utc))
    nom = monde.eleve.nom_complet
    parent = blocs(monde, "parent")
    enfants = acces.enfants_visibles(monde.annuaire, monde.annuaire.personne(monde.ids["parent"]))
    assert {b["sous_titre"] for b in parent} == {e.nom_complet for e in enfants} and nom in {b["sous_titre"] for b in parent}
    cartes = par_titre(parent)
    agenda = f"{monde.portal.absolute_url()}/@@agenda?eleve={monde.eleve.id}"
    (travail,) = cartes[("Travail à faire", nom)]["lignes"]
    assert (travail["texte"].endswith(TRAVAIL), travail["etat"], travail["lien"]) == (True, "fait", agenda)
    (devoir,) = cartes[("Devoirs à rendre", nom)]["lignes"]
    # the parent does not open the Devoir's page: the line leads to the child's agenda
    assert (devoir["texte"], devoir["etiquette"], devoir["lien"]) == ("Devoir de la matrice", "Remis hier à 17 h 30", agenda)
    assert cartes[("Travail à faire", nom)]["liens"] == [{"texte": "Tout l'agenda", "lien": agenda}]
    assert ("Mes espaces de cours", None) not in cartes  # parents do not open the spaces
    # the other family's child is in 3A too: the same class work, their own name, ticks and hand-in
    autre = blocs(monde, "parent_autre")
    assert autre and nom not in texte(autre) and monde.eleve.id not in texte(autre)
    for carte in autre:
        for ligne in carte["lignes"]:
            assert ligne["etat"] != "fait", ligne  # our student's tick and hand-in are theirs alone
    sans_iso_ni_identifiant(monde, parent + autre)
    assert menu(monde, "parent") == ([("Agenda", agenda)] if len(enfants) == 1 else
                                     [(f"Agenda de {e.prenom}", f"{monde.portal.absolute_url()}/@@agenda?eleve={e.id}")
                                      for e in enfants])


# --- enseignant ------------------------------------------------------------------------------------------------


def test_teacher_copies_to_mark_per_devoir(monde):
    premier, second, troisieme = camarades(monde, 3)
    vide = par_titre(blocs(monde, "enseignant"))[("Copies à corriger", None)]
    assert (vide["lignes"], vide["vide"]) == ([], "Aucune copie à corriger.")
    rendu(monde, monde.eleve.id, "remis", datetime(2026, 11, 16, 16, 30, tzinfo=timezone.utc))
    rendu(monde, premier, "remis", datetime(2026, 11, 16, 18, 0, tzinfo=timezone.utc))
    rendu(monde, second, "brouillon")  # not handed in: nothing to mark
    rendu(monde, troisieme, "corrige")  # marked already
    (ligne,) = par_titre(blocs(monde, "enseignant"))[("Copies à corriger", None)]["lignes"]
    assert ligne == {"texte": "Devoir de la matrice",
                     "detail": f"{monde.espace.Title()} — à rendre le mardi 1er décembre",
                     "lien": f"{monde.devoir.absolute_url()}/@@correction", "etat": "a_faire",
                     "etiquette": "2 copies à corriger"}
    # a teacher of another class never sees them
    autre = blocs(monde, "enseignant_autre")
    assert "Devoir de la matrice" not in texte(autre) and monde.espace.Title() not in texte(autre)


def test_teacher_cahier_of_the_courses_given_this_week(monde):
    vs = lire_vie_scolaire(monde.espace.etablissement())
    lundi = vs.occurrence(monde.cours)
    heure = f"{int(lundi.debut[:2])} h" + (f" {lundi.debut[3:]}" if lundi.debut[3:] != "00" else "")

    def seances():
        bloc = [b for b in blocs(monde, "enseignant") if b["nom"] == "cartable.pedagogie.cahier"]
        assert len(bloc) == 1
        return bloc[0]

    avant = seances()
    ligne_lundi = {"texte": f"Hier, {heure}", "detail": monde.espace.Title(),
                   "lien": f"{monde.espace.absolute_url()}/@@cahier-de-textes"}
    a_remplir = {**ligne_lundi, "lien": f"{ligne_lundi['lien']}?{urlencode({'seance': monde.cours})}"}
    assert {**a_remplir, "etat": "alerte", "etiquette": "Cahier de textes à remplir"} in avant["lignes"]
    assert avant["titre"].startswith("Cahier de textes de la semaine : ") and avant["titre"].endswith("à remplir")
    # a course not over yet (today after 10:00) or of another week is not listed
    for ligne in avant["lignes"]:
        assert ligne["texte"].startswith(("Hier, ", "Aujourd'hui, ")), ligne
    seance_de_lundi(monde, contenu="Théorème de Pythagore")
    apres = seances()
    assert {**ligne_lundi, "etat": "fait", "etiquette": "Rempli"} in apres["lignes"]
    assert len(apres["lignes"]) == len(avant["lignes"])
    # an entry written out of the timetable the same day does not fill the course's
    cahier.ecrire(monde.espace, lecteur(monde, "enseignant"), {"date": "2026-11-16", "contenu": "Rattrapage"})
    assert len(seances()["lignes"]) == len(avant["lignes"])
    # on Friday evening: every course of the week in this space, from the timetable, Monday's filled
    horloge.figer(datetime(2026, 11, 20, 19, 0))
    semaine = [o for o in vs.occurrences(date(2026, 11, 16), date(2026, 11, 20))
               if o.division[1] == "3A" and o.matiere == monde.espace.matiere and not o.annule
               and lecteur(monde, "enseignant").personne.id in o.enseignants]
    vendredi = seances()
    assert len(vendredi["lignes"]) == len(semaine) > 1
    assert [x["etat"] for x in vendredi["lignes"]].count("fait") == 1
    assert vendredi["titre"] == f"Cahier de textes de la semaine : {len(semaine) - 1} séance" + \
        ("s" if len(semaine) > 2 else "") + " à remplir"
    # Monday at 7:00: nothing given yet this week
    horloge.figer(datetime(2026, 11, 16, 7, 0))
    assert seances()["lignes"] == []


def test_teacher_spaces_new_devoir_and_menu(monde):
    cartes = par_titre(blocs(monde, "enseignant"))
    espaces = cartes[("Mes espaces de cours", None)]
    url = monde.espace.absolute_url()
    assert [(x["texte"], x["lien"]) for x in espaces["lignes"]] == [(monde.espace.Title(), url)]
    assert espaces["liens"] == [{"texte": "Nouveau devoir", "lien": f"{url}/@@nouveau-devoir"}]
    assert menu(monde, "enseignant") == [
        ("Mon espace de cours", url), ("Cahier de textes", f"{url}/@@cahier-de-textes"),
        ("Nouveau devoir", f"{url}/@@nouveau-devoir"),
        ("Copies à corriger", f"{monde.portal.absolute_url()}#cartable.pedagogie.copies")]
    # the other class's teacher: no space of theirs in this region yet, so nothing of 3A, no link to open
    autre = par_titre(blocs(monde, "enseignant_autre"))
    assert autre[("Mes espaces de cours", None)]["lignes"] == []
    assert menu(monde, "enseignant_autre") == []
    assert ("Travail à faire", None) not in cartes and ("Cahiers de textes à viser", None) not in cartes


# --- direction, CPE ------------------------------------------------------------------------------------------------


def test_direction_cahiers_awaiting_the_visa(monde):
    structure = monde.espace.structure()
    college = monde.annuaire.structures[structure].nom

    def visa():
        (bloc,) = [b for b in blocs(monde, "direction") if b["nom"] == "cartable.pedagogie.visa"]
        assert bloc["sous_titre"] == college
        return bloc

    assert visa()["lignes"] == [] and visa()["vide"] == "Tous les cahiers de textes sont visés."
    seance_de_lundi(monde, contenu="Théorème de Pythagore")
    cahier.ecrire(monde.espace, lecteur(monde, "enseignant"), {"date": "2026-11-17", "contenu": "Séance de ce matin"})
    (ligne,) = visa()["lignes"]
    assert ligne == {"texte": monde.espace.Title(), "detail": "2 séances sans visa — jamais visé",
                     "lien": f"{monde.espace.absolute_url()}/@@cahier-de-textes", "etat": "a_faire", "etiquette": "À viser"}
    cahier.viser(monde.espace, lecteur(monde, "direction"), datetime(2026, 11, 16).date())
    (ligne,) = visa()["lignes"]
    assert ligne["detail"] == "1 séance sans visa — visé jusqu'au lundi 16 novembre"
    cahier.viser(monde.espace, lecteur(monde, "direction"), datetime(2026, 11, 17).date())
    assert visa()["lignes"] == []
    assert ("Cahiers de textes à viser", f"{monde.portal.absolute_url()}#cartable.pedagogie.visa") in menu(monde, "direction")
    # the CPE does not visa, and has no pedagogy block of their own
    assert blocs(monde, "cpe") == [] and menu(monde, "cpe") == []


# --- no write -----------------------------------------------------------------------------------------------------


def test_reading_every_block_and_menu_writes_nothing(monde):
    seance_de_lundi(monde, contenu="Cours", travaux=[{"titre": TRAVAIL, "pour_le": "2026-11-19"}])
    rendu(monde, monde.eleve.id, "remis", datetime(2026, 11, 16, 16, 30, tzinfo=timezone.utc))
    transaction.savepoint()  # what the test wrote leaves the connection's list of changed objects
    jar = monde.portal._p_jar
    assert not jar._registered_objects
    for role in monde.ids:
        blocs(monde, role)
        menu(monde, role)
    assert not jar._registered_objects, [type(o).__name__ for o in jar._registered_objects]


# --- through the server: @bureau and the page, as each persona logs in -------------------------------------------


def test_the_blocks_reach_bureau_and_its_page_for_each_role(site):
    """The utilities are registered and rendered by @bureau and Mon bureau (the site fixture: Monday 10:30)."""
    from tests.integration.requetes import client

    nom, prenom = site["secret"]

    def noms(role):
        reponse = client(site, role).get(f"{site['url']}/@bureau")
        assert reponse.status_code == 200, role
        return {b["nom"]: b for b in reponse.json()["blocs"] if b["nom"].startswith(PEDAGOGIE)}, reponse.text

    eleve, _ = noms("eleve")
    assert set(eleve) == {"cartable.pedagogie.travail", "cartable.pedagogie.devoirs", "cartable.pedagogie.espaces"}
    (devoir,) = eleve["cartable.pedagogie.devoirs"]["lignes"]
    assert devoir["texte"] == "Devoir de la matrice" and devoir["detail"].endswith("à rendre le mardi 1er décembre à 18 h")
    parent, _ = noms("parent")
    assert parent["cartable.pedagogie.devoirs"]["sous_titre"] == f"{prenom} {nom}"
    autre, brut = noms("parent_autre")
    assert autre and f"{prenom} {nom}" not in brut
    enseignant, _ = noms("enseignant")
    assert {"cartable.pedagogie.copies", "cartable.pedagogie.cahier", "cartable.pedagogie.espaces"} <= set(enseignant)
    direction, _ = noms("direction")
    assert set(direction) == {"cartable.pedagogie.visa"}
    for role in ("cpe", "cpe_autre", "admin"):
        assert noms(role)[0] == {}, role
    page = client(site, "enseignant").page(site["url"])
    assert page.status_code == 200 and "Copies à corriger" in page.text and "Cahier de textes de la semaine" in page.text
    assert "Nouveau devoir" in page.text


def test_the_upgrade_step_1004_builds_the_hand_ins_the_commits_wrote(monde):
    """An agenda index made before the hand-ins were in it: the step writes each Rendu's and extension's
    Remise and each published Devoir's due instant, the same as the commits would have."""
    from cartable.pedagogie.agenda.index import id_travail_devoir
    from cartable.pedagogie.agenda.stockage import lire_index

    (premier, second) = camarades(monde, 2)
    rendu(monde, premier, "remis", datetime(2026, 11, 16, 16, 30, tzinfo=timezone.utc))
    monde.devoir.prolonger(second, datetime(2026, 12, 4, 17, 0, tzinfo=timezone.utc), None)
    remises.ecrire(monde.devoir, second)
    index = lire_index(monde.espace.etablissement())
    ident = id_travail_devoir(monde.devoir)
    garde = {e: dict(t) for e, t in index.remises.items() if len(t)}
    assert garde[premier][ident].etat == "remis" and garde[second][ident].echeance == datetime(2026, 12, 4, 17, tzinfo=timezone.utc)
    (cle,) = index.du_travail(ident)
    echeance = index.travaux[cle].travail.echeance
    index.remises = None  # as before the step
    index.travaux[cle] = replace(index.travaux[cle], travail=replace(index.travaux[cle].travail, echeance=None))
    eleve = monde.annuaire.personne(premier)
    assert lecture.remises_de(monde.portal, monde.annuaire, eleve) is None  # its readers open the Devoirs meanwhile
    setup_tool = monde.portal.portal_setup
    setup_tool.setLastVersionForProfile("cartable.pedagogie:default", "1003")
    setup_tool.upgradeProfile("cartable.pedagogie:default")
    assert setup_tool.getLastVersionForProfile("cartable.pedagogie:default") == ("1004",)
    assert {e: dict(t) for e, t in index.remises.items() if len(t)} == garde
    assert index.travaux[cle].travail.echeance == echeance is not None


def test_teacher_spaces_by_id_are_those_of_reading_every_class_and_a_renamed_one_is_still_found(monde):
    """``espaces_enseignant`` looks each subject's space up by the ids ``creer_espace`` gives; what it finds is
    what reading every object of the classes finds, for every teacher of the demo, and a space whose id no
    longer follows its subject's label (renamed) is found by reading its class."""
    from cartable.pedagogie import bureau

    def en_lisant_les_classes(personne):
        trouves = []
        for structure, division, matiere in sorted(set(personne.enseignements)):
            if matiere and acces.enseigne(monde.annuaire, personne, structure, division):
                classe = bureau.classe_de(monde.portal, monde.annuaire, structure, division)
                trouves += [(structure, division, e) for e in bureau.espaces_de(classe) if e.matiere == matiere]
        return [(s, d, e.absolute_url()) for s, d, e in trouves]

    enseignants = [p for p in monde.annuaire.personnes.values() if p.categorie == "PersEducNat" and p.enseignements]
    compares = 0
    for personne in enseignants:
        attendu = en_lisant_les_classes(personne)
        assert [(s, d, e.absolute_url()) for s, d, e in bureau.espaces_enseignant(monde.portal, monde.annuaire, personne)] == attendu
        compares += len(attendu)
    assert compares >= 1  # the integration demo makes the matrix space only

    personne = monde.annuaire.personne(monde.ids["enseignant"])
    classe = aq_parent(monde.espace)
    transaction.savepoint(optimistic=True)
    with api.env.adopt_roles(["Manager"]):
        classe.manage_renameObject(monde.espace.getId(), "ancien-nom")
    trouves = [e.getId() for _, _, e in bureau.espaces_enseignant(monde.portal, monde.annuaire, personne)]
    assert "ancien-nom" in trouves
