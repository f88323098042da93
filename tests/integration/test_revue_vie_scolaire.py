"""Review of the vie scolaire (issue 5): the family's notification loses nothing and coalesces, tasks check who asks,
POSTs replayed with an Idempotency-Key store once, @suivi cannot be probed and checks before writing, bad input is a 400."""

import uuid
from datetime import datetime, timezone

import pytest
import transaction
from BTrees.OOBTree import OOBTree
from persistent.list import PersistentList
from ZODB import DB
from ZODB.FileStorage import FileStorage
from zope.annotation.interfaces import IAnnotations

from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge, tasks
from cartable.core import notifications as boites
from cartable.viescolaire import journal_suivi, notifications
from cartable.viescolaire.appels import Refus
from cartable.viescolaire.stockage import CLE as CLE_VIE_SCOLAIRE
from cartable.viescolaire.stockage import lire_vie_scolaire
from tests.integration.requetes import client
from tests.integration.test_emploi_du_temps import executer_les_taches

JSON = {"Accept": "application/json"}
JOUR = "2026-11-16"


def get(site, role, url):
    return client(site, role).get(url)


def post(site, role, url, body, cle=None):
    return client(site, role).post(url, body, cle=cle)


def portail(functional_demo):
    transaction.begin()
    return functional_demo["portal"]


def etab_de(functional_demo, site):
    return portail(functional_demo)[site["paths"]["etab"].rsplit("/", 1)[1]]


def lycee(functional_demo, region):
    fiche = next(e for e in region["establishments"] if e["type"] == "LYC")
    return fiche, portail(functional_demo)[fiche["uai"].lower()]


def lyceen(functional_demo, region):
    """A student of the lycée only (not of the college)."""
    fiche, _ = lycee(functional_demo, region)
    annuaire = lire_annuaire(portail(functional_demo))
    return next(i for i in sorted(annuaire.rattaches.get(fiche["jointure"])) if annuaire.personne(i).categorie == "Eleve")


def boite_de(functional_demo, personne):
    return boites.lire(portail(functional_demo), personne)


# -- 1. the family's notification: coalesced per establishment and day, nothing lost -------------------------------


def test_enqueue_with_a_delay_and_a_condition(functional):
    huey = tasks.get_huey()
    transaction.begin()
    differe = tasks.enqueue(notifications.TACHE_ABSENCES, "/plone", "x", {"structure": "s", "jour": JOUR}, delay=60)
    tasks.enqueue(notifications.TACHE_ABSENCES, "/plone", "x", {"structure": "s", "jour": JOUR})
    refuse = tasks.enqueue(notifications.TACHE_ABSENCES, "/plone", "x", {"structure": "s", "jour": JOUR}, condition=lambda h: False)
    transaction.commit()
    premier, second = huey.dequeue(), huey.dequeue()
    assert huey.dequeue() is None  # the job whose condition said no was never queued
    assert tasks.read_job(refuse) is None and tasks.read_job(differe)["state"] == "queued"
    assert premier.id == differe and second.eta is None
    reste = (premier.eta.replace(tzinfo=timezone.utc) - datetime.now(timezone.utc)).total_seconds()
    assert 50 < reste <= 60 and not huey.ready_to_run(premier) and huey.ready_to_run(second)
    transaction.begin()
    tasks.enqueue(notifications.TACHE_ABSENCES, "/plone", "x", {"structure": "s", "jour": JOUR}, delay=60)
    transaction.abort()  # an aborted request queues nothing
    assert huey.dequeue() is None


def _cours_de_l_enseignant(site, monkeypatch):
    """(day, its courses) of the first day of the week when the teacher has two courses; the clock is set to its evening."""
    for jour in ("2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"):
        items = get(site, "enseignant", f"{site['paths']['etab']}/@appels?date={jour}").json()["items"]
        cours = [i["cle"] for i in items if not i["annule"]]
        if len(cours) >= 2:
            horloge.figer(datetime.fromisoformat(f"{jour}T17:00"))
            return jour, cours
    raise AssertionError("pas de jour à deux cours pour l'enseignant")


def _appel_fait(site, role, cle, eleve):
    reponse = post(site, role, f"{site['paths']['etab']}/@appel/{cle}", {"marques": {eleve: {"type": "absence"}}, "fait": True},
                   cle=uuid.uuid4().hex)
    assert reponse.status_code == 200, reponse.text


