"""The direction imports and edits the timetable; changes and the day's absences reach the right people, once."""

import base64
from datetime import datetime

import requests
import transaction

from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge, tasks
from cartable.regles.emploi_du_temps import JOURS
from cartable.viescolaire import notifications
from cartable.viescolaire.stockage import lire_vie_scolaire
from tests.integration.requetes import client

JSON = {"Accept": "application/json"}
COLONNES = "jour;debut;fin;division;matiere;enseignants;salle;semaine"


def vie_scolaire(functional_demo, site):
    transaction.begin()
    return lire_vie_scolaire(functional_demo["portal"][site["paths"]["etab"].rsplit("/", 1)[1]])


def csv_de(creneaux):
    lignes = [COLONNES] + [";".join([JOURS[c.jour], c.debut, c.fin, c.division[1], c.matiere, "|".join(c.enseignants), c.salle,
                                     c.semaine or ""]) for c in creneaux]
    return base64.b64encode("\n".join(lignes).encode()).decode()


def importer(site, role, fichier, confirmer, nom="edt.csv"):
    return client(site, role, timeout=120).post(f"{site['paths']['etab']}/@emploi-du-temps-import",
                                                {"fichier": fichier, "nom": nom, "confirmer": confirmer})


def modifier(site, role, **action):
    return client(site, role).post(f"{site['paths']['etab']}/@emploi-du-temps-modifier", action)


def executer_les_taches(functional_demo):
    """Run the queued jobs here, synchronously, as the worker would (same params, same user)."""
    huey = tasks.get_huey()
    resultats = []
    while True:
        tache = huey.dequeue()
        if tache is None:
            return resultats
        _, nom, chemin, utilisateur, params = tache.args
        if not nom.startswith("cartable.viescolaire.notifications."):
            continue  # the fixture's own control job
        progression = lambda *a, **k: None  # noqa: E731
        resultats.append((nom, tasks.run_with_retries(functional_demo["zodbDB"], chemin, utilisateur, tasks.task_function(nom),
                                                      progression, params)))


def mes_notifications(site, role):
    return client(site, role).get(f"{site['url']}/@notifications").json()


def test_import_dry_run_confirm_same_file_twice_bad_file(functional_demo, site):
    vs = vie_scolaire(functional_demo, site)
    avant = dict(vs.creneaux.items())
    cours = vs.creneaux[site["paths"]["cours"].split("@", 1)[1]]
    changes = [c if c.id != cours.id else c.__class__(**{**c.__dict__, "salle": "Labo 2"}) for c in avant.values()]
    fichier = csv_de(changes)

    simulation = importer(site, "direction", fichier, False)
    assert simulation.status_code == 200, simulation.text
    rapport = simulation.json()
    assert rapport["ecrit"] is False and rapport["erreurs"] == 0
    assert rapport["bilan"]["modifies"] == [cours.id] and rapport["bilan"]["ajoutes"] == rapport["bilan"]["retires"] == []
    assert {ligne["statut"] for ligne in rapport["lignes"]} == {"retenue"} and len(rapport["lignes"]) == len(avant)
    assert dict(vie_scolaire(functional_demo, site).creneaux.items()) == avant  # nothing written

    confirme = importer(site, "direction", fichier, True)
    assert confirme.status_code == 200 and confirme.json()["ecrit"] is True
    vs = vie_scolaire(functional_demo, site)
    assert vs.creneaux[cours.id].salle == "Labo 2" and set(vs.creneaux) == set(avant)  # same ids: registers keep their keys
    (entree,) = vs.journal_edt
    assert entree["qui"] == site["logins"]["direction"] and entree["avant"]["creneaux"][0]["salle"] == cours.salle
    assert entree["apres"]["creneaux"][0]["salle"] == "Labo 2"

    encore = importer(site, "direction", fichier, True)
    assert encore.json()["ecrit"] is False and "Aucun changement" in encore.json()["message"]
    assert len(vie_scolaire(functional_demo, site).journal_edt) == 1

    mauvais = csv_de(changes).encode()
    mauvais = base64.b64encode(base64.b64decode(mauvais) + "\nlundi;10:00;09:00;3A;;INCONNU;;\n".encode()).decode()
    refuse = importer(site, "direction", mauvais, True)
    assert refuse.status_code == 400 and refuse.json()["ecrit"] is False
    (erreur,) = [ligne for ligne in refuse.json()["lignes"] if ligne["statut"] == "erreur"]
    assert any("n'est pas après le début" in e for e in erreur["erreurs"])
    assert dict(vie_scolaire(functional_demo, site).creneaux.items()) == {**avant, cours.id: vs.creneaux[cours.id]}

    for role in ("cpe", "enseignant", "parent"):
        assert importer(site, role, fichier, False).status_code == 403
    assert importer(site, "direction", "%%%", False).status_code == 400
    assert importer(site, "direction", fichier, False, nom="edt.pdf").status_code == 400


