"""Mon bureau, the vie scolaire's part (cartable.viescolaire.bureau): each role's blocks on the demo region.

The clock is frozen on Tuesday 17 November 2026 at 10:00 (tests/conftest.py); each test writes the
records it needs (registers, timetable changes, declarations, punitions) in its DemoStorage, reads the
blocks as a person of the directory, and checks the words, the French dates, the links, that nothing
was written by the reading, and that another family's or establishment's data never appears.
"""

import re
from datetime import date, datetime
from types import SimpleNamespace
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
import transaction
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone.app.testing import login, logout
from zExceptions import Unauthorized
from zope.component import getMultiAdapter
from zope.interface import alsoProvides

from cartable.annuaire.lecteur import Lecteur
from cartable.annuaire.stockage import lire_annuaire
from cartable.core import bureau, horloge
from cartable.regles.emploi_du_temps import Modification
from cartable.viescolaire import declarations
from cartable.viescolaire.bureau import Menu
from cartable.viescolaire.interfaces import ICartableViescolaireLayer
from cartable.viescolaire.registre import Appel
from cartable.viescolaire.stockage import vie_scolaire_pour_ecrire

MARDI = date(2026, 11, 17)  # the frozen clock's day, 10:00
LUNDI, MERCREDI, JEUDI, VENDREDI_13 = date(2026, 11, 16), date(2026, 11, 18), date(2026, 11, 19), date(2026, 11, 13)
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture
def demo(integration_demo):
    portal = integration_demo["portal"]
    donnees = integration_demo["cartable_demo"]
    annuaire = lire_annuaire(portal)
    etab = portal[donnees["chemins"]["etab"].lstrip("/")]
    personas = donnees["region"]["personas"]
    ids = {**{r: i for r, i in personas.items() if isinstance(i, str)}, "cpe": personas["cpe"][1], "cpe_autre": personas["cpe_lycee"][0],
           "parent_autre": personas["parent_autre_famille"], "enseignant_autre": personas["enseignant_autre_classe"]}
    return SimpleNamespace(portal=portal, request=integration_demo["request"], annuaire=annuaire, etab=etab,
                           structure=etab.jointure, vs=vie_scolaire_pour_ecrire(etab), ids=ids,
                           personne=lambda role: annuaire.personne(ids.get(role, role)))


def lecteur(demo, role):
    login(demo.portal, demo.personne(role).login)
    return Lecteur(demo.portal)


def blocs(demo, role):
    """The vie scolaire's blocks of this person's home, read as them; the reading writes nothing."""
    qui = lecteur(demo, role)
    transaction.savepoint(optimistic=True)  # what the test wrote is set aside: anything registered next is the reading's
    trouves = [b for b in bureau.blocs(demo.portal, qui) if b["nom"].startswith("cartable.viescolaire.")]
    assert demo.portal._p_jar._registered_objects == [], "a GET of Mon bureau wrote"
    logout()
    for b in trouves:
        assert b["vide"] != bureau.INDISPONIBLE, b
        mots = [b["titre"], b["sous_titre"] or "", b["vide"]] + [x or "" for l in b["lignes"] for x in (l["texte"], l["detail"], l["etiquette"])]
        assert not any(ISO.search(m) for m in mots), f"an ISO date shown: {mots}"
        assert all(l["etat"] in bureau.ETATS + (None,) for l in b["lignes"])
    return trouves


def un(trouves, titre):
    choisis = [b for b in trouves if b["titre"] == titre]
    assert len(choisis) == 1, [b["titre"] for b in trouves]
    return choisis[0]


def textes(b):
    return [l["texte"] for l in b["lignes"]]


def cours_de(demo, jour, garder):
    return [o for o in demo.vs.occurrences(jour, jour) if garder(o)]


def de_la_classe(classe):
    return lambda o: o.division[1] == classe


def registre(demo, occ, etat="fait", **marques):
    appel = demo.vs.appels.get(occ.cle)
    if appel is None:
        appel = demo.vs.appels[occ.cle] = Appel(occ.cle)
    demo.vs.poser_marques(appel, {**appel.marques, **marques})  # with the per-student index, as a roll call does
    appel.etat = etat
    return appel


def lien_appel(demo, occ):
    return f"{demo.etab.absolute_url()}/@@appel?cle={quote(occ.cle, safe='')}"


# -- enseignant ---------------------------------------------------------------------------------

