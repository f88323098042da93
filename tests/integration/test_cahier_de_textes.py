"""Cahier de textes through REST: entries with work, replay, history, the visa (additions only), the workload alert."""

import re
from datetime import datetime, timedelta, timezone

import transaction

from cartable.core import horloge
from tests.integration.requetes import client

MAINTENANT = datetime(2026, 11, 25, 17, 0, tzinfo=timezone.utc)


def get(site, role, url, **params):
    return client(site, role).get(url, params)


def post(site, role, url, body, key=None):
    return client(site, role).post(url, body, cle=key)


def cahier(site):
    return site["paths"]["espace"] + "/@cahier-de-textes"


def test_entries_replay_history_and_visa_allows_only_additions(functional_demo, site, monkeypatch):
    horloge.figer(MAINTENANT)
    seance = {"date": "2026-11-23", "contenu": "Chapitre 2 : la phrase complexe.",
              "travaux": [{"titre": "Exercices 4 et 5 p. 32", "pour_le": "2026-11-26", "duree_minutes": 30}]}
    premier = post(site, "enseignant", cahier(site), seance, key="seance-1")
    assert premier.status_code == 200, premier.text
    entree = premier.json()
    assert entree["cle"] == "2026-11-23@hors-edt-1" and entree["hors_edt"] and entree["visa"] is None
    (travail,) = entree["travaux"]
    # the answer was lost: the page sends again under the same key, nothing is written twice
    assert post(site, "enseignant", cahier(site), seance, key="seance-1").json() == entree
    lu = get(site, "eleve", cahier(site), du="2026-11-01", au="2026-11-30").json()
    assert [e["cle"] for e in lu["entrees"]] == [entree["cle"]] and not lu["modifiable"]
    assert get(site, "parent", cahier(site), du="2026-11-01", au="2026-11-30").status_code == 200
    # only the space's teachers write; the refusal says why and changes nothing
    assert post(site, "enseignant_autre", cahier(site), seance).status_code in (401, 403)
    refus = post(site, "eleve", cahier(site), seance)
    assert refus.status_code == 403 and "enseignants" in refus.json()["error"]["message"]
    assert post(site, "enseignant", cahier(site), {"date": "2026-11-23", "travaux": [{"titre": "x", "pour_le": "2026-11-20"}]}).status_code == 400

    # a correction before the visa is free
    corrige = {"cle": entree["cle"], "contenu": "Chapitre 2 : la phrase complexe (subordonnées).",
               "travaux": [{**travail, "titre": "Exercices 4, 5 et 6 p. 32"}]}
    assert post(site, "enseignant", cahier(site), corrige).status_code == 200
    assert post(site, "enseignant", site["paths"]["espace"] + "/@cahier-de-textes-visa", {"au": "2026-11-24"}).status_code in (401, 403)
    visa = post(site, "direction", site["paths"]["espace"] + "/@cahier-de-textes-visa", {"au": "2026-11-24"})
    assert visa.status_code == 200 and visa.json()["vises"] == 1
    # a second visa over the same days keeps the first one and writes nothing
    encore = post(site, "direction", site["paths"]["espace"] + "/@cahier-de-textes-visa", {"au": "2026-11-24"})
    assert encore.status_code == 200 and encore.json()["vises"] == 0

    # after the visa: changing or removing is refused, adding is accepted
    change = post(site, "enseignant", cahier(site), {"cle": entree["cle"], "contenu": "Autre chose."})
    assert change.status_code == 409 and "visa" in change.json()["error"]["message"]
    retire = post(site, "enseignant", cahier(site), {"cle": entree["cle"], "travaux": []})
    assert retire.status_code == 409
    ajout = post(site, "enseignant", cahier(site), {
        "cle": entree["cle"], "contenu": corrige["contenu"] + "\nComplément : corrigé distribué.",
        "travaux": corrige["travaux"] + [{"titre": "Relire la leçon", "pour_le": "2026-11-27", "duree_minutes": 15}]})
    assert ajout.status_code == 200, ajout.text
    assert [t["titre"] for t in ajout.json()["travaux"]] == ["Exercices 4, 5 et 6 p. 32", "Relire la leçon"]
    assert ajout.json()["visa"]["qui"]

    historique = get(site, "enseignant", site["paths"]["espace"] + "/@cahier-de-textes-historique", cle=entree["cle"])
    lignes = historique.json()["items"]
    assert [sorted(l["apres"]) for l in lignes] == [["contenu", "travaux"], ["contenu", "travaux"], ["visa"], ["contenu", "travaux"]]
    assert lignes[1]["avant"]["contenu"] == seance["contenu"]  # what was there before is kept
    assert get(site, "eleve", site["paths"]["espace"] + "/@cahier-de-textes-historique", cle=entree["cle"]).status_code == 403

    # the work is in the student's agenda
    agenda = get(site, "eleve", site["paths"]["site"] + "/@agenda").json()
    titres = [t["titre"] for j in agenda["jours"] for t in j["travaux"]]
    assert "Exercices 4, 5 et 6 p. 32" in titres and "Relire la leçon" in titres


