"""The CPE's statistics per class and month, the CSV exports and the « mes classes » filter, through REST."""

import csv
import io
from datetime import datetime

import transaction

from cartable.core import horloge, tasks
from cartable.viescolaire import statistiques
from cartable.viescolaire.stockage import lire_vie_scolaire
from tests.integration.requetes import client

SEMAINE = "du=2026-11-16&au=2026-11-20"


def get(site, role, path):
    return client(site, role, timeout=120).get(f"{site['paths']['etab']}/{path}")


def post(site, role, path, body, headers=None):
    return client(site, role, timeout=120).post(f"{site['paths']['etab']}/{path}", body, headers=headers)


def eleves_3a(site):
    return [e["id"] for e in get(site, "cpe", f"@appel/{site['paths']['cours']}").json()["eleves"]]


def emploi(site, eleve):
    items = get(site, "cpe", f"@emploi-du-temps?eleve={eleve}&{SEMAINE}").json()["items"]
    return [i for i in items if not i["annule"]]


def premier_cours_du_matin(items, jour):
    return min((i for i in items if i["date"] == jour and i["debut"] < "12:30"), key=lambda i: i["debut"])


def marquer(site, cle, marques):
    response = post(site, "cpe", f"@appel/{cle}", {"marques": marques})
    assert response.status_code == 200, response.text


def lire_csv(response):
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: French Excel reads UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def scenario(site, monkeypatch):
    """Two absences of one student (one given a recevable motive), two lateness marks of another, in 3A."""
    horloge.figer(datetime(2026, 11, 20, 18, 0))
    e1, e2 = site["paths"]["eleve"], next(i for i in eleves_3a(site) if i != site["paths"]["eleve"])
    items = emploi(site, e1)
    lundi, mardi, mercredi = (premier_cours_du_matin(items, j) for j in ("2026-11-16", "2026-11-17", "2026-11-18"))
    marquer(site, lundi["cle"], {e1: {"type": "absence"}, e2: {"type": "retard", "minutes": 10}})
    marquer(site, mardi["cle"], {e1: {"type": "absence"}})
    marquer(site, mercredi["cle"], {e2: {"type": "retard", "minutes": 5}})
    assert post(site, "cpe", "@absences", {"eleve": e1, "cles": [lundi["cle"]], "motif": "MAL"}).status_code == 200
    return e1, e2, lundi, mardi


def demi_journees_attendues(site, eleves):
    """Counted here from the timetable each student reads: days × half (start before 12:30: morning) with a course."""
    return sum(len({(i["date"], i["debut"] < "12:30") for i in emploi(site, e)}) for e in eleves)


def test_figures_per_class_and_month_by_hand(site, monkeypatch):
    scenario(site, monkeypatch)
    ids = eleves_3a(site)
    attendues = demi_journees_attendues(site, ids)
    answer = get(site, "cpe", f"@statistiques?{SEMAINE}")
    assert answer.status_code == 200, answer.text
    lignes = {(l["classe"], l["mois"]): l for l in answer.json()["lignes"]}
    assert lignes[("3A", "2026-11")] == {
        "classe": "3A", "mois": "2026-11", "eleves": len(ids), "demi_journees_attendues": attendues,
        "justifiees": 1, "non_justifiees": 1, "total": 2, "taux": round(200 / attendues, 1),
        "retards": 2, "minutes_retard": 15,
    }
    assert attendues >= 9 * len(ids)  # class courses every half-day but Wednesday afternoon
    autres = [l for (classe, _), l in lignes.items() if classe != "3A"]
    assert {l["classe"] for l in autres} >= {"3B", "6A"} and all(l["total"] == 0 and l["retards"] == 0 for l in autres)
    seule = get(site, "direction", f"@statistiques?{SEMAINE}&classes=3A").json()
    assert seule["classes"] == ["3A"] and seule["lignes"] == [lignes[("3A", "2026-11")]]
    assert get(site, "cpe", f"@statistiques?{SEMAINE}&classes=9Z").status_code == 400
    assert get(site, "cpe", "@statistiques?du=2026-11-20&au=2026-11-16").status_code == 400