def test_teacher_sees_todays_courses_in_order_with_the_register_state_and_its_link(demo):
    enseignant = demo.personne("enseignant")
    mes_cours = cours_de(demo, MARDI, lambda o: enseignant.id in o.enseignants)
    assert len(mes_cours) >= 3, "the demo teacher has three courses on Tuesdays"
    premier, deuxieme, dernier = mes_cours[0], mes_cours[1], mes_cours[-1]
    registre(demo, premier, "fait")
    registre(demo, deuxieme, "en_cours", **{demo.annuaire.eleves(demo.structure, deuxieme.division[1])[0]: {"type": "absence"}})
    demo.vs.poser_modification(dernier.cle, Modification(annule=True, motif="Conseil de classe"))

    b = un(blocs(demo, "enseignant"), "Mes cours aujourd'hui")
    assert b["sous_titre"] == "COLLEGE JEAN MOULIN"
    assert [(l["etiquette"], l["etat"]) for l in b["lignes"]] == [("Appel fait", "fait"), ("Appel en cours", "a_faire")] + [
        ("Appel à faire", "a_faire")] * (len(mes_cours) - 3) + [("Annulé", "info")]
    assert [l["lien"] for l in b["lignes"][:-1]] == [lien_appel(demo, o) for o in mes_cours[:-1]]
    assert b["lignes"][-1]["lien"] is None and "Cours annulé : Conseil de classe" in b["lignes"][-1]["detail"]
    assert b["lignes"][0]["texte"].startswith("9 h – 10 h ") and b["lignes"][1]["texte"].startswith("10 h – 11 h ")
    assert b["lignes"][1]["texte"].endswith(f"— {deuxieme.division[1]}") and b["lignes"][1]["detail"] == f"Salle {deuxieme.salle}"

    horloge.figer(datetime(2026, 11, 17, 10, 20))  # the register started 20 minutes ago: the CPE sees it now
    b = un(blocs(demo, "enseignant"), "Mes cours aujourd'hui")
    assert (b["lignes"][1]["etiquette"], b["lignes"][1]["etat"]) == ("Appel en cours", "alerte")

    autre = un(blocs(demo, "enseignant_autre"), "Mes cours aujourd'hui")
    assert not {l["lien"] for l in autre["lignes"]} & {lien_appel(demo, o) for o in mes_cours}


def test_the_appel_page_opens_on_the_linked_course(demo):
    occ = cours_de(demo, MARDI, lambda o: demo.personne("enseignant").id in o.enseignants)[0]
    lecteur(demo, "enseignant")
    alsoProvides(demo.request, ICartableViescolaireLayer)
    demo.request.form.update(dict(parse_qsl(urlsplit(lien_appel(demo, occ)).query)))
    vue = getMultiAdapter((demo.etab, demo.request), name="appel")
    assert vue.cle() == occ.cle


def absences_de_novembre(demo, eleve, jours):
    """One absence (no motive) in the first course of each day of ``jours``: one non justifiée half-day each."""
    classe = next(c for s, c in eleve.classes if s == demo.structure)
    for jour in jours:
        occ = cours_de(demo, jour, lambda o: o.division[1] == classe and not o.annule)[0]
        registre(demo, occ, "fait", **{eleve.id: {"type": "absence"}})


def test_professeur_principal_sees_the_alerts_of_their_class_only(demo):
    enseignant = demo.personne("enseignant")
    classe = next(c for s, c in enseignant.classes_principal if s == demo.structure)  # the directory says who is PP
    eleve = demo.personne(demo.annuaire.eleves(demo.structure, classe)[0])
    absences_de_novembre(demo, eleve, [date(2026, 11, 9), date(2026, 11, 10), date(2026, 11, 12), date(2026, 11, 13)])

    b = un(blocs(demo, "enseignant"), f"Alertes d'absentéisme — classe {classe}")
    assert [(l["texte"], l["detail"], l["etat"]) for l in b["lignes"]] == [
        (f"{eleve.nom_complet} ({classe})", "4 demi-journées non justifiées en novembre", "alerte")]
    assert b["lignes"][0]["lien"].endswith(f"/@@eleve/{eleve.id}")

    pp_ailleurs = demo.personne("professeur_principal")
    assert classe not in {c for _, c in pp_ailleurs.classes_principal}
    for bloc_pp in blocs(demo, "professeur_principal"):
        assert eleve.nom_complet not in str(bloc_pp["lignes"])
    assert not [b for b in blocs(demo, "eleve") if b["titre"].startswith("Alertes")]


