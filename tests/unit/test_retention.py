"""cartable.regles.retention: how long each kind of personal record is kept, and from when."""

from datetime import date, timedelta

import pytest

from cartable.regles import retention as r

AUJOURD_HUI = date(2028, 1, 10)


def test_every_kind_has_a_rule_and_a_registry_record_unless_fixed_by_law():
    assert set(r.REGLES) == {"appels", "notes_suivi", "incidents", "infirmerie", "punitions", "sanctions", "rendus",
                             "bulletins", "notifications", "courriels", "messagerie", "brouillons", "journal_acces"}
    for genre, regle in r.REGLES.items():
        assert regle.base in ("depart", "annee_scolaire", "date"), genre
        assert regle.libelle and regle.annees >= regle.minimum >= 0
        assert (regle.registre is None) == (genre == "sanctions")  # R511-13: not a setting
        if regle.registre:
            assert regle.registre == f"cartable.rgpd.retention_{genre}_annees"


def test_a_registry_value_never_shortens_below_the_minimum():
    appels, punitions = r.REGLES["appels"], r.REGLES["punitions"]
    assert r.lire_annees("3", appels) == 3 and r.lire_annees(2, appels) == 2
    assert r.lire_annees("0", appels) == 1 and r.lire_annees(-4, appels) == 1  # a typo: the default
    assert r.lire_annees("trois", appels) == 1 and r.lire_annees(None, appels) == 1 and r.lire_annees(True, appels) == 1
    assert r.lire_annees("0", punitions) == 0 and r.lire_annees("2", punitions) == 2


def test_the_school_year_ends_on_31_august():
    assert r.fin_annee_scolaire(date(2026, 9, 1)) == date(2027, 8, 31)
    assert r.fin_annee_scolaire(date(2027, 8, 31)) == date(2027, 8, 31)
    assert r.fin_annee_scolaire(date(2027, 1, 15)) == date(2027, 8, 31)
    assert r.ans_apres(date(2028, 2, 29), 1) == date(2029, 2, 28) and r.ans_apres(date(2028, 2, 29), -1) == date(2027, 2, 28)


def test_aged_by_school_year_by_date_and_by_departure():
    # a punition of November 2026: « à l'issue de l'année scolaire » (31 August 2027)
    assert not r.perime(date(2027, 8, 31), "annee_scolaire", 0, jour="2026-11-16T10:00")
    assert r.perime(date(2027, 9, 1), "annee_scolaire", 0, jour="2026-11-16T10:00")
    # a Rendu of that school year kept one more year
    assert not r.perime(date(2028, 8, 31), "annee_scolaire", 1, jour=date(2026, 11, 16))
    assert r.perime(date(2028, 9, 1), "annee_scolaire", 1, jour=date(2026, 11, 16))
    # date to date: exactly a year is kept, the day after goes
    assert not r.perime(date(2027, 11, 16), "date", 1, jour="2026-11-16")
    assert r.perime(date(2027, 11, 17), "date", 1, jour="2026-11-16")
    # from the departure; someone still here: never
    assert r.perime(date(2027, 11, 21), "depart", 1, depart=date(2026, 11, 20))
    assert not r.perime(date(2027, 11, 20), "depart", 1, depart=date(2026, 11, 20))
    assert not r.perime(date(2040, 1, 1), "depart", 1, depart=None)
    assert r.perime(date(2026, 11, 21), "depart", 0, depart=date(2026, 11, 20))
    # an unreadable date never purges
    assert not r.perime(date(2040, 1, 1), "date", 1, jour="pas une date") and not r.perime(date(2040, 1, 1), "date", 1, jour=None)


@pytest.mark.parametrize("base,annees", [("annee_scolaire", 0), ("annee_scolaire", 1), ("annee_scolaire", 3), ("date", 1), ("date", 2)])
def test_the_threshold_agrees_with_the_rule_day_by_day(base, annees):
    """seuil() is what the indexes are read with: every day before it is aged, no day from it is."""
    for aujourd_hui in (date(2027, 8, 31), date(2027, 9, 1), AUJOURD_HUI, date(2028, 2, 29), date(2028, 3, 1)):
        seuil = r.seuil(aujourd_hui, base, annees)
        jour = date(2020, 1, 1)
        while jour < date(2029, 1, 1):
            assert r.perime(aujourd_hui, base, annees, jour=jour) == (jour < seuil), (aujourd_hui, jour)
            jour += timedelta(days=1)


