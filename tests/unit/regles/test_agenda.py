from datetime import date, datetime, timedelta, timezone

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cartable.regles.agenda import (
    Changement,
    Charge,
    ModificationRefusee,
    SaisieInvalide,
    Travail,
    agenda,
    agenda_json,
    alerte_charge,
    appliquer,
    charge_de_travail,
    date_fr,
    duree_fr,
    flux_ics,
    jeton,
    modification_autorisee,
    nouvelle_entree,
    verifier_jeton,
    viser,
)

LUNDI = date(2026, 11, 30)
QUAND = datetime(2026, 11, 30, 17, 5, tzinfo=timezone.utc)


def travail(id, pour_le=LUNDI, matiere="Mathématiques", titre="Exercices", duree=30, evaluation=False, **autres):
    return Travail(id=id, espace=f"3A-{matiere}", matiere=matiere, titre=titre, pour_le=pour_le,
                   duree_minutes=duree, evaluation=evaluation, **autres)


# --- Agenda ---------------------------------------------------------------------


def test_agenda_groups_by_due_date_and_sorts_by_subject_then_title():
    travaux = [
        travail("m2", titre="Leçon 4"),
        travail("f1", matiere="Français", titre="Rédaction"),
        travail("e1", matiere="Éducation musicale", titre="Chant"),
        travail("m1", titre="Exercice 12"),
        travail("h1", pour_le=LUNDI + timedelta(days=1), matiere="Histoire", titre="Carte"),
        travail("hors", pour_le=LUNDI + timedelta(days=9)),
    ]
    jours = agenda(travaux, set(), LUNDI, LUNDI + timedelta(days=6))
    assert [j.date for j in jours] == [LUNDI, LUNDI + timedelta(days=1)]
    # « Éducation » sorts among the E, before « Français », accents ignored.
    assert [l.travail.id for l in jours[0].lignes] == ["e1", "f1", "m1", "m2"]
    assert [l.travail.id for l in jours[1].lignes] == ["h1"]


def test_agenda_done_and_overdue():
    travaux = [travail("passe", pour_le=LUNDI - timedelta(days=1)), travail("passe-fait", pour_le=LUNDI - timedelta(days=1)),
               travail("aujourdhui", pour_le=LUNDI)]
    jours = agenda(travaux, {"passe-fait"}, LUNDI - timedelta(days=7), LUNDI + timedelta(days=7), aujourd_hui=LUNDI)
    lignes = {l.travail.id: l for j in jours for l in j.lignes}
    assert (lignes["passe"].fait, lignes["passe"].en_retard) == (False, True)
    assert (lignes["passe-fait"].fait, lignes["passe-fait"].en_retard) == (True, False)
    # Due today is not late yet.
    assert (lignes["aujourdhui"].fait, lignes["aujourdhui"].en_retard) == (False, False)


def test_agenda_counts_work_reached_twice_once_and_refuses_a_reversed_period():
    jours = agenda([travail("a"), travail("a")], set(), LUNDI, LUNDI)
    assert len(jours[0].lignes) == 1
    with pytest.raises(SaisieInvalide, match="précède"):
        agenda([], set(), LUNDI, LUNDI - timedelta(days=1))


def test_agenda_json():
    jours = agenda([travail("a", devoir="devoir-1", evaluation=True)], {"a"}, LUNDI, LUNDI)
    assert agenda_json(jours) == [{"date": "2026-11-30", "travaux": [{
        "id": "a", "espace": "3A-Mathématiques", "matiere": "Mathématiques", "titre": "Exercices",
        "pour_le": "2026-11-30", "duree_minutes": 30, "devoir": "devoir-1", "evaluation": True,
        "fait": True, "en_retard": False}]}]


travaux_st = st.lists(
    st.builds(
        Travail,
        id=st.text("abcdef", min_size=1, max_size=3),
        espace=st.just("3A"),
        matiere=st.sampled_from(["Français", "Éducation musicale", "anglais", "Mathématiques"]),
        titre=st.text("abcÉé ", max_size=4),
        pour_le=st.dates(LUNDI - timedelta(days=10), LUNDI + timedelta(days=10)),
        duree_minutes=st.integers(0, 200),
        evaluation=st.booleans(),
    ),
    max_size=25,
)


