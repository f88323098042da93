"""The vie scolaire's words on Mon bureau (cartable.regles.bureau_vie_scolaire): pure, no Zope."""

from datetime import date, datetime

import pytest

from cartable.regles import bureau_vie_scolaire as mots

MARDI = date(2026, 11, 17)


def a(heure, minute=0):
    return datetime(2026, 11, 17, heure, minute)


@pytest.mark.parametrize(("etat", "annule", "maintenant", "attendu"), [
    ("a_faire", False, a(7, 50), ("a_faire", "Appel à faire")),  # before the course
    ("a_faire", False, a(8, 14), ("a_faire", "Appel à faire")),  # within the quarter of an hour
    ("a_faire", False, a(8, 15), ("alerte", "Appel à faire")),  # on the CPE's list from 15 minutes
    ("en_cours", False, a(8, 5), ("a_faire", "Appel en cours")),
    ("en_cours", False, a(9, 0), ("alerte", "Appel en cours")),
    ("fait", False, a(9, 0), ("fait", "Appel fait")),
    ("a_faire", True, a(9, 0), ("info", "Annulé")),  # a cancelled course has no register to take
])
def test_etat_appel(etat, annule, maintenant, attendu):
    assert mots.etat_appel(etat, annule, MARDI, "08:00", maintenant) == attendu


def test_appel_non_fait_from_a_quarter_of_an_hour():
    assert mots.appel_non_fait("a_faire", False, MARDI, "08:00", a(8, 14)) is None
    assert mots.appel_non_fait("a_faire", False, MARDI, "08:00", a(8, 15)) == "Appel non fait"
    assert mots.appel_non_fait("en_cours", False, MARDI, "08:00", a(10)) == "Appel commencé, non terminé"
    assert mots.appel_non_fait("fait", False, MARDI, "08:00", a(10)) is None
    assert mots.appel_non_fait("a_faire", True, MARDI, "08:00", a(10)) is None


def cours(**changes):
    base = {"jour": MARDI, "debut": "08:00", "salle": "B12", "enseignants": ["Anne Martin"]}
    return {**base, **changes}


def test_changement_in_words():
    assert mots.changement(annule=False, motif="", prevu=cours(), tenu=cours(), aujourd_hui=MARDI) == (None, [])
    assert mots.changement(annule=True, motif="Sortie au musée", prevu=cours(), tenu=cours(), aujourd_hui=MARDI) == (
        "Annulé", ["Cours annulé : Sortie au musée"])
    assert mots.changement(annule=False, motif="", prevu=cours(jour=date(2026, 11, 16)), tenu=cours(debut="10:00"),
                           aujourd_hui=MARDI) == ("Déplacé", ["Initialement prévu hier à 8 h"])
    assert mots.changement(annule=False, motif="", prevu=cours(jour=date(2026, 11, 12)), tenu=cours(),
                           aujourd_hui=MARDI) == ("Déplacé", ["Initialement prévu le jeudi 12 novembre à 8 h"])
    assert mots.changement(annule=False, motif="", prevu=cours(), tenu=cours(debut="14:30"), aujourd_hui=MARDI) == (
        "Déplacé", ["Initialement prévu à 8 h"])
    assert mots.changement(annule=False, motif="", prevu=cours(), tenu=cours(enseignants=["Paul Roux"]), aujourd_hui=MARDI) == (
        "Remplacement", ["Paul Roux remplace Anne Martin"])
    assert mots.changement(annule=False, motif="", prevu=cours(), tenu=cours(salle="C3"), aujourd_hui=MARDI) == (
        "Changement de salle", ["Salle C3 au lieu de B12"])
    # several changes: the weightiest names it, every one is said
    etiquette, details = mots.changement(annule=False, motif="", prevu=cours(), tenu=cours(debut="10:00", salle="C3"),
                                         aujourd_hui=MARDI)
    assert etiquette == "Déplacé" and details == ["Initialement prévu à 8 h", "Salle C3 au lieu de B12"]


def test_deplace_ailleurs():
    assert mots.deplace_ailleurs(date(2026, 11, 19), "10:30", MARDI) == "Déplacé au jeudi 19 novembre à 10 h 30"
    assert mots.deplace_ailleurs(date(2026, 11, 18), "10:00", MARDI) == "Déplacé à demain à 10 h"


def test_marque_in_words():
    assert mots.marque({"type": "absence"}) == "Absence"
    assert mots.marque({"type": "retard", "minutes": 7}) == "Retard de 7 min"
    assert mots.marque({"type": "depart", "heure": "15:00"}) == "Départ anticipé à 15 h"
    assert mots.marque({"type": "depart"}) == "Départ anticipé"


def test_a_justifier_leaves_motives_and_says_what_waits():
    lundi = date(2026, 11, 16)
    absences = [(MARDI, "08:00", None), (lundi, "10:00", "MAL"), (lundi, "08:00", None), (MARDI, "14:00", None)]
    declarations = [
        {"du": datetime(2026, 11, 17, 0, 0), "au": datetime(2026, 11, 17, 12, 0), "statut": "a_traiter"},
        {"du": datetime(2026, 11, 16, 0, 0), "au": datetime(2026, 11, 16, 23, 59), "statut": "refusee"},
    ]
    assert mots.a_justifier(absences, declarations) == [
        (lundi, "08:00", False),  # a refused declaration leaves it to justify
        (MARDI, "08:00", True),  # a declaration waits for the CPE
        (MARDI, "14:00", False),  # not covered by the morning's declaration
    ]
    assert mots.a_justifier([], declarations) == []


def test_nombre_mois_et_titres():
    assert mots.nombre(0, "élève") == "0 élève"
    assert mots.nombre(1, "élève") == "1 élève"
    assert mots.nombre(3, "élève") == "3 élèves"
    assert mots.nombre(2.5, "demi-journée", "demi-journées") == "2,5 demi-journées"
    assert mots.nombre(1.5, "demi-journée", "demi-journées") == "1,5 demi-journée"
    assert mots.mois_fr("2026-11") == "novembre"
    assert mots.horaire("08:00", "09:30") == "8 h – 9 h 30"
    assert mots.cours_du(MARDI, MARDI) == "Mes cours aujourd'hui"
    assert mots.cours_du(date(2026, 11, 18), MARDI) == "Mes cours demain"
    assert mots.cours_du(date(2026, 11, 23), MARDI) == "Mes cours du lundi 23 novembre"
    assert mots.le_jour(date(2026, 11, 16), MARDI) == "hier"
    assert mots.le_jour(date(2026, 11, 12), MARDI) == "le jeudi 12 novembre"