def _parents(functional_demo, eleve):
    annuaire = lire_annuaire(portail(functional_demo))
    return notifications.responsables_legaux(annuaire, annuaire.personne(eleve))


def test_two_registers_of_one_teacher_both_reach_the_families(functional_demo, site, monkeypatch):
    """The 8:00 register's run, then the 10:00 register of the same teacher: the second is notified too."""
    etab = site["paths"]["etab"]
    jour, (premier, second, *_) = _cours_de_l_enseignant(site, monkeypatch)
    eleve_a = get(site, "enseignant", f"{etab}/@appel/{premier}").json()["eleves"][0]["id"]
    eleve_b = get(site, "enseignant", f"{etab}/@appel/{second}").json()["eleves"][-1]["id"]
    marque = notifications.cle_marque("/plone", etab_de(functional_demo, site).jointure, jour)

    _appel_fait(site, "enseignant", premier, eleve_a)
    assert tasks.get_huey().get(marque, peek=True) is not None  # the day is pending
    (nom, resultat), = executer_les_taches(functional_demo)
    assert nom == notifications.TACHE_ABSENCES and resultat["parents"] >= 1
    assert tasks.get_huey().get(marque, peek=True) is None  # the run took the mark
    for parent in _parents(functional_demo, eleve_a):
        (avis,) = boite_de(functional_demo, parent)
        assert [e["eleve"] for e in avis["details"]["enfants"]] == [eleve_a]

    _appel_fait(site, "enseignant", second, eleve_b)  # same teacher, same half-day, same day
    (nom, resultat), = executer_les_taches(functional_demo)
    assert nom == notifications.TACHE_ABSENCES
    for parent in _parents(functional_demo, eleve_b):
        (avis,) = boite_de(functional_demo, parent)  # one notification per family and day
        assert eleve_b in [e["eleve"] for e in avis["details"]["enfants"]]
        cours = [c for e in avis["details"]["enfants"] if e["eleve"] == eleve_b for c in e["cours"]]
        assert cours, avis


def test_registers_done_while_a_run_is_pending_share_it(functional_demo, site, monkeypatch):
    etab = site["paths"]["etab"]
    jour, (premier, second, *_) = _cours_de_l_enseignant(site, monkeypatch)
    eleve_a = get(site, "cpe", f"{etab}/@appel/{premier}").json()["eleves"][0]["id"]
    eleve_b = get(site, "cpe", f"{etab}/@appel/{second}").json()["eleves"][1]["id"]
    _appel_fait(site, "enseignant", premier, eleve_a)
    _appel_fait(site, "cpe", second, eleve_b)  # another user: the mark is per establishment and day, not per user
    executes = executer_les_taches(functional_demo)
    assert len(executes) == 1  # one run for both registers
    for eleve in (eleve_a, eleve_b):
        for parent in _parents(functional_demo, eleve):
            assert eleve in [e["eleve"] for e in boite_de(functional_demo, parent)[0]["details"]["enfants"]]


def test_a_register_committed_after_the_run_took_the_mark_queues_the_next_run(functional_demo, site, monkeypatch):
    """The run takes the mark first, then reads a fresh snapshot: a later register finds no mark and queues again."""
    etab = site["paths"]["etab"]
    jour, (premier, second, *_) = _cours_de_l_enseignant(site, monkeypatch)
    eleve_a = get(site, "cpe", f"{etab}/@appel/{premier}").json()["eleves"][0]["id"]
    structure = etab_de(functional_demo, site).jointure
    _appel_fait(site, "cpe", premier, eleve_a)
    huey = tasks.get_huey()
    while (prise := huey.dequeue()).args[1] != notifications.TACHE_ABSENCES:
        pass  # (the fixture's own control job)
    assert prise is not None  # the worker picked the run up…
    assert huey.get(notifications.cle_marque("/plone", structure, jour)) is not None  # …and took the mark (get = pop)
    _appel_fait(site, "cpe", second, get(site, "cpe", f"{etab}/@appel/{second}").json()["eleves"][2]["id"])
    assert len(executer_les_taches(functional_demo)) == 1  # the later register queued its own run


def test_a_lost_run_does_not_block_the_day(functional, monkeypatch):
    huey = tasks.get_huey()
    huey.put("m", {"depuis": "2026-11-16T08:00:00", "prevu": 0})  # its job never reached the queue
    assert notifications.armer(huey, "m", "2026-11-16T10:00:00") is True
    assert notifications.armer(huey, "m", "2026-11-16T10:01:00") is False  # now a run is pending
    assert huey.get("m", peek=True)["depuis"] == "2026-11-16T08:00:00"