def test_csv_exports_parse_back(site, monkeypatch):
    e1, e2, lundi, mardi = scenario(site, monkeypatch)
    table = lire_csv(get(site, "cpe", f"@statistiques?{SEMAINE}&classes=3A&format=csv"))
    assert table[0][:3] == ["Classe", "Mois", "Élèves"] and len(table) == 2
    ligne = dict(zip(table[0], table[1]))
    json_ligne = get(site, "cpe", f"@statistiques?{SEMAINE}&classes=3A").json()["lignes"][0]
    assert ligne["Demi-journées d'absence"] == "2" and ligne["Minutes de retard"] == "15"
    assert ligne["Taux d'absence (%)"] == f"{json_ligne['taux']:.10g}".replace(".", ",")
    absences = lire_csv(get(site, "cpe", f"@export-absences?{SEMAINE}"))
    assert absences[0] == ["Élève", "Classe", "Date", "Horaire", "Cours", "Type", "Minutes", "Motif", "Justifiée"]
    rows = [dict(zip(absences[0], r)) for r in absences[1:]]
    assert len(rows) == 4
    nom1 = next(r["Élève"] for r in rows if r["Type"] == "Absence")
    lundi_e1 = next(r for r in rows if r["Élève"] == nom1 and r["Date"] == "2026-11-16")
    assert (lundi_e1["Classe"], lundi_e1["Horaire"], lundi_e1["Motif"], lundi_e1["Justifiée"]) == ("3A", f"{lundi['debut']}-{lundi['fin']}", "Maladie", "oui")
    mardi_e1 = next(r for r in rows if r["Élève"] == nom1 and r["Date"] == "2026-11-17")
    assert (mardi_e1["Motif"], mardi_e1["Justifiée"]) == ("À régulariser", "non")
    assert sorted(r["Minutes"] for r in rows if r["Type"] == "Retard") == ["10", "5"]
    other_class = lire_csv(get(site, "cpe", f"@export-absences?{SEMAINE}&classes=3B"))
    assert other_class == [absences[0]]


def test_families_and_teachers_are_refused(site, monkeypatch):
    scenario(site, monkeypatch)
    nom, prenom = site["secret"]
    for role in ("parent", "eleve", "enseignant"):
        for path in (f"@statistiques?{SEMAINE}", f"@statistiques?{SEMAINE}&format=csv", f"@export-absences?{SEMAINE}", "@mes-classes"):
            refused = get(site, role, path)
            assert refused.status_code == 403, (role, path)
            assert nom not in refused.text and "Maladie" not in refused.text
        assert post(site, role, "@statistiques", {"du": "2026-09-01", "au": "2026-11-30"}).status_code == 403
        assert post(site, role, "@mes-classes", {"classes": ["3A"]}).status_code == 403
        page = client(site, role).page(f"{site['paths']['etab']}/@@statistiques-vie-scolaire", allow_redirects=False)
        assert page.status_code in (302, 401, 403)


def test_a_long_period_is_computed_in_the_background(functional_demo, site, monkeypatch):
    scenario(site, monkeypatch)
    long = get(site, "cpe", "@statistiques?du=2026-09-01&au=2026-11-30")
    assert long.status_code == 409 and "tâche de fond" in long.json()["error"]["message"]
    asked = post(site, "cpe", "@statistiques", {"du": "2026-11-16", "au": "2026-11-20", "classes": ["3A"]}, headers={"Idempotency-Key": "s-1"})
    assert asked.status_code == 202, asked.text
    job_id = asked.json()["tache"]
    assert post(site, "cpe", "@statistiques", {"du": "2026-11-16", "au": "2026-11-20", "classes": ["3A"]},
                headers={"Idempotency-Key": "s-1"}).json()["tache"] == job_id  # a double click: one computation
    assert get(site, "cpe", f"@statistiques?tache={job_id}").json()["etat"] == "queued"
    assert get(site, "cpe", f"@statistiques?tache={job_id}&format=csv").status_code == 409
    # the worker's part, as cartable.core.tasks.run_job does it, on the test database
    record = tasks.read_job(job_id)
    queued = [tasks.get_huey().dequeue() for _ in range(tasks.get_huey().pending_count())]  # the fixture's job is there too
    assert [t.args[4]["classes"] for t in queued if t.args[0] == job_id] == [["3A"]]
    result = tasks.run_with_retries(functional_demo["zodbDB"], "/plone", site["logins"]["cpe"], statistiques.tache_statistiques,
                                    tasks.Progress(tasks.get_huey(), record), {"etablissement": site["paths"]["etab"].rsplit("/", 1)[1],
                                                                              "du": "2026-11-16", "au": "2026-11-20", "classes": ["3A"]})
    tasks._write_job(tasks.get_huey(), tasks.read_job(job_id), state="done", result=result)
    done = get(site, "cpe", f"@statistiques?tache={job_id}").json()
    assert done["etat"] == "done" and done["fait"] == done["total"]
    direct = get(site, "cpe", f"@statistiques?{SEMAINE}&classes=3A").json()
    assert done["resultat"]["lignes"] == direct["lignes"]
    assert lire_csv(get(site, "cpe", f"@statistiques?tache={job_id}&format=csv"))[1][0] == "3A"
    assert get(site, "direction", f"@statistiques?tache={job_id}").status_code == 403  # somebody else's computation
    page = client(site, "cpe").page(f"{site['paths']['etab']}/@@statistiques-vie-scolaire?tache={job_id}&du=2026-11-16&au=2026-11-20")
    assert page.status_code == 200 and '<figure class="graphique"><svg' in page.text and "Taux d'absence par mois" in page.text