def test_the_class_alerts_from_the_marks_index_are_those_read_course_by_course(demo, monkeypatch):
    """The professeur principal's block finds its candidates in each student's own entries of the marks index
    instead of a month of the class's registers, and counts only those absent on enough days to reach the
    threshold: the same alerts as counting every absent student course by course, a course moved into the
    month included."""
    from cartable.viescolaire import bureau as vs_bureau

    classe = next(c for s, c in demo.personne("enseignant").classes_principal if s == demo.structure)
    x, y, z, v = (demo.personne(i) for i in demo.annuaire.eleves(demo.structure, classe)[:4])
    absences_de_novembre(demo, x, [date(2026, 11, 9), date(2026, 11, 10), date(2026, 11, 12), date(2026, 11, 13)])
    absences_de_novembre(demo, z, [date(2026, 11, 9), date(2026, 11, 10), date(2026, 11, 12)])  # 3: no alert
    for jour in (date(2026, 11, 9), date(2026, 11, 10)):  # v: two days, morning and afternoon: 4 half-days
        cours = cours_de(demo, jour, lambda o: o.division[1] == classe and not o.annule)
        for occ in (cours[0], next(o for o in cours if o.debut >= "13:00")):
            registre(demo, occ, "fait", **{v.id: {"type": "absence"}})
    # y is absent only from four October courses held in November: their keys keep their October day
    octobre = [date(2026, 10, 5), date(2026, 10, 6), date(2026, 10, 8), date(2026, 10, 9)]
    novembre = [date(2026, 11, 3), date(2026, 11, 5), date(2026, 11, 6), date(2026, 11, 10)]
    for avant, apres in zip(octobre, novembre):
        occ = cours_de(demo, avant, lambda o: o.division[1] == classe and not o.annule)[0]
        demo.vs.poser_modification(occ.cle, Modification(date=apres, debut="15:00", fin="16:00"))
        registre(demo, demo.vs.occurrence(occ.cle), "fait", **{y.id: {"type": "absence"}})
    ici = vs_bureau.etablissement(demo.portal, demo.annuaire, demo.structure)
    classes = demo.annuaire.divisions_de(demo.structure, "classe")

    par_l_index = {c: vs_bureau.alertes_classe(ici, demo.annuaire, c, MARDI) for c in classes}
    assert {a["eleve"] for a in par_l_index[classe]} == {x.id, y.id, v.id}
    monkeypatch.setattr(vs_bureau, "alerte_possible", lambda *_: True)  # every absent student counted
    assert {c: vs_bureau.alertes_classe(ici, demo.annuaire, c, MARDI) for c in classes} == par_l_index
    monkeypatch.setattr(vs_bureau, "jours_d_absence_par_l_index", lambda *_: None)  # and course by course
    assert {c: vs_bureau.alertes_classe(ici, demo.annuaire, c, MARDI) for c in classes} == par_l_index


# -- élève --------------------------------------------------------------------------------------

def changer_l_emploi_du_temps(demo):
    """Today's 3A: room changed at 9 h, 11 h cancelled, 13 h 30 moved to Thursday; Monday's 8 h moved to today 15 h;
    tomorrow's 8 h given to another teacher."""
    aujourd_hui = cours_de(demo, MARDI, de_la_classe("3A"))
    par_heure = {o.debut: o for o in aujourd_hui}
    demo.vs.poser_modification(par_heure["09:00"].cle, Modification(salle="S99"))
    demo.vs.poser_modification(par_heure["11:00"].cle, Modification(annule=True, motif="Sortie au musée"))
    demo.vs.poser_modification(par_heure["13:30"].cle, Modification(date=JEUDI, debut="10:00", fin="11:00"))
    lundi = cours_de(demo, LUNDI, de_la_classe("3A"))[0]
    demo.vs.poser_modification(lundi.cle, Modification(date=MARDI, debut="15:00", fin="16:00"))
    demain = cours_de(demo, MERCREDI, de_la_classe("3A"))[0]
    demo.vs.poser_modification(demain.cle, Modification(remplacants=(demo.ids["enseignant_autre"],)))
    return par_heure, lundi, demain