# -- 2. the tasks check who asks --------------------------------------------------------------------------------------


def _lancer(functional_demo, site, role, nom, params):
    return tasks.run_with_retries(functional_demo["zodbDB"], "/plone", site["logins"][role], tasks.task_function(nom), None, params)


def test_notification_tasks_check_who_asks(functional_demo, site, monkeypatch):
    structure = etab_de(functional_demo, site).jointure
    jour, (cours, *_) = _cours_de_l_enseignant(site, monkeypatch)
    params = {"structure": structure, "jour": jour}
    eleve = get(site, "cpe", f"{site['paths']['etab']}/@appel/{cours}").json()["eleves"][0]["id"]
    _appel_fait(site, "enseignant", cours, eleve)
    for role in ("parent", "eleve", "enseignant_autre", "cpe_autre"):
        with pytest.raises(Refus) as refus:
            _lancer(functional_demo, site, role, notifications.TACHE_ABSENCES, params)
        assert refus.value.status == 403 and "vie scolaire" in refus.value.message, role
    assert tasks.get_huey().get(notifications.cle_marque("/plone", structure, jour), peek=True) is not None  # refusals leave it
    for role in ("enseignant", "cpe", "direction", "admin"):  # the teacher took one of the day's registers
        assert _lancer(functional_demo, site, role, notifications.TACHE_ABSENCES, params)["parents"] >= 1, role
    changement = {"structure": structure, "titre": "Changement", "quand": "2026-11-16T10:30:00",
                  "changements": [{"division": "3A", "enseignants": [], "seances": ["2026-11-17 08:00-09:00"]}]}
    nom = "cartable.viescolaire.notifications.notifier_changements_edt"
    for role in ("enseignant", "parent", "cpe_autre"):
        with pytest.raises(Refus):
            _lancer(functional_demo, site, role, nom, changement)
    assert _lancer(functional_demo, site, "direction", nom, changement)["notifications"] > 0


# -- 1b. the notification box: a tree, newest first, capped, merged under concurrent writers --------------------------


def _avis(n):
    return {"id": f"id{n}", "cle": None, "quand": "2026-11-16T10:00:00", "lue": False, "genre": "g", "titre": f"t{n}", "texte": "",
            "details": {}}


def test_box_writers_to_one_person_do_not_conflict(tmp_path):
    db = DB(FileStorage(str(tmp_path / "boites.fs")))
    try:
        tm1, tm2 = transaction.TransactionManager(), transaction.TransactionManager()
        c1, c2 = db.open(tm1), db.open(tm2)
        c1.root()["boite"] = boites.Boite()
        c1.root()["boite"].ajouter({**_avis(0), "cle": "absences:j"})
        tm1.commit()
        tm2.begin()
        c1.root()["boite"].ajouter(_avis(1))  # two tasks write to the same parent at once
        c2.root()["boite"].remplacer("absences:j", {**_avis(0), "cle": "absences:j", "titre": "mis à jour"})
        tm1.commit()
        tm2.commit()  # merged by the BTrees' conflict resolution: no ConflictError
        tm1.begin()
        boite = c1.root()["boite"]
        assert sorted(n["titre"] for n in boite.notifications()) == ["mis à jour", "t1"] and boite.nombre() == 2
    finally:
        db.close()


def test_box_made_before_the_tree_is_read_then_moved_newest_first_and_capped():
    ancienne = boites.Boite.__new__(boites.Boite)  # the shape of a box saved before: a list, newest first
    ancienne.items = PersistentList([_avis(2), {**_avis(1), "cle": "c"}])
    assert [n["id"] for n in ancienne.notifications()] == ["id2", "id1"] and ancienne.de_cle("c")["id"] == "id1"
    ancienne.remplacer("c", {**_avis(1), "cle": "c", "titre": "nouveau"})
    assert [n["id"] for n in ancienne.notifications()] == ["id1", "id2"] and ancienne.items is None
    for n in range(3, boites.LIMITE + 5):
        ancienne.ajouter(_avis(n))
    ids = [n["id"] for n in ancienne.notifications()]
    assert len(ids) == boites.LIMITE == ancienne.nombre() and ids[0] == f"id{boites.LIMITE + 4}" and "id2" not in ids