def test_sanctions_follow_r511_13():
    parti = {"e1": date(2027, 7, 5)}
    avertissement = {"type": "sanction", "nature": "Avertissement", "quand": "2026-11-16T10:00", "eleves": ["e1"]}
    exclusion = {"type": "sanction", "nature": "Exclusion temporaire de l'établissement", "quand": "2027-03-10T10:00", "eleves": ["e2"]}
    definitive = {"type": "sanction", "nature": "Exclusion définitive", "quand": "2026-12-01T10:00", "eleves": ["e1"]}
    autre = {"type": "sanction", "nature": "Travail d'intérêt scolaire", "quand": "2027-03-10T10:00", "eleves": ["e2"]}
    annees = {"infirmerie": 0, "punitions": 0}
    depart = parti.get
    assert not r.evenement_perime(avertissement, date(2027, 8, 31), annees, depart)
    assert r.evenement_perime(avertissement, date(2027, 9, 1), annees, depart)  # end of the school year
    assert not r.evenement_perime(exclusion, date(2028, 3, 10), annees, depart)
    assert r.evenement_perime(exclusion, date(2028, 3, 11), annees, depart)  # a year, date to date
    assert r.evenement_perime(autre, date(2028, 3, 11), annees, depart) and not r.evenement_perime(autre, date(2028, 3, 10), annees, depart)
    assert not r.evenement_perime(definitive, date(2027, 7, 5), annees, depart)
    assert r.evenement_perime(definitive, date(2027, 7, 6), annees, depart)  # when the student left
    assert not r.evenement_perime({**definitive, "eleves": ["e2"]}, date(2040, 1, 1), annees, depart)  # still here: kept


def test_punitions_and_infirmerie_by_school_year_incidents_never_by_date():
    annees = {"infirmerie": 0, "punitions": 1}
    punition = {"type": "punition", "nature": "Retenue", "quand": "2026-11-16T10:00", "eleves": ["e1"]}
    infirmerie = {"type": "infirmerie", "nature": None, "quand": "2026-11-16T10:00", "eleves": ["e1"]}
    incident = {"type": "incident", "nature": None, "quand": "2020-11-16T10:00", "eleves": ["e1"]}
    assert r.evenement_perime(infirmerie, date(2027, 9, 1), annees, lambda e: None)
    assert not r.evenement_perime(punition, date(2027, 9, 1), annees, lambda e: None)  # this site keeps them a year more
    assert r.evenement_perime(punition, date(2028, 9, 1), annees, lambda e: None)
    assert not r.evenement_perime(incident, date(2040, 1, 1), annees, lambda e: date(2021, 1, 1))
    assert r.premiere_echeance_possible("2026-11-16T10:00") == date(2027, 8, 31)


def test_the_administrators_page_says_durations_and_the_report_in_words():
    assert r.duree_fr("appels", 1) == "1 an après le départ de la personne"
    assert r.duree_fr("rendus", 2) == "2 ans après la fin de l'année scolaire"
    assert r.duree_fr("punitions", 0) == "à la fin de l'année scolaire"
    assert "R511-13" in r.duree_fr("sanctions", 0)
    lignes = r.regles_fr({"appels": 3})
    assert len(lignes) == len(r.REGLES) and lignes[0]["duree"] == "3 ans après le départ de la personne"
    assert [x["registre"] for x in lignes if x["libelle"].startswith("Sanctions")] == ["fixée par la loi"]
    bilan = {"totaux": {"appels": 2, "rendus": 0, "sanctions": 1},
             "departs": [{"nom": "Léa Durand", "parti_le": "2026-11-20", "etablissements": ["Collège Jean Moulin"], "marques": 1,
                          "corrections": 0, "motifs": 1, "notes_suivi": 0, "incidents": 0, "notifications": 0, "courriels": 0}],
             "evenements": [{"type": "sanction", "nature": "Avertissement", "quand": "2026-11-16T12:00", "eleves": ["Léa Durand"],
                             "etablissement": "Collège Jean Moulin"}],
             "rendus": [{"eleve": "Léa Durand", "devoir": "Rédaction", "cree_le": "2026-11-16", "fichiers": 1}],
             "bulletins": [{"eleve": "Léa Durand", "periode": "T1", "etablissement": "Collège Jean Moulin", "genere_le": "2026-12-18T10:00:00"}]}
    mots = r.bilan_fr(bilan)
    assert [t["nombre"] for t in mots["totaux"]] == [2, 1]  # the kinds with nothing to remove are not listed
    assert mots["personnes"] == [{"nom": "Léa Durand", "parti": "vendredi 20 novembre 2026", "etablissements": "Collège Jean Moulin",
                                  "quoi": "1 marque(s) d'appel, 1 motif(s)"}]
    assert mots["evenements"][0]["quoi"] == "Sanction — Avertissement" and mots["evenements"][0]["quand"] == "lundi 16 novembre 2026"
    assert mots["bulletins"][0]["quand"] == "vendredi 18 décembre 2026" and mots["rendus"][0]["quand"] == "lundi 16 novembre 2026"
    texte = str(mots)
    assert "2026-1" not in texte  # no ISO date