def test_direction_edits_a_replacement_takes_the_roll_conflicts_refused(functional_demo, site, region):
    cle = site["paths"]["cours"]
    remplacant = region["personas"]["enseignant_autre_classe"]
    for role in ("cpe", "enseignant"):
        assert modifier(site, role, action="remplacer", cle=cle, enseignants=[remplacant]).status_code == 403
    assert modifier(site, "direction", action="remplacer", cle=cle, enseignants=["personne-inconnue"]).status_code == 400
    fait = modifier(site, "direction", action="remplacer", cle=cle, enseignants=[remplacant])
    assert fait.status_code == 200 and fait.json()["apres"]["remplacants"] == [remplacant] and fait.json()["notifies"] is True

    url = f"{site['paths']['etab']}/@appel/{cle}"
    assert client(site, "enseignant_autre").get(url).status_code == 200
    appel = client(site, "enseignant_autre").post(url, {"marques": {}, "fait": True})
    assert appel.status_code == 200 and appel.json()["etat"] == "fait"
    assert client(site, "enseignant").get(url).status_code == 403

    # the class already has another course at 08:00 or 09:00 on Monday: moving there is refused
    vs = vie_scolaire(functional_demo, site)
    lundi = [o for o in vs.occurrences(horloge.maintenant().date(), horloge.maintenant().date())
             if o.division[1] == "3A" and o.cle != cle and not o.annule]
    autre = lundi[0]
    conflit = modifier(site, "direction", action="deplacer", cle=cle, date=autre.date.isoformat(), debut=autre.debut, fin=autre.fin)
    assert conflit.status_code == 409 and "3A a déjà cours" in conflit.json()["error"]["message"]
    assert vie_scolaire(functional_demo, site).modifications[cle].date is None  # nothing written

    annule = modifier(site, "direction", action="annuler", cle=cle, motif="Sortie scolaire")
    assert annule.status_code == 200
    journal = client(site, "cpe").get(f"{site['paths']['etab']}/@emploi-du-temps-journal").json()
    assert [e["action"] for e in journal["items"]] == ["remplacer", "annuler"]
    assert journal["items"][1]["avant"]["modification"]["remplacants"] == [remplacant]
    assert journal["items"][1]["apres"]["modification"]["annule"] is True
    assert client(site, "enseignant").get(f"{site['paths']['etab']}/@emploi-du-temps-journal").status_code == 403

    fermeture = modifier(site, "direction", action="ajouter_fermeture", du="2026-11-20", au="2026-11-20", libelle="Journée pédagogique")
    assert fermeture.status_code == 200
    vendredi = vie_scolaire(functional_demo, site).occurrences(datetime(2026, 11, 20).date(), datetime(2026, 11, 20).date())
    assert vendredi and all(o.annule and o.motif == "Journée pédagogique" for o in vendredi)