# -- 3. replayed POSTs store once ---------------------------------------------------------------------------------------


def test_replayed_incident_and_follow_up_posts_store_once(functional_demo, site):
    etab, eleve = site["paths"]["etab"], site["paths"]["eleve"]
    corps = {"type": "incident", "eleves": [eleve], "quand": "2026-11-16T10:15", "lieu": "Cour", "description": "Bousculade"}
    premier = post(site, "enseignant", f"{etab}/@incidents", corps, cle="form-1")
    rejoue = post(site, "enseignant", f"{etab}/@incidents", corps, cle="form-1")
    assert premier.status_code == rejoue.status_code == 201 and premier.json() == rejoue.json()
    vs = lire_vie_scolaire(etab_de(functional_demo, site))
    assert len(vs.incidents) == 1
    assert post(site, "cpe", f"{etab}/@incidents", corps, cle="form-1").status_code == 201  # keys are per user
    assert len(lire_vie_scolaire(etab_de(functional_demo, site)).incidents) == 2

    ident = premier.json()["id"]
    statut = post(site, "cpe", f"{etab}/@incidents/{ident}", {"statut": "traite"}, cle="statut-1")
    assert statut.status_code == 200, statut.text
    assert post(site, "cpe", f"{etab}/@incidents/{ident}", {"statut": "traite"}, cle="statut-1").json() == statut.json()
    assert len(lire_vie_scolaire(etab_de(functional_demo, site)).incidents[ident]["journal"]) == 1

    note = {"eleve": eleve, "code": "INFO", "texte": "Famille prévenue"}
    une = post(site, "cpe", f"{etab}/@suivi", note, cle="note-1")
    assert une.status_code == 200 and post(site, "cpe", f"{etab}/@suivi", note, cle="note-1").json() == une.json()
    assert len(lire_vie_scolaire(etab_de(functional_demo, site)).notes_suivi[eleve]) == 1
    autre_service = post(site, "cpe", f"{etab}/@suivi", note, cle="statut-1")
    assert autre_service.status_code == 409 and "autre demande" in autre_service.json()["error"]["message"]
    assert post(site, "cpe", f"{etab}/@suivi", note, cle="x" * 201).status_code == 400
    assert len(lire_vie_scolaire(etab_de(functional_demo, site)).notes_suivi[eleve]) == 1


def test_the_incident_form_sends_one_key_per_submission():
    from pathlib import Path

    import cartable.viescolaire.browser as browser

    script = (Path(browser.__file__).parent / "static" / "signaler_incident.js").read_text()
    assert '"Idempotency-Key": cleEnvoi' in script and "cleEnvoi = cleEnvoi || nouvelleCle()" in script
    assert script.index("cleEnvoi = null;\n      choisis.clear()") > script.index("if (reponse.ok)")  # forgotten on success only


# -- 5, 6. @suivi: no probing, checks before writing ---------------------------------------------------------------------


def test_suivi_answers_the_same_for_an_unknown_id_and_another_schools_student(functional_demo, site, region):
    etab = site["paths"]["etab"]
    ailleurs = lyceen(functional_demo, region)
    inconnu = get(site, "cpe", f"{etab}/@suivi?eleve=999999")
    autre_ecole = get(site, "cpe", f"{etab}/@suivi?eleve={ailleurs}")
    assert inconnu.status_code == autre_ecole.status_code == 403 and inconnu.json() == autre_ecole.json()
    note = {"code": "INFO", "texte": "Note"}
    ecrit_inconnu = post(site, "cpe", f"{etab}/@suivi", {**note, "eleve": "999999"})
    ecrit_ailleurs = post(site, "cpe", f"{etab}/@suivi", {**note, "eleve": ailleurs})  # was written before the fix
    assert ecrit_inconnu.status_code == ecrit_ailleurs.status_code == 403 and ecrit_inconnu.json() == ecrit_ailleurs.json()
    assert ailleurs not in lire_vie_scolaire(etab_de(functional_demo, site)).notes_suivi
    assert get(site, "admin", f"{etab}/@suivi?eleve={ailleurs}").status_code == 200  # the regional admin reads any student