@settings(max_examples=200, deadline=None)
@given(travaux_st, st.sets(st.text("abcdef", min_size=1, max_size=3)), st.integers(-10, 10), st.integers(0, 10))
def test_agenda_properties(travaux, faits, decalage, longueur):
    du = LUNDI + timedelta(days=decalage)
    au = du + timedelta(days=longueur)
    jours = agenda(travaux, faits, du, au, aujourd_hui=LUNDI)
    attendus = {t.id: t for t in travaux if du <= t.pour_le <= au}
    lignes = [l for j in jours for l in j.lignes]
    assert sorted(l.travail.id for l in lignes) == sorted(attendus)
    assert [j.date for j in jours] == sorted({t.pour_le for t in attendus.values()})
    for jour in jours:
        assert all(l.travail.pour_le == jour.date for l in jour.lignes)
    for ligne in lignes:
        assert ligne.fait == (ligne.travail.id in faits)
        assert ligne.en_retard == (not ligne.fait and ligne.travail.pour_le < LUNDI)


# --- Charge de travail ----------------------------------------------------------------


def test_charge_and_the_alert_of_the_design():
    travaux = [travail("a", duree=90, evaluation=True), travail("b", matiere="Français", duree=60, evaluation=True),
               travail("c", pour_le=LUNDI + timedelta(days=1), duree=20),
               travail("hors", pour_le=LUNDI + timedelta(days=30), duree=500)]
    charge = charge_de_travail(travaux, LUNDI - timedelta(days=2), LUNDI + timedelta(days=5))
    assert charge == {LUNDI: Charge(150, 2), LUNDI + timedelta(days=1): Charge(20, 0)}
    assert alerte_charge(charge, LUNDI) == "Déjà 2 h 30 de travail prévues le lundi 30 novembre (dont 2 évaluations)"
    assert alerte_charge(charge, LUNDI + timedelta(days=1)) is None
    assert alerte_charge(charge, LUNDI + timedelta(days=2)) is None


@pytest.mark.parametrize("charge, attendu", [
    (Charge(119, 1), None),
    (Charge(120, 0), "Déjà 2 h de travail prévues le mardi 1er décembre"),
    (Charge(45, 2), "Déjà 45 min de travail prévues le mardi 1er décembre (dont 2 évaluations)"),
    (Charge(125, 1), "Déjà 2 h 05 de travail prévues le mardi 1er décembre (dont 1 évaluation)"),
])
def test_alert_thresholds(charge, attendu):
    jour = date(2026, 12, 1)
    assert alerte_charge({jour: charge}, jour) == attendu


def test_alert_custom_thresholds():
    assert alerte_charge({LUNDI: Charge(60, 0)}, LUNDI, seuil_minutes=60) == "Déjà 1 h de travail prévues le lundi 30 novembre"
    assert alerte_charge({LUNDI: Charge(60, 1)}, LUNDI, seuil_minutes=61, seuil_evaluations=2) is None


def test_french_dates_and_durations():
    assert date_fr(date(2026, 8, 1)) == "samedi 1er août"
    assert date_fr(date(2026, 2, 22)) == "dimanche 22 février"
    assert [duree_fr(m) for m in (0, 5, 60, 61, 150)] == ["0 min", "5 min", "1 h", "1 h 01", "2 h 30"]


@settings(max_examples=200, deadline=None)
@given(travaux_st)
def test_charge_is_the_sum_of_the_day(travaux):
    du, au = LUNDI - timedelta(days=3), LUNDI + timedelta(days=3)
    charge = charge_de_travail(travaux, du, au)
    uniques = {t.id: t for t in travaux}.values()
    for jour in {t.pour_le for t in uniques} | set(charge):
        du_jour = [t for t in uniques if t.pour_le == jour]
        if du <= jour <= au:
            assert charge[jour] == Charge(sum(t.duree_minutes for t in du_jour), sum(t.evaluation for t in du_jour))
        else:
            assert jour not in charge


# --- Cahier de textes --------------------------------------------------------------


def entree_visee():
    entree = nouvelle_entree("2026-11-30@c-maths-3a")
    entree, _ = appliquer(entree, Changement(contenu="Théorème de Pythagore.\n", travaux=(travail("t1", pour_le=LUNDI + timedelta(days=2)),),
                                             pieces_jointes=("fiche.pdf",)), "prof", QUAND)
    return viser(entree, "direction", QUAND + timedelta(days=7))