def test_student_sees_today_and_tomorrow_with_every_change_in_words(demo):
    par_heure, lundi, demain = changer_l_emploi_du_temps(demo)
    trouves = blocs(demo, "eleve")
    aujourd_hui = un(trouves, "Mes cours aujourd'hui")
    assert aujourd_hui["sous_titre"] == "COLLEGE JEAN MOULIN"
    assert aujourd_hui["liens"] == [{"texte": "Mon emploi du temps", "lien": f"{demo.etab.absolute_url()}/@@emploi-du-temps"}]
    lignes = {l["texte"][:11]: l for l in aujourd_hui["lignes"]}
    assert [l["texte"].split(" ")[0] for l in aujourd_hui["lignes"]] == ["8", "9", "10", "11", "13", "15"]  # in order
    assert lignes["8 h – 9 h M"]["etiquette"] is None
    salle = next(l for l in aujourd_hui["lignes"] if l["texte"].startswith("9 h – 10 h"))
    assert salle["etiquette"] == "Changement de salle" and f"Salle S99 au lieu de {par_heure['09:00'].salle}" in salle["detail"]
    annule = next(l for l in aujourd_hui["lignes"] if l["texte"].startswith("11 h – 12 h"))
    assert (annule["etiquette"], annule["etat"]) == ("Annulé", "alerte") and "Cours annulé : Sortie au musée" in annule["detail"]
    parti = next(l for l in aujourd_hui["lignes"] if l["texte"].startswith("13 h 30"))
    assert parti["etiquette"] == "Déplacé" and parti["detail"] == "Déplacé au jeudi 19 novembre à 10 h"
    venu = next(l for l in aujourd_hui["lignes"] if l["texte"].startswith("15 h – 16 h"))
    assert venu["etiquette"] == "Déplacé" and f"Initialement prévu hier à {int(lundi.debut[:2])} h" in venu["detail"]

    demain_bloc = un(trouves, "Mes cours demain")
    remplace = demain_bloc["lignes"][0]
    titulaires = ", ".join(demo.personne(i).nom_complet for i in demain.enseignants)
    assert remplace["etiquette"] == "Remplacement"
    assert f"{demo.personne('enseignant_autre').nom_complet} remplace {titulaires}" in remplace["detail"]


def test_student_sees_the_absences_to_regularise(demo):
    eleve = demo.personne("eleve")
    absences_de_novembre(demo, eleve, [LUNDI])
    b = un(blocs(demo, "eleve"), "Mes absences")
    assert textes(b) == ["1 demi-journée d'absence à régulariser", "Absence hier"]
    assert b["lignes"][0]["etiquette"] == "À régulariser"


# -- responsable légal ----------------------------------------------------------------------------

def punition(demo, eleve, ident, statut, genre="punition", quand="2026-11-16T15:00"):
    demo.vs.incidents_()[ident] = PersistentMapping(
        id=ident, type=genre, eleves=[eleve.id], quand=quand, lieu="", description="Bavardages répétés", nature="Retenue",
        incident=None, statut=statut, auteur=demo.ids["cpe"], auteur_login="cpe", auteur_nom="CPE", cree_le=quand,
        journal=PersistentList())
    demo.vs.incidents_eleve[(eleve.id, ident)] = quand


def vie_de_famille(demo):
    """Aaron (3A): absent at 8 h and 7 minutes late at 9 h today; absent Monday (to justify), Friday 13 (declared,
    waiting), Thursday 12 (the CPE gave a motive); a punition in force, one lifted, an incident (staff only)."""
    eleve = demo.personne("eleve")
    today = cours_de(demo, MARDI, de_la_classe("3A"))
    registre(demo, today[0], "fait", **{eleve.id: {"type": "absence"}})
    registre(demo, today[1], "en_cours", **{eleve.id: {"type": "retard", "minutes": 7}})
    absences_de_novembre(demo, eleve, [LUNDI, VENDREDI_13, date(2026, 11, 12)])
    jeudi_12 = cours_de(demo, date(2026, 11, 12), de_la_classe("3A"))[0]
    demo.vs.motifs_absences[(eleve.id, jeudi_12.cle)] = "MAL"
    declarations.declarer(demo.vs, demo.annuaire, demo.structure, lecteur(demo, "parent"),
                          {"eleve": eleve.id, "du": "2026-11-13", "au": "2026-11-13", "motif": "MAL"})
    logout()
    punition(demo, eleve, "p1", "prononcee")
    punition(demo, eleve, "p2", "levee", quand="2026-11-10T09:00")
    punition(demo, eleve, "i1", "signale", genre="incident")
    return eleve, today


