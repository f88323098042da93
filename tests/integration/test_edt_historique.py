"""Timetable changes never rewrite history; a moved course is on the day it is held; bad values are a French 400.

Review of issue 5: removing or changing a slot used to drop its past registers
from every count; a course moved to another day stayed in its original day's
register list; non-text values gave a 500.
"""

from datetime import datetime

from cartable.core import horloge
from cartable.regles.emploi_du_temps import JOURS
from tests.integration.requetes import client
from tests.integration.test_emploi_du_temps import csv_de, importer, modifier, vie_scolaire
from tests.integration.test_statistiques import lire_csv

SEMAINE_PASSEE = "2026-11-09"  # the Monday before JOUR (2026-11-16)


def get(site, role, chemin):
    return client(site, role).get(f"{site['paths']['etab']}/{chemin}")


def absent(site, cle, fait=True):
    eleve = site["paths"]["eleve"]
    r = client(site, "cpe").post(f"{site['paths']['etab']}/@appel/{cle}", {"marques": {eleve: {"type": "absence"}}, "fait": fait})
    assert r.status_code == 200, r.text


def absences(site, du="2026-11-02", au="2026-11-16"):
    r = get(site, "cpe", f"@absences?eleve={site['paths']['eleve']}&du={du}&au={au}")
    assert r.status_code == 200, r.text
    return r.json()


def cles_du_jour(site, jour, role="cpe"):
    r = get(site, role, f"@appels?date={jour}")
    assert r.status_code == 200, r.text
    return {i["cle"]: i for i in r.json()["items"]}


def creneau_du_cours(functional_demo, site):
    return vie_scolaire(functional_demo, site).creneaux[site["paths"]["cours"].split("@", 1)[1]]


def champs(creneau, **changes):
    return {"jour": JOURS[creneau.jour], "debut": creneau.debut, "fin": creneau.fin, "division": creneau.division[1],
            "matiere": creneau.matiere, "enseignants": list(creneau.enseignants), "salle": creneau.salle,
            "semaine": creneau.semaine or "", **changes}


def test_a_removed_slot_keeps_its_registers_counted_and_readable(functional_demo, site):
    creneau = creneau_du_cours(functional_demo, site)
    passe, aujourd_hui = f"{SEMAINE_PASSEE}@{creneau.id}", site["paths"]["cours"]
    absent(site, passe)
    absent(site, aujourd_hui)
    avant = absences(site)
    assert {e["cle"] for e in avant["evenements"]} >= {passe, aujourd_hui}

    retire = modifier(site, "direction", action="retirer_creneau", id=creneau.id)
    assert retire.status_code == 200, retire.text
    assert retire.json()["effet"] == "2026-11-17"  # today's register is taken: the slot ends tonight

    apres = absences(site)
    assert apres["decompte"] == avant["decompte"] and apres["evenements"] == avant["evenements"]
    for cle in (passe, aujourd_hui):
        registre = get(site, "cpe", f"@appel/{cle}")
        assert registre.status_code == 200, registre.text
        assert [e["marque"] for e in registre.json()["eleves"] if e["id"] == site["paths"]["eleve"]] == [{"type": "absence"}]
    assert aujourd_hui in cles_du_jour(site, "2026-11-16")
    assert not any(c.endswith(f"@{creneau.id}") for c in cles_du_jour(site, "2026-11-23"))  # gone from next week on
    vs = vie_scolaire(functional_demo, site)
    assert creneau.id not in vs.creneaux and vs.creneau_de(creneau.id, datetime(2026, 11, 9).date()) is not None
    assert vs.journal_edt[-1]["action"] == "retirer_creneau" and vs.journal_edt[-1]["effet"] == "2026-11-17"


def test_a_slot_moved_to_another_hour_keeps_the_past_and_starts_today(functional_demo, site):
    creneau = creneau_du_cours(functional_demo, site)
    passe = f"{SEMAINE_PASSEE}@{creneau.id}"
    absent(site, passe)
    avant = absences(site, au="2026-11-15")
    assert avant["decompte"]["demi_journees"]["total"] >= 1

    change = modifier(site, "direction", action="modifier_creneau", id=creneau.id, creneau=champs(creneau, jour="samedi"))
    assert change.status_code == 200, change.text
    nouveau = change.json()["apres"]
    assert nouveau["id"] != creneau.id and nouveau["du"] == change.json()["effet"] == "2026-11-16"

    assert absences(site, au="2026-11-15") == avant  # last week's absence still counts
    assert get(site, "cpe", f"@appel/{passe}").status_code == 200
    assert get(site, "enseignant", f"@appel/{passe}").status_code == 200  # its teacher still reads it
    assert site["paths"]["cours"] not in cles_du_jour(site, "2026-11-16")  # the change takes effect today
    assert f"2026-11-21@{nouveau['id']}" in cles_du_jour(site, "2026-11-21")
    assert f"2026-11-14@{nouveau['id']}" not in cles_du_jour(site, "2026-11-14")  # no Saturday course before the change


def test_import_without_a_slot_that_has_registers_ends_it_instead(functional_demo, site):
    creneau = creneau_du_cours(functional_demo, site)
    passe = f"{SEMAINE_PASSEE}@{creneau.id}"
    absent(site, passe)
    avant = absences(site)
    restants = [c for c in vie_scolaire(functional_demo, site).creneaux.values() if c.id != creneau.id]
    simulation = importer(site, "direction", csv_de(restants), False)
    assert simulation.json()["retires_avec_appels"] == [creneau.id]
    fait = importer(site, "direction", csv_de(restants), True)
    assert fait.status_code == 200 and fait.json()["ecrit"] is True, fait.text
    assert fait.json()["effets"] == {creneau.id: "2026-11-16"}
    assert absences(site) == avant
    assert get(site, "cpe", f"@appel/{passe}").status_code == 200
    assert not any(c.endswith(f"@{creneau.id}") for c in cles_du_jour(site, "2026-11-16"))
    # the same file again: nothing to do (the ended slot is history, not a difference)
    assert "Aucun changement" in importer(site, "direction", csv_de(restants), True).json()["message"]


