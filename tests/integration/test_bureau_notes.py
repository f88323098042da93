"""Mon bureau, the grades' part (issue 14): each role's blocks and menu entries, read from the demo region.

The blocks are asked as Mon bureau asks them (``cartable.core.bureau.blocs``/``menu``, a real ``Lecteur``
of the logged-in persona); every link they offer is opened by the page's own ``autorise()`` as that
person. The clock is frozen on Tuesday 17 November 2026 (tests/conftest.py), in the first trimester
whose demo marks are published.
"""

import json
import re
from datetime import date, datetime
from urllib.parse import parse_qsl

import pytest
from plone.app.testing import login, logout
from zope.component import getMultiAdapter, getUtilitiesFor, getUtility
from zope.interface import alsoProvides

from cartable.annuaire.lecteur import Lecteur
from cartable.annuaire.stockage import lire_annuaire
from cartable.core import bureau, horloge
from cartable.core.bureau import IBlocBureau, IEntreesMenu
from cartable.notes.interfaces import ICartableNotesLayer
from cartable.notes.registre import Evaluation
from cartable.notes.stockage import lire_carnet
from cartable.regles.bureau_notes import de
from cartable.regles.dates_fr import date_fr

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
NOTE = re.compile(r"^[^:]+ : (\d{1,2}(,\d{1,2})?/20|Absent\(e\)|Dispensé\(e\)|Non noté|Non rendu)$")


@pytest.fixture
def demo(integration_demo, region):
    portal = integration_demo["portal"]
    annuaire = lire_annuaire(portal)
    college = next(e for e in region["establishments"] if e["type"] == "CLG")
    etab = portal[college["uai"].lower()]
    yield {"portal": portal, "annuaire": annuaire, "etab": etab, "carnet": lire_carnet(etab),
           "personas": region["personas"], "eleve": annuaire.personne(region["personas"]["eleve"])}
    logout()


def personne(demo, persona):
    ident = demo["personas"][persona]
    return demo["annuaire"].personne(ident[1] if isinstance(ident, list) else ident)


def lecteur(demo, persona):
    login(demo["portal"], personne(demo, persona).login)
    return Lecteur(demo["portal"])


def mes_blocs(demo, persona, nom=None):
    """The grades' blocks (all, or those of utility ``nom``) Mon bureau gives this persona."""
    trouves = bureau.blocs(demo["portal"], lecteur(demo, persona))
    return [b for b in trouves if b["nom"].startswith("cartable.notes.") and (nom is None or b["nom"] == nom)]


def mon_menu(demo, persona):
    return [e for e in bureau.menu(demo["portal"], lecteur(demo, persona)) if "/@@" in e["lien"]
            and e["lien"].split("/@@")[1].split("?")[0] in PAGES_NOTES]


PAGES_NOTES = ("mes-notes", "saisie-notes", "conseil-de-classe", "bulletins", "transfert-notes")


def ouvre(demo, persona, url):
    """Would the page behind ``url`` open for this persona? (its own ``autorise()``, with the link's parameters)"""
    portal = demo["portal"]
    chemin, _, requete = url[len(portal.absolute_url()) + 1:].partition("?")
    etab, page = chemin.split("/@@")
    request = portal.REQUEST
    request.form.clear()
    request.form.update(parse_qsl(requete))
    alsoProvides(request, ICartableNotesLayer)
    vue = getMultiAdapter((portal[etab], request), name=page)
    vue.lecteur = lecteur(demo, persona)
    try:
        return bool(vue.autorise())
    finally:
        request.form.clear()


def texte_de(donnees):
    """What the reader would read of blocks or entries (accents kept)."""
    return json.dumps(donnees, ensure_ascii=False)


def liens(blocs):
    return [ligne["lien"] for b in blocs for ligne in b["lignes"] if ligne["lien"]] + [x["lien"] for b in blocs for x in b["liens"]]


def publiees_de(demo, eleve):
    """The student's published marks of the demo, newest first: (date, title, stored value)."""
    carnet = demo["carnet"]
    divisions = {d for _, d in eleve.classes + eleve.groupes}
    found = [(e.date, e.titre, e.saisies[eleve.id][0], e.matiere) for e in carnet.evaluations.values()
             if e.division in divisions and e.publiee and eleve.id in e.saisies]
    # newest first; on one day, by subject then title (the block's stable order)
    return sorted(found, key=lambda n: (-n[0].toordinal(), libelle(demo, n[3]), n[1]))


