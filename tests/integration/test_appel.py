"""The roll call through REST: idempotent saves, corrections and audit, two CPE at once, timetables."""

import threading
from datetime import datetime

import transaction

from cartable.core import horloge
from cartable.viescolaire.stockage import lire_vie_scolaire
from tests.integration.requetes import client


def register_url(site):
    return f"{site['paths']['etab']}/@appel/{site['paths']['cours']}"


def post(site, role, body, key=None):
    return client(site, role).post(register_url(site), body, cle=key)


def stored_vs(functional_demo, site):
    transaction.begin()
    return lire_vie_scolaire(functional_demo["portal"][site["paths"]["etab"].rsplit("/", 1)[1]])


def stored(functional_demo, site):
    return stored_vs(functional_demo, site).appels.get(site["paths"]["cours"])


def test_teacher_takes_the_roll_exactly_once(functional_demo, site):
    register = client(site, "enseignant").get(register_url(site)).json()
    assert register["etat"] == "a_faire" and register["modifiable"] and len(register["eleves"]) >= 25
    assert all(e["marque"] is None for e in register["eleves"])  # everyone present by default
    first, second = register["eleves"][0]["id"], register["eleves"][1]["id"]
    body = {"marques": {first: {"type": "absence"}, second: {"type": "retard", "minutes": 7}}}
    answer = post(site, "enseignant", body, key="k-1")
    assert answer.status_code == 200 and answer.json()["etat"] == "en_cours" and answer.json()["changements"] == 2
    replay = post(site, "enseignant", body, key="k-1")  # the phone did not get the answer and sends again
    assert replay.json() == answer.json()
    done = post(site, "enseignant", {"marques": {}, "fait": True}, key="k-2")
    assert done.json()["etat"] == "fait"
    appel = stored(functional_demo, site)
    assert dict(appel.marques) == {first: {"type": "absence"}, second: {"type": "retard", "minutes": 7}}
    assert len(appel.journal) == 2  # stored exactly once
    assert appel.fait_par == site["logins"]["enseignant"]
    vs = stored_vs(functional_demo, site)
    assert all(appel.cle in vs.cles_marquees(e) for e in (first, second))  # the per-student index with them


def test_corrections_by_day_and_role_are_audited(functional_demo, site, monkeypatch):
    register = client(site, "enseignant").get(register_url(site)).json()
    eleve = register["eleves"][3]["id"]
    post(site, "enseignant", {"marques": {eleve: {"type": "absence"}}, "fait": True}, key="a")
    assert post(site, "enseignant", {"marques": {eleve: {"type": "present"}}}, key="b").status_code == 200  # same day
    assert site["paths"]["cours"] not in stored_vs(functional_demo, site).cles_marquees(eleve)  # the index follows the mark
    transaction.abort()
    horloge.figer(datetime(2026, 11, 17, 9, 0))
    refused = post(site, "enseignant", {"marques": {eleve: {"type": "absence"}}}, key="c")
    assert refused.status_code == 403 and "vie scolaire" in refused.json()["error"]["message"]
    corrected = post(site, "cpe", {"marques": {eleve: {"type": "retard", "minutes": 20}}}, key="d")  # the second CPE
    assert corrected.status_code == 200
    assert site["paths"]["cours"] in stored_vs(functional_demo, site).cles_marquees(eleve)
    journal = [(qui, avant, apres) for _, qui, e, avant, apres in stored(functional_demo, site).journal if e == eleve]
    cpe_view = client(site, "cpe").get(register_url(site)).json()
    assert [(j["qui"], j["avant"], j["apres"]) for j in cpe_view["journal"] if j["eleve"] == eleve] == journal
    teacher_view = client(site, "enseignant").get(register_url(site)).json()
    assert teacher_view["journal"] is None
    assert journal == [
        (site["logins"]["enseignant"], None, {"type": "absence"}),
        (site["logins"]["enseignant"], {"type": "absence"}, None),
        (site["logins"]["cpe"], None, {"type": "retard", "minutes": 20}),
    ]


def test_bad_input_changes_nothing(functional_demo, site):
    assert post(site, "enseignant", {"marques": {"999999": {"type": "absence"}}}).status_code == 400
    register = client(site, "enseignant").get(register_url(site)).json()
    bad = post(site, "enseignant", {"marques": {register["eleves"][0]["id"]: {"type": "retard"}}})
    assert bad.status_code == 400 and "minutes" in bad.json()["error"]["message"]
    assert stored(functional_demo, site) is None  # no register created by refused requests