def test_a_change_of_the_next_days_notifies_the_people_concerned_only(functional_demo, site):
    cle = site["paths"]["cours"]
    transaction.commit()
    assert modifier(site, "direction", action="changer_salle", cle=cle, salle="CDI").status_code == 200
    (nom, resultat), = executer_les_taches(functional_demo)
    assert nom.endswith("notifier_changements_edt") and resultat["notifications"] > 25
    for role in ("eleve", "parent", "enseignant", "parent_autre"):  # parent_autre: another family of 3A
        boite = mes_notifications(site, role)
        assert boite["non_lues"] == 1 and boite["items"][0]["genre"] == "emploi_du_temps", role
        assert "3A" in boite["items"][0]["texte"]
    for role in ("enseignant_autre", "cpe", "cpe_autre"):
        assert mes_notifications(site, role)["items"] == [], role
    # far from today: nothing is queued
    loin = cle.replace("2026-11-16", "2027-03-15")
    assert modifier(site, "direction", action="changer_salle", cle=loin, salle="CDI").json()["notifies"] is False
    assert executer_les_taches(functional_demo) == []
    # marked read
    boite = mes_notifications(site, "parent")
    lu = client(site, "parent").post(f"{site['url']}/@notifications", {"ids": [boite["items"][0]["id"]]})
    assert lu.json() == {"marquees": 1, "non_lues": 0}
    assert client(site, "parent").post(f"{site['url']}/@notifications", {"ids": "x"}).status_code == 400
    assert requests.get(f"{site['url']}/@notifications", headers=JSON, timeout=60).status_code == 401


def test_one_grouped_notification_per_family_and_day(functional_demo, site, monkeypatch):
    etab, eleve = site["paths"]["etab"], site["paths"]["eleve"]
    jour = client(site, "eleve").get(f"{etab}/@emploi-du-temps?du=2026-11-16&au=2026-11-16").json()
    cours = [i for i in jour["items"] if not i["annule"]]
    assert len(cours) >= 3

    def absent(item, role="cpe"):
        r = client(site, role).post(f"{etab}/@appel/{item['cle']}", {"marques": {eleve: {"type": "absence"}}, "fait": True})
        assert r.status_code == 200, r.text

    absent(cours[0])
    absent(cours[1])
    client(site, "cpe").post(f"{etab}/@appel/{cours[2]['cle']}", {"marques": {eleve: {"type": "absence"}}})  # not done yet: not notified
    executes = executer_les_taches(functional_demo)
    transaction.begin()
    annuaire = lire_annuaire(functional_demo["portal"])
    parents = notifications.responsables_legaux(annuaire, annuaire.personne(eleve))
    assert parents and [r for _, r in executes] == [{"parents": len(parents)}]  # one job for the morning, not one per register
    (notification,) = mes_notifications(site, "parent")["items"]
    assert notification["genre"] == "absences" and [len(e["cours"]) for e in notification["details"]["enfants"]] == [2]
    assert mes_notifications(site, "parent_autre")["items"] == []
    assert mes_notifications(site, "eleve")["items"] == []

    # later in the day another register is done: the same notification is updated, not a second one
    horloge.figer(datetime(2026, 11, 16, 15, 0))
    absent(cours[2])
    executer_les_taches(functional_demo)
    (notification,) = mes_notifications(site, "parent")["items"]
    assert [len(e["cours"]) for e in notification["details"]["enfants"]] == [3] and notification["lue"] is False
    # a justified absence leaves the list at the next run
    client(site, "cpe").post(f"{etab}/@absences", {"eleve": eleve, "cles": [cours[0]["cle"]], "motif": "MAL"})
    transaction.commit()
    etab_id = etab.rsplit("/", 1)[1]
    transaction.begin()
    structure = functional_demo["portal"][etab_id].jointure
    tasks.run_with_retries(functional_demo["zodbDB"], "/plone", site["logins"]["cpe"],
                           tasks.task_function("cartable.viescolaire.notifications.notifier_absences_du_jour"), None,
                           {"structure": structure, "jour": "2026-11-16"})
    (notification,) = mes_notifications(site, "parent")["items"]
    assert [len(e["cours"]) for e in notification["details"]["enfants"]] == [2]