def ajouter_evaluation(demo, division, matiere, titre, jour, saisies, publiee, auteur="x"):
    carnet = demo["carnet"]
    evaluation = Evaluation(f"t-{titre}".lower().replace(" ", "-"), division, matiere, "T1", titre, jour, "1", 20, False, auteur)
    for eleve, valeur in saisies.items():
        evaluation.saisies[eleve] = (valeur, "prof", f"{jour.isoformat()}T18:00:00")
    evaluation.publiee = publiee
    carnet.evaluations[evaluation.id] = evaluation
    carnet.indexer(evaluation)
    return evaluation


def matiere_de_l_enseignant(demo, division="3A"):
    return next(m for s, d, m in personne(demo, "enseignant").enseignements if d == division and m)


def libelle(demo, matiere):
    return demo["annuaire"].matieres[matiere].valeur("ENTLibelleMatiere")


# -- élève -----------------------------------------------------------------------------------------


def test_the_student_sees_their_latest_published_marks_in_french(demo):
    eleve, etab = demo["eleve"], demo["etab"]
    (bloc,) = mes_blocs(demo, "eleve")
    assert bloc["nom"] == "cartable.notes.dernieres_notes" and bloc["titre"] == "Dernières notes"
    assert bloc["sous_titre"] == etab.Title()
    attendues = publiees_de(demo, eleve)[:5]
    assert len(bloc["lignes"]) == 5 == len(attendues)
    for ligne, (jour, titre, _, matiere) in zip(bloc["lignes"], attendues):
        assert NOTE.match(ligne["texte"]), ligne["texte"]
        assert ligne["texte"].startswith(f"{libelle(demo, matiere)} : ")
        assert ligne["detail"] == f"{titre}, {date_fr(jour)}"  # the demo's marks: September to early November
        assert ligne["lien"] == f"{etab.absolute_url()}/@@mes-notes?periode=T1"
    assert bloc["liens"] == [{"texte": "Toutes mes notes", "lien": f"{etab.absolute_url()}/@@mes-notes"}]
    assert not ISO.search(texte_de(bloc)) and eleve.id not in texte_de(bloc)  # words, not codes
    for url in liens([bloc]):
        assert ouvre(demo, "eleve", url), url


def test_a_mark_shows_once_published_with_its_date_in_words_and_french_decimal(demo):
    eleve = demo["eleve"]
    matiere = matiere_de_l_enseignant(demo)
    evaluation = ajouter_evaluation(demo, "3A", matiere, "Contrôle surprise", date(2026, 11, 16), {eleve.id: "14.5"}, publiee=False)
    for persona in ("eleve", "parent"):
        assert "Contrôle surprise" not in texte_de(mes_blocs(demo, persona)), persona  # never before publication
    evaluation.publiee = True
    for persona in ("eleve", "parent"):
        (bloc,) = mes_blocs(demo, persona)
        premiere = bloc["lignes"][0]
        assert premiere["texte"] == f"{libelle(demo, matiere)} : 14,5/20", persona
        assert premiere["detail"] == "Contrôle surprise, hier"
    horloge.figer(datetime(2026, 11, 26, 8, 0))
    (bloc,) = mes_blocs(demo, "eleve")
    assert bloc["lignes"][0]["detail"] == "Contrôle surprise, lundi 16 novembre"


def test_a_published_bulletin_is_offered_to_the_student_and_parents_never_before(demo):
    eleve, etab, carnet = demo["eleve"], demo["etab"], demo["carnet"]
    carnet.bulletins[("T1", eleve.id)] = {"fichier": None, "genere_le": "2026-11-16T10:00:00", "publie": False, "division": "3A"}
    for persona in ("eleve", "parent"):
        assert "Bulletin" not in texte_de(mes_blocs(demo, persona)), persona
    carnet.bulletins[("T1", eleve.id)] = {**carnet.bulletins[("T1", eleve.id)], "publie": True,
                                          "publie_le": "2026-11-16T18:30:00"}
    (bloc,) = mes_blocs(demo, "eleve")
    assert bloc["lignes"][0] == {"texte": "Bulletin : Trimestre 1", "detail": "Publié hier à 18 h 30",
                                 "lien": f"{etab.absolute_url()}/@@mes-notes?periode=T1", "etat": "info",
                                 "etiquette": "Bulletin publié"}
    (bloc,) = mes_blocs(demo, "parent")
    assert bloc["lignes"][0]["lien"] == f"{etab.absolute_url()}/@@mes-notes?eleve={eleve.id}&periode=T1"
    assert ouvre(demo, "parent", bloc["lignes"][0]["lien"])
    assert "Bulletin" not in texte_de(mes_blocs(demo, "parent_autre_famille"))