def test_page_shows_tables_charts_and_csv_links(site, monkeypatch):
    scenario(site, monkeypatch)
    page = client(site, "cpe").page(f"{site['paths']['etab']}/@@statistiques-vie-scolaire?{SEMAINE}")
    assert page.status_code == 200
    assert 'id="tableau-statistiques"' in page.text and page.text.count('<figure class="graphique"><svg') == 2
    assert "Minutes de retard" in page.text and "nov. 2026" in page.text
    assert "@statistiques?du=2026-11-16&amp;au=2026-11-20" in page.text and "@export-absences?" in page.text
    assert "<script>" not in page.text.split('id="statistiques"')[1]  # no inline code: it breaks the theme
    long = client(site, "cpe").page(f"{site['paths']['etab']}/@@statistiques-vie-scolaire?du=2026-09-01&au=2026-11-30")
    assert long.status_code == 200 and 'id="lancer-calcul"' in long.text


def test_mes_classes_filters_and_never_walls(functional_demo, site, monkeypatch):
    horloge.figer(datetime(2026, 11, 20, 18, 0))
    eleve = site["paths"]["eleve"]  # in 3A
    assert get(site, "cpe", "@mes-classes").json()["classes"] == []
    assert post(site, "cpe", "@mes-classes", {"classes": ["3B", "9Z"]}).status_code == 400  # unknown class: nothing changes
    assert get(site, "cpe", "@mes-classes").json()["classes"] == []
    chosen = post(site, "cpe", "@mes-classes", {"classes": ["3B"]})
    assert chosen.status_code == 200 and chosen.json()["classes"] == ["3B"]
    assert get(site, "direction", "@mes-classes").json()["classes"] == []  # each CPE their own
    # four unjustified mornings (an alert) and a declaration to treat, for a student of 3A
    items = emploi(site, eleve)
    for jour in ("2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19"):
        marquer(site, premier_cours_du_matin(items, jour)["cle"], {eleve: {"type": "absence"}})  # the CPE acts on any class
    assert post(site, "parent", "@declarations", {"eleve": eleve, "du": "2026-11-20", "au": "2026-11-20", "motif": "MAL"}).status_code == 201

    def listes(suffixe):
        day = get(site, "cpe", f"@appels?date=2026-11-16{suffixe}").json()["items"]
        todo = get(site, "cpe", f"@declarations?statut=a_traiter{suffixe}").json()["items"]
        alerts = get(site, "cpe", f"@alertes?du=2026-11-01&au=2026-11-30{suffixe}").json()["items"]
        stats = get(site, "cpe", f"@statistiques?{SEMAINE}{suffixe}").json()["lignes"]
        return {i["division"] for i in day}, [d["eleve"] for d in todo], [a["eleve"] for a in alerts], {l["classe"] for l in stats}

    divisions, todo, alerts, stats = listes("")  # without the filter: everything
    assert {"3A", "3B", "6A"} <= divisions and todo == [eleve] and alerts == [eleve] and {"3A", "3B"} <= stats
    divisions, todo, alerts, stats = listes("&mes_classes=1")
    assert "3B" in divisions and not divisions & {"3A", "6A", "5A"} and todo == [] and alerts == [] and stats == {"3B"}
    post(site, "cpe", "@mes-classes", {"classes": ["3A", "3B"]})
    divisions, todo, alerts, stats = listes("&mes_classes=1")
    assert {"3A", "3B"} <= divisions and todo == [eleve] and alerts == [eleve] and stats == {"3A", "3B"}
    transaction.begin()
    vs = lire_vie_scolaire(functional_demo["portal"][site["paths"]["etab"].rsplit("/", 1)[1]])
    assert [(qui, avant, apres) for _, qui, avant, apres in vs.journal_mes_classes] == [
        (site["logins"]["cpe"], [], ["3B"]), (site["logins"]["cpe"], ["3B"], ["3A", "3B"])]