def test_a_course_moved_to_another_day_is_in_that_days_registers_only(functional_demo, site, monkeypatch):
    cle = site["paths"]["cours"]
    deplace = modifier(site, "direction", action="deplacer", cle=cle, date="2026-11-18", debut="17:00", fin="18:00")
    assert deplace.status_code == 200, deplace.text
    assert cle not in cles_du_jour(site, "2026-11-16")
    mercredi = cles_du_jour(site, "2026-11-18")
    assert cle in mercredi and mercredi[cle]["debut"] == "17:00"
    assert cle in cles_du_jour(site, "2026-11-18", role="enseignant")
    assert mercredi[cle]["non_fait"] is False  # JOUR is Monday: not due yet
    horloge.figer(datetime(2026, 11, 18, 17, 20))
    assert cles_du_jour(site, "2026-11-18")[cle]["non_fait"] is True  # "appels non faits" of Wednesday
    emploi = get(site, "cpe", "@emploi-du-temps?division=3A&du=2026-11-16&au=2026-11-21").json()["items"]
    assert [(i["date"], i["debut"]) for i in emploi if i["cle"] == cle] == [("2026-11-18", "17:00")]
    # moved again, into the next week: found from that week too
    horloge.figer(datetime(2026, 11, 16, 10, 30))
    assert modifier(site, "direction", action="deplacer", cle=cle, date="2026-11-24", debut="17:00", fin="18:00").status_code == 200
    assert cle not in cles_du_jour(site, "2026-11-18") and cle in cles_du_jour(site, "2026-11-24")
    assert get(site, "enseignant", f"@appel/{cle}").json()["date"] == "2026-11-24"


def test_values_that_are_not_text_are_a_french_400_and_change_nothing(functional_demo, site):
    avant = len(getattr(vie_scolaire(functional_demo, site), "journal_edt", None) or ())
    creneau = creneau_du_cours(functional_demo, site)
    for corps in (
        {"action": "ajouter_creneau", "creneau": {"jour": 1, "debut": 800}},
        {"action": "ajouter_creneau", "creneau": {"jour": "mardi", "debut": "17:00", "fin": "18:00", "division": 3}},
        {"action": "deplacer", "cle": site["paths"]["cours"], "date": "2026-11-18", "debut": 830, "fin": "10:00"},
        {"action": "deplacer", "cle": site["paths"]["cours"], "date": 20261118, "debut": "08:30", "fin": "10:00"},
        {"action": "annuler", "cle": 12, "motif": "x"},
        {"action": "retirer_creneau", "id": ["x"]},
        {"action": "modifier_creneau", "id": creneau.id, "creneau": champs(creneau, salle=12)},
    ):
        r = modifier(site, "direction", **corps)
        assert r.status_code == 400, (corps, r.status_code, r.text)
        message = r.json()["error"]["message"]
        assert any(mot in message for mot in ("attendu", "invalide")), message
    vs = vie_scolaire(functional_demo, site)
    assert len(getattr(vs, "journal_edt", None) or ()) == avant and vs.creneaux[creneau.id] == creneau


def test_a_moved_course_counts_in_the_month_it_was_held_on_every_surface(site):
    """Four courses planned on Monday 30 November, held on 1–4 December at 17:00, the student absent from each:
    December's alert, export and count have them, November's have none (a register's key keeps the planned
    day; every selection by period reads the day the course was held)."""
    etab, eleve = site["paths"]["etab"], site["paths"]["eleve"]
    lundi = client(site, "eleve").get(f"{etab}/@emploi-du-temps?du=2026-11-30&au=2026-11-30").json()["items"]
    cours = [c for c in lundi if not c["annule"]][:4]
    assert len(cours) == 4
    for jour, c in zip(("2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"), cours):
        deplace = modifier(site, "direction", action="deplacer", cle=c["cle"], date=jour, debut="17:00", fin="18:00")
        assert deplace.status_code == 200, deplace.text
    horloge.figer(datetime(2026, 12, 4, 18, 30))
    for c in cours:
        absent(site, c["cle"])

    decembre, novembre = "du=2026-12-01&au=2026-12-31", "du=2026-11-01&au=2026-11-30"
    (alerte,) = [a for a in get(site, "direction", f"@alertes?{decembre}").json()["items"] if a["eleve"] == eleve]
    assert (alerte["mois"], alerte["non_justifiees"]) == ("2026-12", 4)
    assert [a for a in get(site, "direction", f"@alertes?{novembre}").json()["items"] if a["eleve"] == eleve] == []
    lignes = lire_csv(get(site, "cpe", f"@export-absences?{decembre}"))
    assert lignes[0][:3] == ["Élève", "Classe", "Date"]
    assert sorted(ligne[2] for ligne in lignes[1:] if ligne[0] == alerte["nom"]) == ["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"]
    assert [ligne for ligne in lire_csv(get(site, "cpe", f"@export-absences?{novembre}"))[1:] if ligne[0] == alerte["nom"]] == []
    assert absences(site, "2026-12-01", "2026-12-31")["decompte"]["par_mois"]["2026-12"]["non_justifiees"] == 4