# -- responsable légal ----------------------------------------------------------------------------


def test_the_parent_gets_a_block_per_child_named_and_only_their_child_s(demo):
    eleve, etab = demo["eleve"], demo["etab"]
    (bloc,) = mes_blocs(demo, "parent")
    assert bloc["sous_titre"] == f"{eleve.prenom} {eleve.nom} — {etab.Title()}"
    (du_lui,) = mes_blocs(demo, "eleve")
    assert [ligne["texte"] for ligne in bloc["lignes"]] == [ligne["texte"] for ligne in du_lui["lignes"]]
    assert all(ligne["lien"].startswith(f"{etab.absolute_url()}/@@mes-notes?eleve={eleve.id}&") for ligne in bloc["lignes"])
    assert bloc["liens"] == [{"texte": f"Toutes les notes {de(eleve.prenom)}",
                              "lien": f"{etab.absolute_url()}/@@mes-notes?eleve={eleve.id}"}]
    for url in liens([bloc]):
        assert ouvre(demo, "parent", url) and not ouvre(demo, "parent_autre_famille", url), url
    # another family: their own child, never this one
    autres = mes_blocs(demo, "parent_autre_famille")
    assert autres and all(b["sous_titre"] != bloc["sous_titre"] for b in autres)
    texte = texte_de(autres)
    assert eleve.id not in texte and f"{eleve.prenom} {eleve.nom}" not in texte
    for url in liens(autres):
        assert ouvre(demo, "parent_autre_famille", url), url


def test_a_parent_of_children_in_two_establishments_gets_one_block_each(demo):
    parent = personne(demo, "parent_deux_etablissements")
    annuaire = demo["annuaire"]
    enfants = [annuaire.personne(i) for i in annuaire.enfants_de(parent.id)]
    blocs = mes_blocs(demo, "parent_deux_etablissements")
    assert len(blocs) == len(enfants) >= 2
    noms = {annuaire.structures[s].nom for e in enfants for s in e.rattachements}
    assert len(noms) >= 2
    assert {b["sous_titre"] for b in blocs} == {f"{e.nom_complet} — {annuaire.structures[e.rattachements[0]].nom}" for e in enfants}
    for b in blocs:
        assert b["lignes"] or b["vide"] == "Aucune note publiée pour l'instant."  # the lycée has no demo marks


# -- enseignant -----------------------------------------------------------------------------------


def test_the_teacher_sees_their_grade_books_each_opening_its_grid(demo):
    etab = demo["etab"]
    prof = personne(demo, "enseignant")
    (bloc,) = mes_blocs(demo, "enseignant", "cartable.notes.carnets")
    assert bloc["nom"] == "cartable.notes.carnets" and bloc["titre"] == "Mes carnets de notes"
    assert bloc["sous_titre"] == etab.Title()
    grilles = sorted({(d, m) for s, d, m in prof.enseignements if s == etab.jointure and m})
    assert len(bloc["lignes"]) == len(grilles)
    matiere = matiere_de_l_enseignant(demo)
    ligne = next(x for x in bloc["lignes"] if f"?division=3A&matiere={matiere}&" in x["lien"])
    classes = demo["annuaire"].divisions_de(etab.jointure, "classe")
    assert ligne["texte"] == f"{classes['3A'] or '3A'} — {libelle(demo, matiere)}"
    assert ligne["detail"] == "Trimestre 1 : 3 évaluations · clôture le jeudi 10 décembre" and ligne["etat"] is None
    assert ligne["lien"] == f"{etab.absolute_url()}/@@saisie-notes?division=3A&matiere={matiere}&periode=T1"
    for url in liens([bloc]):
        assert ouvre(demo, "enseignant", url), url
    # an unpublished evaluation is the teacher's to publish
    ajouter_evaluation(demo, "3A", matiere, "Devoir à publier", date(2026, 11, 16), {}, publiee=False, auteur=prof.id)
    (bloc,) = mes_blocs(demo, "enseignant", "cartable.notes.carnets")
    ligne = next(x for x in bloc["lignes"] if f"?division=3A&matiere={matiere}&" in x["lien"])
    assert (ligne["detail"], ligne["etat"], ligne["etiquette"]) == ("Trimestre 1 : 4 évaluations, dont 1 non publiée · "
                                                                   "clôture le jeudi 10 décembre",
                                                                   "a_faire", "À publier")
    # in December, T1 is still the period of work until its closing date, then T2
    horloge.figer(datetime(2026, 12, 3, 8, 0))
    assert all(x["lien"].endswith("periode=T1") for x in mes_blocs(demo, "enseignant", "cartable.notes.carnets")[0]["lignes"])
    horloge.figer(datetime(2026, 12, 11, 8, 0))
    lignes = mes_blocs(demo, "enseignant", "cartable.notes.carnets")[0]["lignes"]
    assert all(x["lien"].endswith("periode=T2") and x["detail"] == "Trimestre 2 : aucune évaluation · clôture le lundi 15 mars 2027"
               for x in lignes)