def test_workload_alert_at_the_thresholds(functional_demo, site, monkeypatch):
    horloge.figer(MAINTENANT)
    charge_url = site["paths"]["etab"] + "/@charge-de-travail"

    def jour(date_):
        reponse = get(site, "enseignant", charge_url, division="3A", du=date_, au=date_)
        assert reponse.status_code == 200, reponse.text
        (j,) = reponse.json()["jours"]
        return j

    def donner(cle_date, *travaux):
        r = post(site, "enseignant", cahier(site), {"date": cle_date, "travaux": list(travaux)})
        assert r.status_code == 200, r.text

    donner("2026-11-24", {"titre": "Rédaction", "pour_le": "2026-12-07", "duree_minutes": 119})
    assert jour("2026-12-07") == {"date": "2026-12-07", "minutes": 119, "evaluations": 0, "alerte": None}
    donner("2026-11-25", {"titre": "Lecture", "pour_le": "2026-12-07", "duree_minutes": 1})
    alerte = jour("2026-12-07")["alerte"]
    assert alerte and alerte.startswith("Déjà 2 h de travail prévues le lundi 7 décembre")
    # two evaluations the same day warn, whatever their minutes
    donner("2026-11-25", {"titre": "Contrôle", "pour_le": "2026-12-08", "evaluation": True})
    assert jour("2026-12-08")["alerte"] is None
    donner("2026-11-26", {"titre": "Interrogation", "pour_le": "2026-12-08", "evaluation": True})
    assert "dont 2 évaluations" in jour("2026-12-08")["alerte"]
    # a whole range: one row per day, for the Devoir form
    semaine = get(site, "cpe", charge_url, division="3A", du="2026-12-07", au="2026-12-13").json()["jours"]
    assert [j["date"] for j in semaine][:2] == ["2026-12-07", "2026-12-08"] and len(semaine) == 7
    assert get(site, "enseignant_autre", charge_url, division="3A").status_code == 403
    assert get(site, "eleve", charge_url, division="3A").status_code in (401, 403)
    transaction.begin()


def test_a_devoir_sits_in_the_session_where_it_was_given(functional_demo, site):
    """The matrix Devoir, given during the teacher's course of the session's day (its opening within the course's
    hours, read from the timetable), appears in that session's entry, with its due date in words; the session of
    another day has none; a student of the class reads it the same."""
    from cartable.regles.emploi_du_temps import lire_cle
    from cartable.viescolaire.stockage import lire_vie_scolaire

    transaction.begin()
    portal = functional_demo["portal"]
    chemin = site["paths"]["devoir"].split("/plone/", 1)[1]
    devoir = portal.unrestrictedTraverse(chemin)
    cours = site["paths"]["cours"]
    occurrence = lire_vie_scolaire(portal[site["paths"]["etab"].rsplit("/", 1)[1]]).occurrence(cours)
    jour = lire_cle(cours)[0]
    heures, minutes = map(int, occurrence.debut.split(":"))
    ancienne = devoir.ouverture
    devoir.ouverture = datetime(jour.year, jour.month, jour.day, heures, minutes + 10)  # Paris time, in the course
    transaction.commit()
    try:
        assert post(site, "enseignant", cahier(site), {"cle": cours, "contenu": "Lancement du devoir."}).status_code == 200
        lendemain = (jour + timedelta(days=1)).isoformat()
        assert post(site, "enseignant", cahier(site), {"date": lendemain, "contenu": "Suite."}).status_code == 200
        for role in ("enseignant", "eleve"):
            entrees = {e["cle"]: e for e in get(site, role, cahier(site), du=jour.isoformat(), au=lendemain).json()["entrees"]}
            (donne,) = entrees[cours]["devoirs"]
            assert donne["titre"] == devoir.Title() and donne["url"].endswith("/" + chemin.rsplit("/", 1)[1])
            assert donne["pour_le_mots"] and not re.search(r"\d{4}-\d{2}-\d{2}", donne["pour_le_mots"])
            assert [e["devoirs"] for c, e in entrees.items() if c != cours] == [[]]
    finally:
        transaction.begin()
        devoir.ouverture = ancienne
        transaction.commit()
