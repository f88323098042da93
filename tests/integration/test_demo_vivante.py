"""The demo loaded on a day of the second trimester (Thursday 3 December 2026, 10:00): every page has
something of that day to show — marks of the current period, the registers of the past weeks with absences
and lateness in every class, the cahier de textes on the timetable's courses, a Devoir handed in to mark."""

from collections import Counter
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from unittest import mock

import transaction
from plone import api

from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge
from cartable.demo.pedagogie import espaces_de_classe
from cartable.notes.stockage import lire_carnet
from cartable.pedagogie.agenda import cahier, lecture
from cartable.pedagogie.agenda.stockage import lire_index
from cartable.pedagogie.bureau import BlocCopies, bloc_devoirs
from cartable.regles import cahier_de_textes
from cartable.regles.emploi_du_temps import lire_cle
from cartable.viescolaire import absences
from cartable.viescolaire.stockage import lire_vie_scolaire

JOUR = datetime(2026, 12, 3, 10, 0)


def test_demo_loaded_in_the_second_trimester_shows_that_day(portal, tmp_path, monkeypatch):
    from cartable.demo.region import creer_region_demo

    monkeypatch.setenv("CARTABLE_VAR", str(tmp_path))
    horloge.figer(JOUR)
    with api.env.adopt_roles(["Manager"]):
        creer_region_demo(portal)
    annuaire = lire_annuaire(portal)
    college = portal["0139101x"]

    # marks in the current period, published, dated before today; the first trimester's as before
    evaluations = list(lire_carnet(college).evaluations.values())
    par_periode = Counter(e.periode for e in evaluations)
    assert par_periode["T2"] > 50 and par_periode["T1"] == 3 * par_periode["T2"], par_periode
    assert all(e.publiee and date(2026, 12, 1) <= e.date < JOUR.date() and e.saisies for e in evaluations if e.periode == "T2")

    # registers: every course of every class ended before now in the past four weeks, taken; absences and
    # lateness in every class of every establishment; nothing in the future
    for structure in annuaire.structures.values():
        vs = lire_vie_scolaire(portal[structure.uai.lower()])
        classes_marquees = set()
        for occ in vs.occurrences(JOUR.date() - timedelta(days=27), JOUR.date()):
            fin = datetime.combine(occ.date, datetime.strptime(occ.fin, "%H:%M").time())
            appel = vs.appels.get(occ.cle)
            if occ.annule or not occ.enseignants:
                continue
            assert (appel is not None) == (fin <= JOUR), occ.cle
            if appel is not None:
                assert appel.etat == "fait" and appel.fait_par
                assert len(appel.journal) == len(appel.marques)
                if appel.marques and occ.division in {(structure.id, c) for c in annuaire.divisions_de(structure.id, "classe")}:
                    classes_marquees.add(occ.division[1])
        assert classes_marquees == set(annuaire.divisions_de(structure.id, "classe")), structure.uai
        types = Counter(m["type"] for a in vs.appels.values() for m in a.marques.values())
        assert types["absence"] and types["retard"], types
        for (eleve, cle), code in vs.motifs_absences.items():  # motives only on real absences, a week old at least
            assert vs.appels[cle].marques[eleve] == {"type": "absence"} and code in vs.motifs
            assert (JOUR.date() - lire_cle(cle)[0]).days > 7

    # the per-student index of marks (VieScolaire.marques_eleves), kept as the registers were written: each
    # student's marks read from it are those read from every course of the year, of the week, of today
    vs = lire_vie_scolaire(college)
    index = {e: sorted(c) for e, c in vs.marques_eleves.items() if len(c)}
    marques = 0
    for code in annuaire.divisions_de(college.jointure, "classe"):
        for eleve in map(annuaire.personne, annuaire.eleves(college.jointure, code)):
            for du, au in ((vs.calendrier.debut, JOUR.date()), (date(2026, 11, 23), date(2026, 11, 27)), (JOUR.date(), JOUR.date())):
                attendu = absences.evenements(vs, eleve, college.jointure, du, au)[1]
                assert absences.marques_de(vs, eleve, college.jointure, du, au) == attendu, (eleve.id, du, au)
                marques += len(attendu)
    assert marques > 200, marques
    # a student's half-days « à régulariser » (their Mon bureau), counted on the days with an absence without a
    # motive, are the year's count, in both modes
    eleves = [annuaire.personne(i) for c in annuaire.divisions_de(college.jointure, "classe")
              for i in annuaire.eleves(college.jointure, c)]
    avec, mode_du_college = Counter(), vs.mode_decompte
    for mode in ("brutes", "calculees"):
        vs.mode_decompte = mode
        for eleve in eleves:
            annee = absences.decompte(vs, eleve, college.jointure, vs.calendrier.debut, JOUR.date())[0]
            nombre = annee["demi_journees"]["a_regulariser"]
            assert absences.a_regulariser(vs, eleve, college.jointure, vs.calendrier.debut, JOUR.date()) == nombre, eleve.id
            avec[mode] += nombre != 0
    assert avec["brutes"] > 20 and avec["calculees"] > 20, avec
    vs.mode_decompte = mode_du_college
    vs.indexer_marques()  # what the upgrade step 1000 → 1001 does: the same index
    assert {e: sorted(c) for e, c in vs.marques_eleves.items()} == index

    # the cahier de textes: every entry of the collège's class spaces sits on a course of its class and subject
    entrees = 0
    for espace in espaces_de_classe(college):
        for cle in cahier.cahier_de(espace).entrees:
            assert not cahier_de_textes.est_hors_edt(cle), cle
            occ = vs.occurrence(cle)
            assert occ is not None and occ.division[1] == espace.division and occ.matiere == espace.matiere, cle
            entrees += 1
    assert entrees > 300

    # the 3A French space: its Devoir given at one of its sessions, and last week's one handed in, to mark
    francais = college["3a"]["francais"]
    ouverture = francais["devoir-demo"].ouverture.astimezone(horloge.FUSEAU).replace(tzinfo=None)
    assert any(datetime.combine(o.date, datetime.strptime(o.debut, "%H:%M").time()) == ouverture
               for o in vs.occurrences(ouverture.date(), ouverture.date()) if o.division[1] == "3A" and o.matiere == francais.matiere)
    remis = francais["devoir-demo-remis"]
    eleves = annuaire.eleves(college.jointure, "3A")
    rendus = remis.objectValues()
    assert 0.4 * len(eleves) < len(rendus) < len(eleves)
    assert {api.content.get_state(r) for r in rendus} == {"remis"}
    assert all(r.texte and not r.en_retard and r.remis_le <= remis.echeance and r.eleve in eleves for r in rendus)
    assert all(not r.get_local_roles() for r in rendus)  # the student's role comes from the directory only

    # the students' hand-ins in the agenda index, as the commit writes them (its hooks run here): Mon bureau's
    # « Devoirs à rendre » and the agenda read from it what opening every Devoir and Rendu gives
    for crochet, arguments, nommes in list(transaction.get().getBeforeCommitHooks()):
        crochet(*arguments, **nommes)
    remis_lus = 0
    for code in annuaire.divisions_de(college.jointure, "classe"):
        for eleve in map(annuaire.personne, annuaire.eleves(college.jointure, code)):
            assert lecture.remises_de(portal, annuaire, eleve) is not None
            par_index = (bloc_devoirs(portal, annuaire, eleve, "agenda", True),
                         lecture.agenda_eleve(portal, annuaire, eleve, JOUR.date(), du=date(2026, 11, 1)))
            with mock.patch.object(lecture, "remises_de", return_value=None):  # an index before the upgrade step 1004
                en_ouvrant = (bloc_devoirs(portal, annuaire, eleve, "agenda", True),
                              lecture.agenda_eleve(portal, annuaire, eleve, JOUR.date(), du=date(2026, 11, 1)))
            assert par_index == en_ouvrant, eleve.id
            remis_lus += sum(1 for j in par_index[1]["jours"] for t in j["travaux"] if t["remis_texte"])
    assert remis_lus >= len(rendus), remis_lus
    # and each teacher's « Copies à corriger » counted in the index is what counting the Rendus gives
    index = lire_index(college)
    compteurs, copies = index.a_corriger, 0
    for ident in sorted({e for code in annuaire.divisions_de(college.jointure, "classe")
                         for e in annuaire.enseignants_division.get((college.jointure, code), ())}):
        lecteur = SimpleNamespace(personne=annuaire.personne(ident), annuaire=annuaire)
        par_index = BlocCopies().blocs(portal, lecteur)
        index.a_corriger = None  # an index before the upgrade step 1004: the Devoirs are opened
        try:
            assert BlocCopies().blocs(portal, lecteur) == par_index, ident
        finally:
            index.a_corriger = compteurs
        copies += sum(1 for b in par_index for _ in b["lignes"])
    assert copies >= 1, copies

    # loading again writes nothing more
    avant = (len(evaluations), sum(len(lire_vie_scolaire(portal[s.uai.lower()]).appels) for s in annuaire.structures.values()),
             len(rendus), entrees)
    with api.env.adopt_roles(["Manager"]):
        creer_region_demo(portal)
    apres = (len(lire_carnet(college).evaluations), sum(len(lire_vie_scolaire(portal[s.uai.lower()]).appels)
                                                         for s in annuaire.structures.values()),
             len(remis.objectIds()), sum(len(cahier.cahier_de(e).entrees) for e in espaces_de_classe(college)))
    assert apres == avant