def test_a_teacher_of_another_class_never_sees_this_class_s_grids(demo):
    blocs = mes_blocs(demo, "enseignant_autre_classe")
    assert blocs and all("division=3A&" not in url for url in liens(blocs))
    assert not any(b["nom"] in ("cartable.notes.dernieres_notes", "cartable.notes.bulletins") for b in blocs)
    for url in liens(blocs):
        assert ouvre(demo, "enseignant_autre_classe", url), url


def test_the_professeur_principal_gets_the_class_council(demo):
    etab, carnet, annuaire = demo["etab"], demo["carnet"], demo["annuaire"]
    # the teacher is the professeur principal of another class: its council, never 3A's
    principal_de = [c for (s, c), ids in annuaire.principaux.items() if s == etab.jointure and personne(demo, "enseignant").id in ids]
    assert principal_de and "3A" not in principal_de
    (autre,) = mes_blocs(demo, "enseignant", "cartable.notes.conseils")
    assert [x["lien"].split("division=")[1].split("&")[0] for x in autre["lignes"]] == sorted(principal_de)
    (bloc,) = mes_blocs(demo, "professeur_principal", "cartable.notes.conseils")
    inscrits = annuaire.eleves(etab.jointure, "3A")
    libelle_3a = annuaire.divisions_de(etab.jointure, "classe")["3A"] or "3A"
    (ligne,) = [x for x in bloc["lignes"] if "division=3A&" in x["lien"]]
    assert ligne["texte"] == f"Classe {libelle_3a} : Trimestre 1"
    assert ligne["detail"] == f"Date du conseil non fixée · 0 appréciation générale sur {len(inscrits)}"
    assert ligne["lien"] == f"{etab.absolute_url()}/@@conseil-de-classe?division=3A&periode=T1"
    assert ouvre(demo, "professeur_principal", ligne["lien"]) and not ouvre(demo, "enseignant", ligne["lien"])
    carnet.conseils[("T1", "3A")] = {"date": "2026-12-08", "par": "x", "le": "2026-11-16T10:00:00"}
    for eleve in inscrits:
        carnet.appreciations_generales[("T1", eleve)] = {"division": "3A", "texte": "Bon trimestre.", "par": "x", "le": "x"}
    (bloc,) = mes_blocs(demo, "professeur_principal", "cartable.notes.conseils")
    (ligne,) = [x for x in bloc["lignes"] if "division=3A&" in x["lien"]]
    assert ligne["detail"] == f"Conseil le mardi 8 décembre · {len(inscrits)} appréciations générales sur {len(inscrits)}"
    assert ligne["etat"] == "fait"


# -- direction ------------------------------------------------------------------------------------