def test_parent_card_per_child_today_marks_absences_to_justify_punitions(demo):
    eleve, today = vie_de_famille(demo)
    carte = un(blocs(demo, "parent"), "Vie scolaire")
    assert carte["sous_titre"] == f"{eleve.nom_complet} — COLLEGE JEAN MOULIN"
    par_texte = {l["texte"]: l for l in carte["lignes"]}
    marques = [(l["etiquette"], l["etat"]) for l in carte["lignes"] if l["texte"].startswith("Aujourd'hui, ")]
    assert marques == [("Absence", "alerte"), ("Retard de 7 min", "info")]
    base = f"{demo.etab.absolute_url()}/@@declarer-absence?eleve={eleve.id}"
    hier = par_texte["Absence hier à justifier"]
    assert (hier["etiquette"], hier["etat"], hier["lien"]) == ("À justifier", "a_faire", f"{base}&du=2026-11-16&au=2026-11-16")
    assert par_texte["Absence aujourd'hui à justifier"]["lien"] == f"{base}&du=2026-11-17&au=2026-11-17"
    vendredi = par_texte["Absence le vendredi 13 novembre"]
    assert (vendredi["etiquette"], vendredi["lien"]) == ("Déclaration envoyée", None)
    assert not [t for t in par_texte if "12 novembre" in t]  # the CPE's motive settled it
    assert par_texte["Punition : Retenue"]["etiquette"] == "Prononcée"
    assert par_texte["Punition : Retenue"]["detail"] == "Donnée hier — Bavardages répétés"
    punitions = [l for l in carte["lignes"] if l["texte"].startswith(("Punition", "Sanction", "Incident"))]
    assert len(punitions) == 1  # the lifted one and the incident are not shown
    assert {"texte": "Déclarer une absence", "lien": base} in carte["liens"]

    for b in blocs(demo, "parent_autre"):  # another family of the class: nothing of Aaron's
        assert eleve.nom_complet not in (b["sous_titre"] or "") and eleve.nom_complet not in str(b["lignes"])
        assert not [l for l in b["lignes"] if l["etiquette"] in ("Absence", "Prononcée", "Déclaration envoyée")]
    assert not [b for b in blocs(demo, "eleve") if b["titre"] == "Vie scolaire"]


def test_the_declaration_page_is_prefilled_with_the_day_of_the_absence(demo):
    eleve = demo.personne("eleve")
    lecteur(demo, "parent")
    alsoProvides(demo.request, ICartableViescolaireLayer)
    demo.request.form.update({"eleve": eleve.id, "du": "2026-11-16", "au": "pas-une-date"})
    vue = getMultiAdapter((demo.etab, demo.request), name="declarer-absence")
    html = vue()
    assert re.search(r'id="du"[^>]*value="2026-11-16"|value="2026-11-16"[^>]*id="du"', html)
    assert not re.search(r'id="au"[^>]*value=', html)  # not a date: left empty


def test_parent_in_two_establishments_gets_one_card_per_child_and_establishment(demo):
    parent = demo.personne("parent_deux_etablissements")
    cartes = [b for b in blocs(demo, parent.id) if b["titre"] == "Vie scolaire"]
    enfants = [demo.annuaire.personne(i) for i in demo.annuaire.enfants_de(parent.id)]
    attendus = {f"{e.nom_complet} — {demo.annuaire.structures[s].nom}" for e in enfants for s in e.rattachements}
    assert len(attendus) == 2 and {b["sous_titre"] for b in cartes} == attendus


# -- CPE and direction -------------------------------------------------------------------------------