def test_two_cpe_at_once_lose_nothing(functional_demo, site):
    register = client(site, "cpe").get(register_url(site)).json()
    ids = [e["id"] for e in register["eleves"]]
    halves = {"cpe": ids[0::2], "direction": ids[1::2]}  # two vie-scolaire sessions, same register
    errors = []

    def mark(role):
        for n, eleve in enumerate(halves[role]):
            response = post(site, role, {"marques": {eleve: {"type": "absence"}}}, key=f"{role}-{n}")
            if response.status_code != 200:
                errors.append((role, eleve, response.status_code))

    threads = [threading.Thread(target=mark, args=(role,)) for role in halves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    appel = stored(functional_demo, site)
    assert sorted(appel.marques) == sorted(ids)
    assert len(appel.journal) == len(ids)


def test_the_mornings_preparation_then_the_roll_call(functional_demo, site):
    """The periodic task makes the day's registers empty (the register reads as not made), the roll call then
    fills its own exactly once, and running the task again changes nothing."""
    from cartable.core.periodique import taches_enregistrees
    from cartable.viescolaire.preparation import preparer_les_appels

    assert "cartable.viescolaire.preparation_appels" in taches_enregistrees()
    bilan = preparer_les_appels(functional_demo["portal"], None, horloge.instant())
    transaction.commit()
    assert bilan["registres"] > 0 and bilan["index"] > 0
    assert stored(functional_demo, site).vierge()
    register = client(site, "enseignant").get(register_url(site)).json()
    assert register["etat"] == "a_faire" and register["modifiable"] and all(e["marque"] is None for e in register["eleves"])
    eleve = register["eleves"][0]["id"]
    assert list(stored_vs(functional_demo, site).cles_marquees(eleve)) == []  # its index entry made, empty
    answer = post(site, "enseignant", {"marques": {eleve: {"type": "absence"}}, "fait": True}, key="k-1")
    assert answer.status_code == 200 and answer.json()["etat"] == "fait"
    transaction.abort()
    assert preparer_les_appels(functional_demo["portal"], None, horloge.instant())["registres"] == 0
    transaction.commit()
    appel = stored(functional_demo, site)
    assert dict(appel.marques) == {eleve: {"type": "absence"}} and [ligne[2] for ligne in appel.journal] == [eleve]
    assert list(stored_vs(functional_demo, site).cles_marquees(eleve)) == [site["paths"]["cours"]]


def test_registers_not_taken_for_the_cpe(site):
    day = client(site, "cpe").get(f"{site['paths']['etab']}/@appels?date=2026-11-16").json()
    started = [i for i in day["items"] if i["debut"] <= "10:15" and not i["annule"]]
    assert started and all(i["non_fait"] for i in started)
    assert not any(i["non_fait"] for i in day["items"] if i["debut"] > "10:15")
    mine = client(site, "enseignant").get(f"{site['paths']['etab']}/@appels?date=2026-11-16").json()
    assert 0 < len(mine["items"]) < len(day["items"])


def test_closure_day_has_no_roll_call(site):
    holiday = site["paths"]["cours"].replace("2026-11-16", "2026-10-19")
    response = client(site, "cpe").post(f"{site['paths']['etab']}/@appel/{holiday}", {"marques": {}})
    assert response.status_code == 409 and "Toussaint" in response.json()["error"]["message"]


def test_timetables(site):
    etab, eleve = site["paths"]["etab"], site["paths"]["eleve"]

    def get(role, query):
        return client(site, role).get(f"{etab}/@emploi-du-temps?du=2026-11-16&au=2026-11-20&{query}")

    teacher = site["logins"]["enseignant"]
    own = get("eleve", "").json()
    assert own["eleve"] == eleve and len(own["items"]) >= 20
    assert get("parent", f"eleve={eleve}").json()["items"] == own["items"]
    assert get("parent_autre", f"eleve={eleve}").status_code == 403
    # every CPE reads any student's and any teacher's timetable
    assert get("cpe", f"eleve={eleve}").json()["items"] == own["items"]
    teacher_id = client(site, "enseignant").get(f"{site['url']}/@mon-profil").json()
    mine = get("enseignant", "").json()
    assert get("cpe", f"enseignant={mine['enseignant']}").json()["items"] == mine["items"]
    assert get("enseignant_autre", f"enseignant={mine['enseignant']}").status_code == 403
    assert get("enseignant_autre", "division=3A").status_code == 403
    assert teacher and teacher_id["login"] == teacher


def test_absences_counted_by_the_half_day_rule(site):
    etab, eleve = site["paths"]["etab"], site["paths"]["eleve"]
    week = client(site, "eleve").get(f"{etab}/@emploi-du-temps?du=2026-11-16&au=2026-11-16").json()
    morning = [i for i in week["items"] if i["debut"] < "12:30"][:2]
    afternoon = [i for i in week["items"] if i["debut"] >= "12:30"][:1]
    assert morning and afternoon
    for item in morning + afternoon:  # the vie scolaire marks them (any teacher of the course could)
        response = client(site, "cpe").post(f"{etab}/@appel/{item['cle']}", {"marques": {eleve: {"type": "absence"}}, "fait": True})
        assert response.status_code == 200, response.text

    def absences(role):
        return client(site, role).get(f"{etab}/@absences?eleve={eleve}&du=2026-11-16&au=2026-11-16")

    counted = absences("parent").json()
    assert counted["decompte"]["demi_journees"] == {"total": 2, "justifiees": 0, "non_justifiees": 2, "a_regulariser": 2}
    assert len(counted["evenements"]) == 3
    given = client(site, "direction").post(f"{etab}/@absences", {"eleve": eleve, "cles": [m["cle"] for m in morning], "motif": "MAL"})
    assert given.status_code == 200
    assert given.json()["decompte"]["demi_journees"] == {"total": 2, "justifiees": 1, "non_justifiees": 1, "a_regulariser": 1}
    assert {e["motif"]["libelle"] for e in absences("parent").json()["evenements"] if e["motif"]} == {"Maladie"}
    assert client(site, "enseignant").post(f"{etab}/@absences", {"eleve": eleve, "cles": [afternoon[0]["cle"]], "motif": "MAL"}).status_code == 403
    assert client(site, "cpe").post(f"{etab}/@absences", {"eleve": eleve, "cles": [afternoon[0]["cle"]], "motif": "ZZZ"}).status_code == 400
    assert absences("parent_autre").status_code == 403


def test_parent_declares_a_second_cpe_accepts_past_and_future_absences_are_justified(site, monkeypatch):
    import base64

    etab, eleve = site["paths"]["etab"], site["paths"]["eleve"]
    week = client(site, "eleve").get(f"{etab}/@emploi-du-temps?du=2026-11-16&au=2026-11-17").json()
    monday = [i for i in week["items"] if i["date"] == "2026-11-16"][0]
    tuesday = [i for i in week["items"] if i["date"] == "2026-11-17"][0]
    client(site, "cpe").post(f"{etab}/@appel/{monday['cle']}", {"marques": {eleve: {"type": "absence"}}})

    def declare(role, **body):
        body = {"eleve": eleve, "du": "2026-11-16", "au": "2026-11-17", "motif": "MAL", "commentaire": "Grippe", **body}
        return client(site, role).post(f"{etab}/@declarations", body)

    assert declare("parent", motif="INF").status_code == 400  # not a motive families may use
    assert declare("parent_autre").status_code == 403
    assert declare("parent", piece={"filename": "x.exe", "data": base64.b64encode(b"MZ\x90\x00").decode()}).status_code == 400
    declared = declare("parent", piece={"filename": "certificat.pdf", "data": base64.b64encode(b"%PDF-1.4 certificat").decode()})
    assert declared.status_code == 201, declared.text
    declaration = declared.json()
    assert declaration["statut"] == "a_traiter" and declaration["piece"] == "certificat.pdf"
    todo = client(site, "cpe").get(f"{etab}/@declarations?statut=a_traiter").json()
    assert [d["id"] for d in todo["items"]] == [declaration["id"]]
    # the second CPE (not the first) treats it
    accepted = client(site, "cpe").post(f"{etab}/@declarations/{declaration['id']}", {"decision": "accepter"})
    assert accepted.status_code == 200 and accepted.json()["traitee_par"] == site["logins"]["cpe"]
    again = client(site, "direction").post(f"{etab}/@declarations/{declaration['id']}", {"decision": "refuser", "raison": "x"})
    assert again.status_code == 409
    # an absence marked after the acceptance is justified too
    horloge.figer(datetime(2026, 11, 17, 10, 0))
    client(site, "cpe").post(f"{etab}/@appel/{tuesday['cle']}", {"marques": {eleve: {"type": "absence"}}})
    counted = client(site, "parent").get(f"{etab}/@absences?eleve={eleve}&du=2026-11-16&au=2026-11-17").json()
    assert counted["decompte"]["demi_journees"]["justifiees"] == 2
    assert counted["decompte"]["demi_journees"]["non_justifiees"] == 0
    seen = client(site, "parent").get(f"{etab}/@declarations?eleve={eleve}").json()
    assert seen["items"][0]["statut"] == "acceptee"
    assert client(site, "enseignant").get(f"{etab}/@declarations?eleve={eleve}").status_code == 403


def test_monthly_alert_at_four_non_justified_half_days(site, monkeypatch):
    etab, eleve = site["paths"]["etab"], site["paths"]["eleve"]
    week = client(site, "eleve").get(f"{etab}/@emploi-du-temps?du=2026-11-16&au=2026-11-20").json()
    firsts = {}
    for item in week["items"]:  # the first course of each morning
        if item["debut"] < "12:30" and not item["annule"]:
            firsts.setdefault(item["date"], item)
    days = sorted(firsts)[:4]
    assert len(days) == 4
    horloge.figer(datetime(2026, 11, 20, 18, 0))

    def mark(day):
        client(site, "cpe").post(f"{etab}/@appel/{firsts[day]['cle']}", {"marques": {eleve: {"type": "absence"}}})

    def alerts():
        return client(site, "direction").get(f"{etab}/@alertes?du=2026-11-01&au=2026-11-30").json()["items"]

    for day in days[:3]:
        mark(day)
    assert alerts() == []  # three: not yet
    mark(days[3])
    (alert,) = alerts()
    assert (alert["eleve"], alert["mois"], alert["non_justifiees"], alert["classes"]) == (eleve, "2026-11", 4, ["3A"])
    client(site, "cpe").post(f"{etab}/@absences", {"eleve": eleve, "cles": [firsts[days[0]]["cle"]], "motif": "MAL"})
    assert alerts() == []  # one justified: three left


def test_exempted_courses_are_shown_and_never_counted(site):
    etab, eleve = site["paths"]["etab"], site["paths"]["eleve"]
    week = client(site, "eleve").get(f"{etab}/@emploi-du-temps?du=2026-11-16&au=2026-11-16").json()
    course = week["items"][0]
    client(site, "cpe").post(f"{etab}/@appel/{course['cle']}", {"marques": {eleve: {"type": "absence"}}})

    def count():
        return client(site, "cpe").get(f"{etab}/@absences?eleve={eleve}&du=2026-11-16&au=2026-11-16").json()["decompte"]["demi_journees"]["total"]

    assert count() == 1
    body = {"eleve": eleve, "matiere": course["code_matiere"], "du": "2026-11-01", "au": "2026-11-30", "motif": "Entorse"}
    assert client(site, "enseignant").post(f"{etab}/@dispenses", body).status_code == 403
    given = client(site, "cpe").post(f"{etab}/@dispenses", body)
    assert given.status_code == 200 and given.json()["items"][0]["matiere"] == course["code_matiere"]
    assert count() == 0  # the exempted course is not expected any more
    shown = client(site, "cpe").get(f"{etab}/@appel/{course['cle']}").json()
    assert [e["dispense"] for e in shown["eleves"] if e["id"] == eleve] == [{"motif": "Entorse", "au": "2026-11-30"}]
    bad = client(site, "cpe").post(f"{etab}/@dispenses", {**body, "matiere": "999999"})
    assert bad.status_code == 400


def test_follow_up_timeline_and_confidential_notes(site):
    etab, eleve = site["paths"]["etab"], site["paths"]["eleve"]
    week = client(site, "eleve").get(f"{etab}/@emploi-du-temps?du=2026-11-16&au=2026-11-16").json()
    client(site, "cpe").post(f"{etab}/@appel/{week['items'][0]['cle']}", {"marques": {eleve: {"type": "absence"}}})
    client(site, "parent").post(f"{etab}/@declarations", {"eleve": eleve, "du": "2026-11-16", "au": "2026-11-16", "motif": "MAL"})
    note = {"eleve": eleve, "code": "APPEL", "texte": "Mère jointe : rendez-vous jeudi"}
    assert client(site, "cpe").post(f"{etab}/@suivi", note).status_code == 200
    assert client(site, "cpe").post(f"{etab}/@suivi", {**note, "code": "XX"}).status_code == 400
    # the other CPE (here the direction) reads what the first wrote: they hand over to each other
    timeline = client(site, "direction").get(f"{etab}/@suivi?eleve={eleve}&du=2026-11-01&au=2026-11-30").json()
    genres = [i["genre"] for i in timeline["items"]]
    assert {"absence", "declaration", "note"} <= set(genres)
    assert [i["texte"] for i in timeline["items"] if i["genre"] == "note"] == [note["texte"]]
    for role in ("parent", "enseignant", "eleve"):
        refused = client(site, role).get(f"{etab}/@suivi?eleve={eleve}")
        assert refused.status_code == 403 and note["texte"] not in refused.text