def test_the_direction_follows_the_bulletins_of_each_class(demo):
    etab, carnet, annuaire = demo["etab"], demo["carnet"], demo["annuaire"]
    horloge.figer(datetime(2026, 12, 3, 8, 0))  # T1 is over (the demo's appreciations are dated 28 November)
    (bloc,) = mes_blocs(demo, "direction")
    assert bloc["nom"] == "cartable.notes.bulletins" and bloc["titre"] == "Bulletins : Trimestre 1"
    assert bloc["sous_titre"] == etab.Title()
    classes = annuaire.divisions_de(etab.jointure, "classe")
    assert [x["texte"] for x in bloc["lignes"]] == [f"Classe {classes[c] or c}" for c in sorted(classes)]
    url = etab.absolute_url()
    assert [x["lien"] for x in bloc["liens"]] == [f"{url}/@@bulletins?periode=T1", f"{url}/@@conseil-de-classe",
                                                   f"{url}/@@transfert-notes"]
    inscrits = annuaire.eleves(etab.jointure, "3A")

    def ligne_3a():
        (bloc,) = mes_blocs(demo, "direction")
        return next(x for x in bloc["lignes"] if x["lien"].endswith("division=3A"))

    assert ligne_3a() == {"texte": f"Classe {classes['3A'] or '3A'}", "detail": f"Aucun bulletin généré ({len(inscrits)} élèves)",
                          "etat": "a_faire", "etiquette": "À générer", "lien": f"{url}/@@bulletins?periode=T1&division=3A"}
    for eleve in inscrits[:-1]:
        carnet.bulletins[("T1", eleve)] = {"fichier": None, "genere_le": "2026-12-02T18:00:00", "publie": False, "division": "3A"}
    assert (ligne_3a()["etiquette"], ligne_3a()["detail"]) == ("Incomplets", f"{len(inscrits) - 1} bulletins générés sur {len(inscrits)} élèves")
    carnet.bulletins[("T1", inscrits[-1])] = {"fichier": None, "genere_le": "2026-12-02T18:05:00", "publie": False, "division": "3A"}
    assert (ligne_3a()["etiquette"], ligne_3a()["detail"]) == ("À publier", f"{len(inscrits)} bulletins générés hier à 18 h, "
                                                                            f"{len(inscrits)} non publiés")
    for eleve in inscrits:
        carnet.bulletins[("T1", eleve)] = {**carnet.bulletins[("T1", eleve)], "publie": True}
    assert (ligne_3a()["etiquette"], ligne_3a()["etat"]) == ("Publiés", "fait")
    # a mark typed in the grid after the generation: the bulletins are outdated
    evaluation = carnet.evaluations_de("3A", "T1")[0]
    evaluation.journal[("2026-12-03T07:15:00", 1, inscrits[0])] = ("prof", "12", "13")
    ligne = ligne_3a()
    assert (ligne["etiquette"], ligne["etat"]) == ("À régénérer", "alerte")
    assert ligne["detail"] == "Notes ou appréciations modifiées aujourd'hui à 7 h 15, après la génération des bulletins hier à 18 h"
    # another class is not concerned
    assert next(x for x in mes_blocs(demo, "direction")[0]["lignes"] if x["lien"].endswith("division=3B"))["etiquette"] == "À générer"
    for url in liens(mes_blocs(demo, "direction")):
        assert ouvre(demo, "direction", url), url
        assert not ouvre(demo, "cpe", url), url  # the direction's pages only


def test_after_the_trimester_the_direction_s_block_speaks_of_its_bulletins(demo):
    horloge.figer(datetime(2026, 12, 3, 8, 0))  # T2 has begun, T1's bulletins are due
    (bloc,) = mes_blocs(demo, "direction")
    assert bloc["titre"] == "Bulletins : Trimestre 1" and all("periode=T1" in x["lien"] for x in bloc["lignes"])


def test_the_other_roles_get_no_bulletins_block(demo):
    for persona in ("eleve", "parent", "enseignant", "professeur_principal", "cpe"):
        assert mes_blocs(demo, persona, "cartable.notes.bulletins") == [], persona
    assert mes_blocs(demo, "cpe") == []  # the vie scolaire has no grades of its own


# -- the menu -------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona, attendues", [
    ("eleve", ["Mes notes"]),
    ("parent", ["Notes {de_prenom}"]),
    ("enseignant", ["Saisie des notes", "Conseil de classe"]),  # the professeur principal of 3B
    ("enseignant_autre_classe", ["Saisie des notes"]),
    ("professeur_principal", ["Saisie des notes", "Conseil de classe"]),
    ("direction", ["Conseil de classe", "Bulletins", "Transfert des notes"]),  # teaches nothing: no grid of theirs
    ("cpe", []),
])
def test_each_role_gets_the_menu_entries_it_may_open(demo, persona, attendues):
    entrees = mon_menu(demo, persona)
    assert [e["texte"] for e in entrees] == [t.format(de_prenom=de(demo["eleve"].prenom)) for t in attendues]
    for entree in entrees:
        assert ouvre(demo, persona, entree["lien"]), entree