def test_cpe_desk_declarations_registers_not_taken_absents_alerts(demo):
    eleve, today = vie_de_famille(demo)
    avant = [o for o in demo.vs.occurrences(MARDI, MARDI) if o.debut <= "09:45" and not o.annule]
    oublie = next(o for o in avant if o.debut == "08:00" and o.division[1] != "3A")
    for occ in avant:
        if occ.cle not in (today[0].cle, today[1].cle, oublie.cle):
            registre(demo, occ, "fait")
    classe_b = demo.personne("enseignant").classes_principal[0][1]
    absent = demo.personne(demo.annuaire.eleves(demo.structure, classe_b)[0])
    absences_de_novembre(demo, absent, [date(2026, 11, 9), date(2026, 11, 10), date(2026, 11, 12), date(2026, 11, 13)])

    trouves = blocs(demo, "cpe")
    assert {b["sous_titre"] for b in trouves} == {"COLLEGE JEAN MOULIN"}
    decl = un(trouves, "Déclarations à traiter")
    assert [(l["texte"], l["detail"], l["etiquette"]) for l in decl["lignes"]] == [
        (f"{eleve.nom_complet} (3A)", "Absence le vendredi 13 novembre — Maladie", "À traiter")]
    non_faits = un(trouves, "Appels non faits")
    assert [(l["lien"], l["etiquette"]) for l in non_faits["lignes"]] == [
        (lien_appel(demo, oublie), "Appel non fait"), (lien_appel(demo, today[1]), "Appel commencé, non terminé")]
    assert non_faits["lignes"][0]["detail"] == ", ".join(demo.personne(i).nom_complet for i in oublie.enseignants)
    absents = un(trouves, "Absents et retards aujourd'hui")
    assert [(l["texte"], l["etiquette"]) for l in absents["lignes"]] == [(f"{eleve.nom_complet} (3A)", "Absence")]
    assert "Absence (8 h – 9 h" in absents["lignes"][0]["detail"] and "Retard de 7 min (9 h – 10 h" in absents["lignes"][0]["detail"]
    assert absents["lignes"][0]["lien"] == f"{demo.etab.absolute_url()}/@@suivi-eleve?eleve={eleve.id}"
    alertes = un(trouves, "Alertes du mois de novembre")
    assert [(l["texte"], l["detail"]) for l in alertes["lignes"]] == [
        (f"{absent.nom_complet} ({classe_b})", "4 demi-journées non justifiées en novembre")]

    horloge.figer(datetime(2026, 11, 17, 9, 10))  # 8 h + 15 min passed, 9 h not yet
    assert [l["lien"] for l in un(blocs(demo, "cpe"), "Appels non faits")["lignes"]] == [lien_appel(demo, oublie)]

    ailleurs = blocs(demo, "cpe_autre")  # the lycée's CPE: their own establishment, nothing of the collège
    assert ailleurs and {b["sous_titre"] for b in ailleurs} == {demo.annuaire.structures[demo.personne("cpe_autre").fonctions[0][0]].nom}
    for b in ailleurs:
        assert eleve.nom_complet not in str(b["lignes"]) and absent.nom_complet not in str(b["lignes"])
        assert not [l for l in b["lignes"] if (l["lien"] or "").startswith(demo.etab.absolute_url())]


def test_direction_registers_changes_figures(demo):
    changer_l_emploi_du_temps(demo)
    eleve, today = vie_de_famille(demo)
    trouves = blocs(demo, "direction")
    assert [b["titre"] for b in trouves] == ["Appels non faits", "Changements d'emploi du temps aujourd'hui", "L'établissement en chiffres"]
    changements = un(trouves, "Changements d'emploi du temps aujourd'hui")
    assert [l["etiquette"] for l in changements["lignes"]] == ["Changement de salle", "Annulé", "Déplacé", "Déplacé"]
    assert all(l["lien"].endswith("/@@emploi-du-temps?division=3A") for l in changements["lignes"][:2])
    cours = [o for o in demo.vs.occurrences(MARDI, MARDI) if not o.annule]
    eleves = sum(len(demo.annuaire.eleves(demo.structure, c)) for c in demo.annuaire.divisions_de(demo.structure, "classe"))
    assert textes(un(trouves, "L'établissement en chiffres")) == [
        f"{eleves} élèves inscrits", f"1 appel fait sur {len(cours)} cours aujourd'hui", "1 élève absent, 1 retard aujourd'hui",
        "1 déclaration des familles à traiter", "0 élève en alerte d'absentéisme en novembre"]
    lycee = blocs(demo, "direction_lycee")
    assert lycee and not [b for b in lycee if b["sous_titre"] == "COLLEGE JEAN MOULIN"]
    assert not [b for b in blocs(demo, "enseignant") if b["titre"] in ("L'établissement en chiffres", "Appels non faits")]