def test_new_entry_from_an_occurrence_key():
    assert nouvelle_entree("2026-11-30@c1").date == LUNDI
    # A moved course keeps its key and is held on another day.
    assert nouvelle_entree("2026-11-30@c1", date(2026, 12, 2)).date == date(2026, 12, 2)
    for cle in ("30/11/2026@c1", "2026-11-30", "2026-11-30@"):
        with pytest.raises(SaisieInvalide, match="Séance inconnue"):
            nouvelle_entree(cle)


def test_before_the_visa_anything_goes_and_history_keeps_before_and_after():
    entree = nouvelle_entree("2026-11-30@c1")
    entree, trace = appliquer(entree, Changement(contenu="Chapitre 3"), "prof", QUAND)
    entree, trace = appliquer(entree, Changement(contenu="Chapitre 4", pieces_jointes=()), "prof2", QUAND + timedelta(hours=1))
    assert entree.contenu == "Chapitre 4"
    assert (trace.qui, trace.quand) == ("prof2", QUAND + timedelta(hours=1))
    # Only the field that changed is in the history.
    assert (trace.avant, trace.apres) == ({"contenu": "Chapitre 3"}, {"contenu": "Chapitre 4"})


def test_a_change_that_changes_nothing_leaves_no_history():
    entree = entree_visee()
    assert appliquer(entree, Changement(contenu=entree.contenu, pieces_jointes=["fiche.pdf"]), "prof", QUAND) == (entree, None)


def test_after_the_visa_additions_are_allowed():
    entree = entree_visee()
    ajout = travail("t2", pour_le=LUNDI + timedelta(days=3), titre="Leçon")
    changement = Changement(contenu="Théorème de Pythagore.\nCorrection de l'exercice 3.",
                            travaux=entree.travaux + (ajout,), pieces_jointes=("fiche.pdf", "corrige.pdf"))
    assert modification_autorisee(entree, changement) is None
    apres, trace = appliquer(entree, changement, "prof", QUAND + timedelta(days=8))
    assert apres.visa == entree.visa
    assert [t.id for t in apres.travaux] == ["t1", "t2"]
    assert trace.avant["pieces_jointes"] == ("fiche.pdf",) and trace.apres["pieces_jointes"] == ("fiche.pdf", "corrige.pdf")


@pytest.mark.parametrize("changement, message", [
    (Changement(contenu="Théorème de Thalès."), "contenu ne peut plus être modifié ni effacé"),
    (Changement(contenu=""), "contenu ne peut plus être modifié ni effacé"),
    (Changement(contenu="Avant. Théorème de Pythagore.\n"), "contenu ne peut plus être modifié ni effacé"),
    (Changement(travaux=()), "« Exercices » ne peut plus être retiré"),
    (Changement(travaux=(travail("t1", pour_le=LUNDI + timedelta(days=5)),)), "« Exercices » ne peut plus être modifié"),
    (Changement(pieces_jointes=("autre.pdf",)), "pièces jointes ne peuvent plus être retirées"),
])
def test_after_the_visa_changes_and_removals_are_refused(changement, message):
    entree = entree_visee()
    assert message in modification_autorisee(entree, changement)
    assert "visa de la direction" in modification_autorisee(entree, changement)
    with pytest.raises(ModificationRefusee, match=message):
        appliquer(entree, changement, "prof", QUAND)
    assert entree == entree_visee()  # frozen: nothing changed


def test_trailing_whitespace_is_not_content():
    entree = entree_visee()
    assert modification_autorisee(entree, Changement(contenu="Théorème de Pythagore. Suite.")) is None


@pytest.mark.parametrize("travaux, message", [
    ((travail("x", titre="  "),), "intitulé"),
    ((travail("x", pour_le=LUNDI - timedelta(days=1)),), "avant la séance du lundi 30 novembre"),
    ((travail("x", duree=-5),), "durée estimée"),
    ((travail("x", duree=601),), "durée estimée"),
    ((travail("x"), travail("x", titre="autre")), "même identifiant"),
])
def test_bad_work_items_are_refused_with_or_without_visa(travaux, message):
    entree = nouvelle_entree("2026-11-30@c1")
    with pytest.raises(ModificationRefusee, match=message):
        appliquer(entree, Changement(travaux=travaux), "prof", QUAND)


def test_visa_needs_its_author():
    with pytest.raises(SaisieInvalide):
        viser(nouvelle_entree("2026-11-30@c1"), " ", QUAND)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20), st.text(max_size=20), st.text(max_size=20))