def test_a_parent_s_menu_names_each_child_on_their_establishment_s_page(demo):
    parent = personne(demo, "parent_deux_etablissements")
    annuaire = demo["annuaire"]
    enfants = [annuaire.personne(i) for i in annuaire.enfants_de(parent.id)]
    entrees = mon_menu(demo, "parent_deux_etablissements")
    assert sorted(e["texte"] for e in entrees) == sorted(f"Notes {de(e.prenom)}" for e in enfants)
    for entree in entrees:
        assert ouvre(demo, "parent_deux_etablissements", entree["lien"]), entree
    assert all(demo["eleve"].id not in e["lien"] for e in mon_menu(demo, "parent_autre_famille"))


def test_the_grades_blocks_write_nothing(demo):
    """Each of notes' utilities, asked for every persona, registers no persistent change (a GET commits nothing).
    (Asked one by one: another module's block writing would otherwise be blamed on these.)"""
    import transaction

    demo["carnet"].bulletins[("T1", demo["eleve"].id)] = {"fichier": None, "genere_le": "2026-11-16T10:00:00", "publie": True,
                                                         "division": "3A"}
    transaction.savepoint()
    connexion = demo["portal"]._p_jar
    assert connexion._registered_objects == []
    utilitaires = [u for nom, u in getUtilitiesFor(IBlocBureau) if nom.startswith("cartable.notes.")]
    assert len(utilitaires) == 4
    menu = getUtility(IEntreesMenu, name="cartable.notes")
    for persona in ("eleve", "parent", "enseignant", "professeur_principal", "direction", "cpe", "parent_deux_etablissements"):
        qui = lecteur(demo, persona)
        for utilitaire in utilitaires:
            utilitaire.blocs(demo["portal"], qui)
        menu.entrees(demo["portal"], qui)
        assert connexion._registered_objects == [], persona


def test_a_class_s_bulletins_line_opens_the_page_on_that_class(demo):
    """The direction's line for 3A opens @@bulletins with the period and the class chosen."""
    horloge.figer(datetime(2026, 12, 3, 8, 0))
    (bloc,) = mes_blocs(demo, "direction")
    url = next(x["lien"] for x in bloc["lignes"] if x["lien"].endswith("division=3A"))
    request = demo["portal"].REQUEST
    request.form.update(parse_qsl(url.partition("?")[2]))
    alsoProvides(request, ICartableNotesLayer)
    html = getMultiAdapter((demo["etab"], request), name="bulletins")()
    request.form.clear()
    assert re.search(r'<option value="T1"\s+selected="selected"', html)
    assert re.search(r'<option value="3A"\s+selected="selected"', html)
    assert not re.search(r'<option value="3B"\s+selected', html)


# -- through the real server ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["eleve", "parent", "parent_autre", "enseignant", "enseignant_autre", "cpe", "direction"])
def test_every_link_of_the_grades_opens_through_the_server_for_its_person(functional_demo, site, role):
    """Each menu entry and each link of the grades' blocks, as the test server serves it to this person: 200."""
    from tests.integration.requetes import client

    portal = functional_demo["portal"]
    login(portal, site["logins"][role])
    try:
        qui = Lecteur(portal)
        trouves = [b for b in bureau.blocs(portal, qui) if b["nom"].startswith("cartable.notes.")]
        entrees = getUtility(IEntreesMenu, name="cartable.notes").entrees(portal, qui)
    finally:
        logout()
    urls = sorted({*liens(trouves), *(e["lien"] for e in entrees)})
    assert bool(urls) == (role != "cpe"), urls  # the vie scolaire has no grades' link of its own
    problemes = []
    for url in urls:
        page = client(site, role).page(site["url"] + url[len(portal.absolute_url()):], allow_redirects=False)
        if page.status_code != 200:
            problemes.append(f"{url}: {page.status_code} {page.headers.get('Location', '')}")
    assert not problemes, "\n".join(problemes)