def test_staff_in_two_establishments_get_one_block_per_establishment(demo):
    blanchard = next(demo.annuaire.personne(i) for i in demo.annuaire.membres_fonction(demo.structure, "ENS")
                     if len({s for s, _, _ in demo.annuaire.personne(i).fonctions}) > 1)
    noms = {demo.annuaire.structures[s].nom for s, _, _ in blanchard.fonctions}
    assert len(noms) == 2
    assert {b["sous_titre"] for b in blocs(demo, blanchard.id) if b["titre"] == "Mes cours aujourd'hui"} == noms
    entrees = Menu().entrees(demo.portal, lecteur(demo, blanchard.id))
    assert {e["texte"] for e in entrees if e["texte"].startswith("Appel")} == {f"Appel — {n}" for n in noms}


# -- menu ---------------------------------------------------------------------------------------------

MENUS = {
    "eleve": {"Emploi du temps", "Absences et retards"},
    "parent": {"Emploi du temps", "Absences et retards", "Déclarer une absence"},
    "parent_autre": {"Emploi du temps", "Absences et retards", "Déclarer une absence"},
    "enseignant": {"Appel", "Emploi du temps", "Signaler un incident"},
    "cpe": {"Appel", "Vie scolaire", "Statistiques", "Signaler un incident"},
    "direction": {"Appel", "Vie scolaire", "Statistiques", "Signaler un incident", "Gestion de l'emploi du temps",
                  "Décompte des absences"},
}


def ouvre(demo, adresse):
    """Does the page at ``adresse`` let the logged-in person in? (its checks run before the template)"""
    morceaux = urlsplit(adresse)
    chemin, vue = morceaux.path.split("/@@")
    contexte = demo.portal.unrestrictedTraverse(chemin[len(urlsplit(demo.portal.absolute_url()).path):].lstrip("/"))
    demo.request.form.clear()
    demo.request.form.update(dict(parse_qsl(morceaux.query)))
    page = getMultiAdapter((contexte, demo.request), name=vue)
    page.index = lambda *a, **k: "ok"
    try:
        return page() == "ok"
    except Unauthorized:
        return False


@pytest.mark.parametrize("role", sorted(MENUS))
def test_menu_entries_are_the_pages_the_person_may_open(demo, role):
    alsoProvides(demo.request, ICartableViescolaireLayer)
    qui = lecteur(demo, role)
    entrees = Menu().entrees(demo.portal, qui)
    assert {e["texte"] for e in entrees} == MENUS[role]
    assert len({e["lien"] for e in entrees}) == len(entrees)
    for entree in entrees:
        assert ouvre(demo, entree["lien"]), entree
    if role.startswith("parent"):
        enfant = demo.annuaire.enfants_de(qui.personne.id)
        assert all(f"eleve={enfant[0]}" in e["lien"] for e in entrees)


def test_teacher_today_counts_the_replacement_given_to_them_and_the_course_moved_in(demo):
    """« Mes cours aujourd'hui » reads only the slots that may be the teacher's today (cours_enseignant): a course
    of a colleague given to them today, and a course of theirs moved in from Monday, are both there."""
    aujourd_hui = cours_de(demo, MARDI, de_la_classe("3A"))
    par_heure = {o.debut: o for o in aujourd_hui}
    autre = demo.personne("enseignant_autre")
    donne = next(o for o in aujourd_hui if autre.id not in o.enseignants)
    demo.vs.poser_modification(donne.cle, Modification(remplacants=(autre.id,)))
    lundi = cours_de(demo, LUNDI, de_la_classe("3A"))[0]
    demo.vs.poser_modification(lundi.cle, Modification(date=MARDI, debut="15:00", fin="16:00"))
    debut = donne.debut.replace(":00", " h").lstrip("0").replace(":", " h ")
    chez_l_autre = un(blocs(demo, "enseignant_autre"), "Mes cours aujourd'hui")
    assert any(l["texte"].startswith(debut) and l["lien"] for l in chez_l_autre["lignes"]), textes(chez_l_autre)
    titulaire = next(r for r in ("enseignant", "professeur_principal") if demo.ids.get(r) in lundi.enseignants)
    chez_le_titulaire = un(blocs(demo, titulaire), "Mes cours aujourd'hui")
    assert any(l["texte"].startswith("15 h – 16 h") for l in chez_le_titulaire["lignes"]), textes(chez_le_titulaire)
    assert par_heure  # today's 3A courses exist