def test_visaed_text_accepts_exactly_the_appended_text(ancien, ajout, autre):
    entree = viser(appliquer(nouvelle_entree("2026-11-30@c1"), Changement(contenu=ancien), "prof", QUAND)[0], "dir", QUAND)
    assert modification_autorisee(entree, Changement(contenu=ancien + ajout)) is None
    refus = modification_autorisee(entree, Changement(contenu=autre))
    assert (refus is None) == autre.startswith(ancien.rstrip())


# --- iCalendar feed ------------------------------------------------------------------


def lire(flux):
    return icalendar.Calendar.from_ical(flux)


def test_feed_parses_back_with_one_all_day_event_per_item():
    travaux = [travail("a", titre="Exercices ; p. 12, n° 3", evaluation=True, devoir="d1",
                       cree_le=datetime(2026, 11, 20, 9, tzinfo=timezone.utc)),
               travail("b", pour_le=LUNDI + timedelta(days=1), matiere="Français", titre="Rédaction")]
    flux = flux_ics(travaux, {"b"}, "Agenda de Léa", QUAND)
    assert flux.startswith(b"BEGIN:VCALENDAR\r\n") and flux.endswith(b"END:VCALENDAR\r\n")
    assert all(len(ligne) <= 75 for ligne in flux.split(b"\r\n"))  # RFC 5545 §3.1: folded at 75 octets
    calendrier = lire(flux)
    assert str(calendrier["version"]) == "2.0" and calendrier["prodid"]
    assert str(calendrier["x-wr-calname"]) == "Agenda de Léa"
    evenements = calendrier.walk("VEVENT")
    assert not calendrier.walk("VTODO")
    par_uid = {str(e["uid"]): e for e in evenements}
    assert set(par_uid) == {"travail-a@cartable", "travail-b@cartable"}
    a, b = par_uid["travail-a@cartable"], par_uid["travail-b@cartable"]
    assert a.decoded("dtstart") == LUNDI and a.decoded("dtend") == LUNDI + timedelta(days=1)
    assert a["dtstart"].params.get("VALUE") == "DATE"
    assert str(a["summary"]) == "Mathématiques : Exercices ; p. 12, n° 3"
    assert str(b["summary"]) == "✓ Français : Rédaction"
    assert a.decoded("dtstamp") == QUAND
    assert str(a["transp"]) == "TRANSPARENT"
    assert "Durée estimée : 30 min" in str(a["description"]) and "Évaluation" in str(a["description"])


def test_feed_uids_are_stable_and_the_naive_clock_refused():
    travaux = [travail("a"), travail("b")]
    premier = lire(flux_ics(travaux, set(), "x", QUAND))
    second = lire(flux_ics(list(reversed(travaux)), {"a"}, "x", QUAND + timedelta(hours=3)))
    assert [str(e["uid"]) for e in premier.walk("VEVENT")] == [str(e["uid"]) for e in second.walk("VEVENT")]
    with pytest.raises(SaisieInvalide, match="fuseau"):
        flux_ics(travaux, set(), "x", datetime(2026, 11, 30, 18))


@settings(max_examples=100, deadline=None)
@given(travaux_st, st.sets(st.text("abcdef", min_size=1, max_size=3)))
def test_feed_round_trip(travaux, faits):
    evenements = lire(flux_ics(travaux, faits, "Agenda", QUAND)).walk("VEVENT")
    uniques = {t.id: t for t in travaux}
    assert sorted(str(e["uid"]) for e in evenements) == sorted(f"travail-{i}@cartable" for i in uniques)
    for evenement in evenements:
        t = uniques[str(evenement["uid"])[len("travail-"):-len("@cartable")]]
        assert evenement.decoded("dtstart") == t.pour_le
        assert str(evenement["summary"]).startswith("✓ ") == (t.id in faits)


# --- Feed tokens ---------------------------------------------------------------------


def test_tokens():
    premier, second = jeton(), jeton()
    assert premier != second and len(premier) >= 43
    assert all(c.isalnum() or c in "-_" for c in premier)  # fits in a URL as is
    assert verifier_jeton(premier, premier)
    assert not verifier_jeton(second, premier)
    assert not verifier_jeton(premier[:-1], premier)
    # Revoked (None or empty stored token) or a missing/odd token in the URL: refused.
    for presente, attendu in ((premier, None), ("", ""), (None, premier), (b"x", "x"), ("é", "e")):
        assert not verifier_jeton(presente, attendu)