def test_a_refused_suivi_post_creates_nothing(functional_demo, site, region):
    fiche, etab_lycee = lycee(functional_demo, region)
    annotations = IAnnotations(etab_lycee)
    if CLE_VIE_SCOLAIRE in annotations:
        del annotations[CLE_VIE_SCOLAIRE]  # an establishment whose vie scolaire was never written
    transaction.commit()
    url = f"{site['url']}/{fiche['uai'].lower()}/@suivi"
    note = {"eleve": lyceen(functional_demo, region), "code": "INFO", "texte": "Note"}
    refus = [post(site, "cpe_autre", url, {**note, "code": "XX"}), post(site, "cpe_autre", url, {**note, "eleve": site["paths"]["eleve"]}),
             post(site, "cpe_autre", url, {**note, "evenement": {"genre": "incident", "id": "zzz"}}),
             post(site, "cpe_autre", url, {**note, "texte": 12})]
    assert [r.status_code for r in refus] == [400, 403, 400, 400]
    assert lire_vie_scolaire(lycee(functional_demo, region)[1]) is None  # nothing created by refused requests
    assert post(site, "cpe_autre", url, note).status_code == 200
    assert len(lire_vie_scolaire(lycee(functional_demo, region)[1]).notes_suivi[note["eleve"]]) == 1


# -- 4. @suivi-journal: newest first, bounded, a range per student ----------------------------------------------------------


def _consulter(site_obj, quand, eleve, cle):
    journal_suivi.noter_consultation(site_obj, None, cle, quand, "cpe.x", eleve, "s1", ["s1", "s2"])


def test_journal_is_read_newest_first_and_by_student_range(functional_demo, site):
    portal = portail(functional_demo)
    IAnnotations(portal)[journal_suivi.CLE] = ancien = OOBTree()
    ancien[("2026-09-01T08:00:00", "a0")] = {"quand": "2026-09-01T08:00:00", "qui": "q", "eleve": "e1", "depuis": "s1",
                                             "etablissements": ["s1"]}
    assert [e["quand"] for e in journal_suivi.lire_journal(portal)] == ["2026-09-01T08:00:00"]  # a journal written before
    for n, (quand, eleve) in enumerate([("2026-11-16T10:00:00", "e1"), ("2026-11-16T09:59:59", "e2"), ("2026-12-01T07:00:00", "e1"),
                                        ("2026-11-20T12:00:00", "e2"), ("2026-10-02T23:59:59", "e10")]):
        _consulter(portal, quand, eleve, f"c{n}")
    _consulter(portal, "2026-11-16T10:00:00", "e1", "c0")  # a retried task writes its entry once
    transaction.commit()
    assert journal_suivi.CLE not in IAnnotations(portal)  # the old entries moved into the indexes
    tout = [(e["quand"], e["eleve"]) for e in journal_suivi.lire_journal(portal)]
    assert tout == sorted(tout, reverse=True) and len(tout) == 6
    assert [e["quand"] for e in journal_suivi.lire_journal(portal, limite=2)] == ["2026-12-01T07:00:00", "2026-11-20T12:00:00"]
    assert [e["quand"] for e in journal_suivi.lire_journal(portal, eleve="e1")] == [
        "2026-12-01T07:00:00", "2026-11-16T10:00:00", "2026-09-01T08:00:00"]
    assert [e["eleve"] for e in journal_suivi.lire_journal(portal, eleve="e10")] == ["e10"]  # a range, not a prefix
    lu = client(site, "admin").get(f"{site['url']}/@suivi-journal?eleve=e2").json()
    assert [e["quand"] for e in lu["items"]] == ["2026-11-20T12:00:00", "2026-11-16T09:59:59"]


# -- 7. French 400s instead of 500s ---------------------------------------------------------------------------------------


def test_lists_where_one_value_is_expected_are_400s(site):
    etab = site["paths"]["etab"]
    plusieurs = get(site, "cpe", f"{etab}/@incidents?eleve=a&eleve=b")
    assert plusieurs.status_code == 400 and "Un seul élève" in plusieurs.json()["error"]["message"]
    for classes in ([1], [None], "3A", {"a": 1}):
        reponse = post(site, "cpe", f"{etab}/@statistiques", {"du": "2026-11-01", "au": "2026-11-30", "classes": classes})
        if classes == "3A":
            assert reponse.status_code == 202, reponse.text  # comma-separated codes stay accepted
            continue
        assert reponse.status_code == 400 and "classes attendu" in reponse.json()["error"]["message"], (classes, reponse.text)
    journal = client(site, "admin").get(f"{site['url']}/@suivi-journal?eleve=a&eleve=b")
    assert journal.status_code == 400 and "Un seul élève" in journal.json()["error"]["message"]
