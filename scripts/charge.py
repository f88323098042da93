"""The peak scenarios, one load-test command: 8:00 roll call, Sunday evening, class council.

    .venv/bin/python scripts/charge.py --scenario 8h|dimanche|conseil --instances 1|2 [--db postgresql://…] [--redis redis://…]
    .venv/bin/python scripts/charge.py --scenario 8h --url http://localhost:8080/cartable --zope-conf var/cluster/instance1/etc/zope.conf

Either it starts a fresh cluster itself (``--instances N``: ``cartable-cluster``
in a temporary folder, HAProxy in front of N Zope instances, on the PostgreSQL
and Redis given, else on the cluster's own), or it loads a server that runs
already (``--url``; ``--zope-conf`` is the configuration of one of its
instances, used to prepare the data in the same database, and ``--statut``
names each instance's URL so that the conflicts of all of them are counted).

Preparation: bench_appel's synthetic region (``--eleves 20000``: 33
establishments, 1,056 classes, ~52,000 accounts) is imported unless its
establishments are there already (a previous run on the same database: the
same generator gives the same files), then every class gets a course
today at 08:00 with its teacher (a fresh slot per run, so the registers are
new), a first trimester covering today, its teacher as professeur principal,
an evaluation to fill for the council and a published, marked one for the
families; the teacher, one student and that student's parent get a known
password.

Scenarios (the clients start together, no think time: this measures capacity):

- ``8h``: teachers take the roll (GET then POST ``@appel``: two absences, a
  lateness, "fait", with an Idempotency-Key), one register each until every
  class is done, while parents read the timetable and their profile; then
  every acknowledged roll call is checked stored exactly once. Writes left
  unanswered or answered 5xx are sent again with the same key (twice at
  most, one second apart, as the pages do), listed as ``… (rejeu)``; a
  teacher whose register could not be opened or saved comes back to it
  later (5 tries at most).
- ``dimanche``: parents and students read timetables, absences, grades
  (``@notes-eleve``) and profiles for ``--duree`` seconds. The student agenda
  has its own benchmark against a stock Plone page (``scripts/bench_agenda.py``);
  this synthetic region has no course spaces, so the agenda is not read here,
  and the output says so.
- ``conseil``: teachers open their class's grade grid, save it five students at
  a time (marks and subject appreciations, as the page does after a pause),
  then, as professeur principal, the general appreciations (POST ``@conseil``).

Each prints throughput, p50/p95/p99 per endpoint, errors and the ZODB
conflicts retried/failed (the instances' ``@cartable-status`` before and
after), and writes ``requetes.csv`` (one line per request), ``graphique.png``
(latency p50/p99 and throughput per second), ``resume.txt`` and, for a
cluster it started, its processes' logs (``journaux/``) under
``var/charge/<scenario>-<date>/``.

Load generator: locust, as a library (``FastHttpUser``: geventhttpclient, far
less client CPU per request than requests + threads, which matters because the
client shares the machine's cores with the servers). gevent is patched in
first, before anything opens a socket. RelStorage in the Zope processes still
picks its plain drivers (psycopg2, sqlite3): it chooses a gevent driver only
when asked to.
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from datetime import datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

import gevent  # noqa: E402
import requests  # noqa: E402
from locust import FastHttpUser, constant, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402
from locust.exception import StopUser  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_appel import CHECK  # noqa: E402
from bench_import import ecrire  # noqa: E402
from charge_resultats import (  # noqa: E402
    Requete,
    conflits,
    dossier_resultats,
    ecrire_csv,
    ecrire_graphique,
    occupation_machine,
    resumer,
    secondes_cpu,
    tableau,
)

from cartable.core import horloge  # noqa: E402
from cartable.ops.cluster import lire_pids, plan_ports, port_libre, vivant  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PASSWORD = "charge-2026"
JSON = {"Accept": "application/json"}
MATIERE = "020700"  # the subject bench_import gives every teacher
PAR_SAUVEGARDE = 5  # students per grid save: what a teacher types before the page's 1.5 s pause
DEMARRAGE = 900
REJEUX = 2  # an unanswered or 5xx write is sent again with the same Idempotency-Key, as the pages do
PAUSE_REJEU = 1.0  # seconds before sending again: what the pages wait
ESSAIS_CLASSE = 5  # a teacher whose roll call failed comes back to it later, this many times at most

PREPARE = r"""
import sys, json, uuid, transaction
from datetime import date, datetime, timedelta
from AuthEncoding import AuthEncoding
from BTrees.OOBTree import OOTreeSet
from zope.component.hooks import setSite
from cartable.ops.zope_app import open_app, close_app
from cartable.annuaire.stockage import lire_annuaire
from cartable.annuaire.contenu import id_etablissement
from cartable.regles.emploi_du_temps import Calendrier, Creneau
from cartable.viescolaire.stockage import vie_scolaire_pour_ecrire
from cartable.notes.stockage import carnet_pour_ecrire
from cartable.notes.registre import Evaluation
conf, password, run, structures, matiere = sys.argv[1], sys.argv[2], sys.argv[3], set(json.loads(sys.argv[4])), sys.argv[5]
app = open_app(conf); site = app["cartable"]; setSite(site)
annuaire = lire_annuaire(site)
from cartable.core import horloge
today = horloge.aujourd_hui()  # the region's day (Paris), not the machine's UTC day: they differ after 23:00 UTC
now = horloge.maintenant().isoformat(timespec="seconds")
hashed = AuthEncoding.pw_encrypt(password, "SSHA")
def ouvrir(personne):
    personne.mot_de_passe = hashed; personne.code_activation = None
    return personne.login
def periode_du_jour(carnet):
    for p in carnet.periodes.values():
        if p["du"] <= today <= p["au"]:
            return p["code"]
    carnet.periodes["T1"] = {"code": "T1", "libelle": "Trimestre 1", "du": today - timedelta(days=60),
                             "au": today + timedelta(days=30), "cloture": None}
    return "T1"
classes, n = [], 0
for structure in annuaire.structures.values():
    if structure.id not in structures:
        continue
    etab = site[id_etablissement(structure.uai)]
    vs = vie_scolaire_pour_ecrire(etab)
    vs.calendrier = Calendrier(today - timedelta(days=60), today + timedelta(days=30), today)
    carnet = carnet_pour_ecrire(etab)
    periode = periode_du_jour(carnet)
    teachers = sorted(annuaire.membres_fonction(structure.id, "ENS"))
    for code in sorted(annuaire.divisions_de(structure.id, "classe")):
        pupils = list(annuaire.eleves(structure.id, code))
        if not pupils or not teachers:
            continue
        teacher = (annuaire.enseignants_de(structure.id, code) or teachers)[0]
        slot = Creneau(f"charge-{run}-{code.lower()}", today.weekday(), "08:00", "09:00", (structure.id, code), matiere, (teacher,), "S1")
        vs.creneaux[slot.id] = slot
        if teacher not in (annuaire.principaux.get((structure.id, code)) or ()):
            annuaire.principaux[(structure.id, code)] = OOTreeSet([teacher])
        a_remplir = Evaluation(uuid.uuid4().hex[:12], code, matiere, periode, f"Contrôle {run}", today, "1", 20, False, teacher)
        carnet.evaluations[a_remplir.id] = a_remplir; carnet.indexer(a_remplir)
        if not any(e.publiee and len(e.saisies) for e in carnet.evaluations_de(code, periode, matiere)):
            publiee = Evaluation(uuid.uuid4().hex[:12], code, matiere, periode, "Devoir publié", today - timedelta(days=7), "2", 20, False, teacher)
            publiee.publiee = True
            login = annuaire.personne(teacher).login
            for rang, eleve in enumerate(pupils):
                publiee.saisies[eleve] = (str(8 + rang % 12), login, now)
            carnet.evaluations[publiee.id] = publiee; carnet.indexer(publiee)
        eleve = annuaire.personne(pupils[0])
        parent = annuaire.personne(eleve.responsables[0].personne)
        classes.append({"etab": etab.absolute_url(relative=True), "division": code, "periode": periode,
                        "teacher": ouvrir(annuaire.personne(teacher)), "pupils": pupils,
                        "cle": f"{today.isoformat()}@{slot.id}", "evaluation": a_remplir.id,
                        "eleve": eleve.id, "eleve_login": ouvrir(eleve), "parent": ouvrir(parent)})
        n += 1
        if n % 100 == 0:
            transaction.commit()
transaction.commit(); close_app(app)
print(json.dumps(classes))
"""

PRESENTES = r"""
import sys, json
from zope.component.hooks import setSite
from cartable.ops.zope_app import open_app, close_app
from cartable.annuaire.stockage import lire_annuaire
app = open_app(sys.argv[1]); site = app["cartable"]; setSite(site)
annuaire = lire_annuaire(site)
voulues = json.loads(sys.argv[2])
print(json.dumps(sum(1 for s in voulues if s in annuaire.structures)))
close_app(app)
"""


# --- preparation ---------------------------------------------------------------------


def etape(env, *commande):
    resultat = subprocess.run([str(c) for c in commande], env=env, capture_output=True, text=True)
    if resultat.returncode:
        sys.exit(f"charge : échec de {Path(str(commande[0])).name} ({resultat.returncode}) :\n{resultat.stderr[-3000:]}")
    return resultat.stdout


def preparer(conf: Path, env: dict, eleves: int, dossier: Path) -> list[dict]:
    """Import the synthetic region into the site of ``conf`` and prepare today's data; one dict per class."""
    dire(f"préparation : région synthétique de {eleves} élèves, import, emplois du temps, notes…")
    debut = time.monotonic()
    structures = [str(70000 + i) for i in range(max(1, eleves // 600))]  # bench_import's establishments
    presentes = json.loads(etape(env, sys.executable, "-c", PRESENTES, conf, json.dumps(structures)).strip().splitlines()[-1])
    if presentes == len(structures):
        # a previous run imported it (same generator, same seed): importing again would change nothing
        dire(f"  région déjà présente ({presentes} établissements) : pas de nouvel import")
    else:
        ecrire(dossier / "aaf", eleves, classes_par_etab=32)
        etape(env, BIN / "cartable-import-aaf", "--zope-conf", conf, dossier / "aaf")
        dire(f"  import : {time.monotonic() - debut:.0f} s")
    run = datetime.now().strftime("%H%M%S")
    sortie = etape(env, sys.executable, "-c", PREPARE, conf, PASSWORD, run, json.dumps(structures), MATIERE)
    classes = json.loads(sortie.strip().splitlines()[-1])
    dire(f"  {len(classes)} classes prêtes ({time.monotonic() - debut:.0f} s)")
    return classes


# --- the server: a cluster of our own, or a given URL -----------------------------------


class ClusterPropre:
    """``cartable-cluster`` in a temporary folder, stopped by ``cartable-cluster-stop`` (by pid)."""

    def __init__(self, instances: int, db: str | None, redis_url: str | None, port: int):
        # not 0700: as root, the cluster's own PostgreSQL runs as ``postgres`` and must reach its folder
        self.racine = Path(tempfile.mkdtemp(prefix="cartable-charge-"))
        self.racine.chmod(0o711)
        self.var = self.racine / "var"
        self.ports = plan_ports(port, instances)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("CARTABLE_")}
        self.env["CARTABLE_DEMO"] = "0"  # the synthetic region is enough, and site creation is quicker
        if db:
            self.env["CARTABLE_DB"] = db
        if redis_url:
            self.env["CARTABLE_REDIS_URL"] = redis_url
        self.journal = self.racine / "cluster.log"
        self.processus = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.ports.haproxy}/cartable"

    @property
    def statuts(self):
        return [f"http://127.0.0.1:{p}/cartable" for p in self.ports.instances]

    @property
    def zope_conf(self):
        return self.var / "cluster" / "instance1" / "etc" / "zope.conf"

    def demarrer(self):
        occupes = [p for p in (self.ports.haproxy, *self.ports.instances, self.ports.statistiques) if not port_libre(p)]
        if occupes:
            sys.exit(f"charge : ports déjà pris ({', '.join(map(str, occupes))}) : choisissez --port")
        dire(f"démarrage du cluster : {len(self.ports.instances)} instance(s), HAProxy sur {self.ports.haproxy}…")
        self.processus = subprocess.Popen(
            [str(BIN / "cartable-cluster"), "--instances", str(len(self.ports.instances)), "--port", str(self.ports.haproxy),
             "--var", str(self.var)], env=self.env, stdout=open(self.journal, "ab"), stderr=subprocess.STDOUT)
        fin = time.monotonic() + DEMARRAGE
        while "Arrêt : Ctrl+C" not in self.journal.read_text(errors="replace"):
            if self.processus.poll() is not None or time.monotonic() > fin:
                self.arreter()
                sys.exit(f"charge : le cluster n'a pas démarré :\n{self.journal.read_text(errors='replace')[-3000:]}")
            time.sleep(1)

    def arreter(self, journaux: Path | None = None):
        if self.processus is None:
            return
        if journaux is not None and (self.var / "cluster" / "log").is_dir():
            # the instances' logs say which conflicts failed and why: kept with the results
            shutil.copytree(self.var / "cluster" / "log", journaux, dirs_exist_ok=True)
            for instance in sorted((self.var / "cluster").glob("instance*/var/log")):
                shutil.copytree(instance, journaux / instance.parent.parent.name, dirs_exist_ok=True)
        subprocess.run([str(BIN / "cartable-cluster-stop"), "--var", str(self.var)], capture_output=True, timeout=600)
        try:
            self.processus.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.processus.kill()
        restants = [p for p in lire_pids(self.var / "cluster" / "pids") if vivant(p)]
        if restants:
            dire(f"attention : processus encore vivants {[(p.nom, p.pid) for p in restants]} ; dossier gardé : {self.racine}")
            return
        shutil.rmtree(self.racine, ignore_errors=True)


def statut(url: str) -> dict:
    return requests.get(f"{url}/@cartable-status", headers=JSON, timeout=30).json()


def attendre_statut(urls, delai=300):
    for url in urls:
        fin = time.monotonic() + delai
        while True:
            try:
                if requests.get(f"{url}/@cartable-status", headers=JSON, timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > fin:
                sys.exit(f"charge : {url} ne répond pas")
            time.sleep(0.5)


# --- the scenarios -----------------------------------------------------------------------


class Charge:
    """What the users of one run share: the work left, what was acknowledged, the rows."""

    def __init__(self, scenario, classes, site_path):
        self.scenario = scenario
        self.classes = classes
        self.site = site_path  # "/cartable"
        self.a_faire = list(classes)
        random.Random(8).shuffle(self.a_faire)
        self.en_cours = 0
        self.acquittes = []  # roll calls acknowledged (8h), for the exactly-once check
        self.requetes: list[Requete] = []
        self.hasard = random.Random(20)

    def chemin(self, item, service):
        return f"{self.site}/{item['etab'].split('/', 1)[1]}/{service}"

    def noter(self, request_type, name, response_time, response_length, response=None, context=None, exception=None,
              start_time=None, **_):
        statut = getattr(response, "status_code", 0) or 0
        self.requetes.append(Requete(start_time or time.time(), self.scenario, name, int(statut), float(response_time)))

    def prendre(self):
        """The next class of the work list, or None when everything was handed out."""
        if not self.a_faire:
            return None
        self.en_cours += 1
        return self.a_faire.pop()

    def rendre(self):
        self.en_cours -= 1

    def remettre(self, item):
        """A failed class goes back to the start of the list (taken last), up to ESSAIS_CLASSE tries."""
        item["essais"] = item.get("essais", 1) + 1
        if item["essais"] <= ESSAIS_CLASSE:
            self.a_faire.insert(0, item)

    def fini(self):
        return not self.a_faire and self.en_cours == 0


def poster(client, chemin, corps, auth, nom, cle=None) -> int:
    """POST with an Idempotency-Key; resent with the same key after no answer or a 5xx. Returns the last status."""
    cle = cle or str(uuid.uuid4())
    for essai in range(1 + REJEUX):
        if essai:
            gevent.sleep(PAUSE_REJEU)
        with client.post(chemin, json=corps, headers={**JSON, "Idempotency-Key": cle}, auth=auth,
                         name=nom if essai == 0 else f"{nom} (rejeu)", catch_response=True) as r:
            statut = r.status_code or 0
        if statut and statut < 500:
            break
    return statut


def patienter_si_erreur(reponses):
    """A reader who got an error waits before reloading, instead of spinning on a failing server."""
    if any(not 200 <= (r.status_code or 0) < 500 for r in reponses):
        gevent.sleep(PAUSE_REJEU)


def utilisateurs_8h(charge: Charge, enseignants: int, parents: int):
    class Enseignant(FastHttpUser):
        fixed_count = enseignants
        wait_time = constant(0)

        @task
        def appel(self):
            item = charge.prendre()
            if item is None:
                raise StopUser()
            try:
                auth = (item["teacher"], PASSWORD)
                chemin = charge.chemin(item, f"@appel/{item['cle']}")
                with self.client.get(chemin, headers=JSON, auth=auth, name="@appel GET", catch_response=True) as r:
                    ouvert = r.status_code == 200
                a, b, c = item["pupils"][:3]
                marques = {a: {"type": "absence"}, b: {"type": "absence"}, c: {"type": "retard", "minutes": 5}}
                # one key per register, kept across tries: the page keeps it with the unsent marks
                cle = item.setdefault("cle_idempotence", str(uuid.uuid4()))
                if ouvert and poster(self.client, chemin, {"marques": marques, "fait": True}, auth, "@appel POST", cle) == 200:
                    charge.acquittes.append({"etab": item["etab"], "cle": item["cle"], "marques": marques})
                else:
                    charge.remettre(item)
                    gevent.sleep(PAUSE_REJEU)
            finally:
                charge.rendre()

    class Parent(FastHttpUser):
        fixed_count = parents
        wait_time = constant(0)

        @task
        def lire(self):
            item = charge.hasard.choice(charge.classes)
            auth = (item["parent"], PASSWORD)
            reponses = [
                self.client.get(charge.chemin(item, f"@emploi-du-temps?eleve={item['eleve']}"), headers=JSON, auth=auth,
                                name="@emploi-du-temps"),
                self.client.get(f"{charge.site}/@mon-profil", headers=JSON, auth=auth, name="@mon-profil"),
            ]
            patienter_si_erreur(reponses)

    return [Enseignant, Parent]


def utilisateurs_dimanche(charge: Charge, familles: int, eleves: int):
    jour = horloge.aujourd_hui()  # the region's day, as the server counts it
    lundi = jour + timedelta(days=7 - jour.weekday())  # next week, what Sunday evening prepares

    def lire(client, item, auth):
        eleve = item["eleve"]
        patienter_si_erreur([
            client.get(f"{charge.site}/@mon-profil", headers=JSON, auth=auth, name="@mon-profil"),
            client.get(charge.chemin(item, f"@emploi-du-temps?eleve={eleve}&du={lundi}&au={lundi + timedelta(days=5)}"),
                       headers=JSON, auth=auth, name="@emploi-du-temps"),
            client.get(charge.chemin(item, f"@absences?eleve={eleve}"), headers=JSON, auth=auth, name="@absences"),
            client.get(charge.chemin(item, f"@notes-eleve?eleve={eleve}&periode={item['periode']}"), headers=JSON,
                       auth=auth, name="@notes-eleve"),
        ])

    class Famille(FastHttpUser):
        fixed_count = familles
        wait_time = constant(0)

        @task
        def soiree(self):
            item = charge.hasard.choice(charge.classes)
            lire(self.client, item, (item["parent"], PASSWORD))

    class Eleve(FastHttpUser):
        fixed_count = eleves
        wait_time = constant(0)

        @task
        def soiree(self):
            item = charge.hasard.choice(charge.classes)
            lire(self.client, item, (item["eleve_login"], PASSWORD))

    return [Famille, Eleve]


def utilisateurs_conseil(charge: Charge, enseignants: int):
    class Enseignant(FastHttpUser):
        fixed_count = enseignants
        wait_time = constant(0)

        @task
        def classe(self):
            item = charge.prendre()
            if item is None:
                raise StopUser()
            try:
                self.remplir(item)
            finally:
                charge.rendre()

        def remplir(self, item):
            auth = (item["teacher"], PASSWORD)
            grille = charge.chemin(item, "@saisie-notes")
            query = f"?division={item['division']}&matiere={MATIERE}&periode={item['periode']}"
            with self.client.get(grille + query, headers=JSON, auth=auth, name="@saisie-notes GET", catch_response=True) as r:
                if r.status_code != 200:
                    return
            eleves = item["pupils"]
            for debut in range(0, len(eleves), PAR_SAUVEGARDE):
                lot = eleves[debut:debut + PAR_SAUVEGARDE]
                corps = {
                    "cellules": [{"evaluation": item["evaluation"], "eleve": e, "valeur": f"{8 + (debut + i) % 12},5", "base": ""}
                                 for i, e in enumerate(lot)],
                    "appreciations": [{"periode": item["periode"], "division": item["division"], "matiere": MATIERE, "eleve": e,
                                       "texte": "Travail sérieux, des progrès à confirmer.", "base": ""} for e in lot],
                }
                poster(self.client, grille, corps, auth, "@saisie-notes POST")
            generales = [{"eleve": e, "texte": "Bon trimestre dans l'ensemble ; poursuivre les efforts."} for e in eleves]
            self.client.post(charge.chemin(item, "@conseil"), json={"division": item["division"], "periode": item["periode"],
                                                                     "appreciations_generales": generales},
                             headers=JSON, auth=auth, name="@conseil POST")

    return [Enseignant]


def lancer(charge: Charge, host: str, utilisateurs, duree: float, liste_de_travail: bool) -> float:
    """Run the users until the work list is done (8h, conseil) or ``duree`` seconds; returns the elapsed time."""
    env = Environment(user_classes=utilisateurs, host=host, events=events, catch_exceptions=True)
    env.events.request.add_listener(charge.noter)
    runner = env.create_local_runner()
    total = sum(u.fixed_count for u in utilisateurs)
    debut = time.monotonic()
    runner.start(total, spawn_rate=total)
    while time.monotonic() - debut < duree:
        if liste_de_travail and charge.fini():
            break
        gevent.sleep(0.2)
    runner.quit()
    env.events.request.remove_listener(charge.noter)
    return time.monotonic() - debut


# --- report ------------------------------------------------------------------------------


def processus_suivis(fichier_pids: Path | None) -> dict[str, list[int]]:
    """Processes whose CPU is reported: a cluster's (from its pid file) and every PostgreSQL process of the machine."""
    suivis: dict[str, list[int]] = {}
    if fichier_pids is not None and fichier_pids.exists():
        for p in lire_pids(fichier_pids):
            if p.nom.startswith("instance") or p.nom in ("haproxy", "worker"):
                suivis.setdefault(p.nom, []).append(p.pid)
    for entree in Path("/proc").iterdir():
        if entree.name.isdigit():
            try:
                if (entree / "comm").read_text().strip() == "postgres":
                    suivis.setdefault("postgresql (machine)", []).append(int(entree.name))
            except OSError:
                continue
    return suivis


class Chronometre:
    """CPU seconds of the machine, of this client and of the followed processes between start and stop."""

    def __init__(self, suivis):
        self.suivis = suivis

    def mesure(self):
        occupe, total = occupation_machine(Path("/proc/stat").read_text())
        par_pid = {(nom, pid): secondes_cpu(pid) for nom, pids in self.suivis.items() for pid in pids}
        return time.monotonic(), time.process_time(), occupe, total, par_pid

    @staticmethod
    def par_nom(p0, p1) -> dict[str, float]:
        """CPU seconds per name over the processes alive at both ends (one killed meanwhile is left out)."""
        ecarts: dict[str, float] = {}
        for (nom, pid), fin in p1.items():
            if fin is not None and p0.get((nom, pid)) is not None:
                ecarts[nom] = ecarts.get(nom, 0.0) + fin - p0[(nom, pid)]
        return ecarts

    def __enter__(self):
        self.debut = self.mesure()
        return self

    def __exit__(self, *_):
        self.fin = self.mesure()

    def texte(self) -> str:
        (t0, c0, o0, n0, p0), (t1, c1, o1, n1, p1) = self.debut, self.fin
        duree = t1 - t0
        coeurs = os.cpu_count() or 1
        occupes = coeurs * (o1 - o0) / max(1, n1 - n0)
        cpu = self.par_nom(p0, p1)
        suivis = (c1 - c0) / duree + sum(cpu.values()) / duree
        parts = [f"machine occupée à {100 * occupes / coeurs:.0f} % de {coeurs} cœurs, dont {max(0.0, occupes - suivis):.2f} "
                 "cœur hors des processus suivis (noyau, autres programmes)",
                 f"client {c1 - c0:.1f} s ({(c1 - c0) / duree:.2f} cœur)"]
        # only processes alive at both ends are counted: a killed instance, a postgres backend that came or went are not
        parts += [f"{nom} {cpu[nom]:.1f} s ({cpu[nom] / duree:.2f} cœur)" for nom in sorted(cpu)]
        return "CPU pendant la mesure : " + " ; ".join(parts)


def dire(message):
    print(message, file=sys.stderr, flush=True)


def verifier_une_fois(conf: Path, env: dict, acquittes: list, dossier: Path) -> dict:
    """bench_appel's check: every acknowledged roll call stored, its marks exactly once, the register done."""
    envoi = dossier / "appels-acquittes.json"
    envoi.write_text(json.dumps(acquittes), encoding="utf-8")
    return json.loads(etape(env, sys.executable, "-c", CHECK, conf, envoi).strip().splitlines()[-1])


def rapport(args, charge, classes, duree, avant, apres, instances, verification, dossier: Path) -> str:
    lignes = resumer(charge.requetes, duree)
    retried, failed = conflits(avant, apres)
    ok = lambda nom: sum(1 for r in charge.requetes if r.endpoint == nom and not r.erreur)  # noqa: E731
    titre = {"8h": "8:00 — appel et lectures des parents", "dimanche": "dimanche soir — lectures des familles",
             "conseil": "conseil de classe — saisie des notes et appréciations"}[args.scenario]
    texte = [f"Scénario {args.scenario} ({titre}) : {len(classes)} classes, {instances}, {os.cpu_count()} cœurs, "
             f"charge moyenne avant : {args.charge_avant}",
             f"durée mesurée : {duree:.1f} s ; utilisateurs : {args.utilisateurs_texte}", "", tableau(lignes), ""]
    if args.scenario == "8h":
        acquittes = len(charge.acquittes)  # replays included
        texte.append(f"appels acquittés : {acquittes} / {len(classes)} ; débit : {acquittes / duree:.1f} appels/s")
    elif args.scenario == "conseil":
        sauvegardes = ok("@saisie-notes POST") + ok("@saisie-notes POST (rejeu)")
        texte.append(f"sauvegardes de la grille : {sauvegardes / duree:.1f}/s ; appréciations générales "
                     f"(classes) : {ok('@conseil POST')} / {len(classes)}")
    else:
        texte.append(f"pages lues : {len(charge.requetes) / duree:.1f}/s")
        texte.append("agenda de l'élève : mesuré à part (scripts/bench_agenda.py, région de démonstration), pas ici.")
    texte.append(f"conflits ZODB : {retried} réessayés, {failed} en échec")
    texte.append(args.cpu_texte)
    if verification is not None:
        problemes = verification["problems"] or "aucun"
        texte.append(f"exactement une fois : {verification['checked']} appels vérifiés, problèmes : {problemes}")
    ecrire_csv(dossier / "requetes.csv", charge.requetes)
    ecrire_graphique(dossier / "graphique.png", charge.requetes, f"{titre} — {instances}")
    texte.append(f"résultats : {dossier}/requetes.csv, graphique.png")
    resume = "\n".join(texte)
    (dossier / "resume.txt").write_text(resume + "\n", encoding="utf-8")
    return resume


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", required=True, choices=("8h", "dimanche", "conseil"))
    cible = parser.add_mutually_exclusive_group(required=True)
    cible.add_argument("--url", help="un serveur qui tourne, p. ex. http://localhost:8080/cartable")
    cible.add_argument("--instances", type=int, choices=(1, 2), help="démarre un cluster neuf de 1 ou 2 instances")
    parser.add_argument("--zope-conf", help="avec --url : zope.conf d'une instance de ce serveur (même base)")
    parser.add_argument("--statut", action="append", default=[],
                        help="avec --url : URL de chaque instance pour compter ses conflits (répétable ; défaut : --url)")
    parser.add_argument("--db", help="avec --instances : postgresql://… (défaut : le PostgreSQL du cluster)")
    parser.add_argument("--redis", help="avec --instances : redis://… (défaut : le Redis du cluster)")
    parser.add_argument("--port", type=int, default=8300, help="avec --instances : port de HAProxy (instances après)")
    parser.add_argument("--eleves", type=int, default=20000, help="taille de la région (20000 : 1 056 classes)")
    parser.add_argument("--enseignants", type=int, default=40, help="8h et conseil : enseignants simultanés")
    parser.add_argument("--parents", type=int, default=None,
                        help="8h : parents qui lisent pendant l'appel (défaut 8) ; dimanche : familles (défaut 32)")
    parser.add_argument("--eleves-connectes", type=int, default=16, help="dimanche : élèves simultanés")
    parser.add_argument("--duree", type=float, default=None, help="secondes (défaut : 60 pour dimanche, 600 au plus sinon)")
    parser.add_argument("--resultats", default=str(REPO / "var" / "charge"), help="dossier des résultats")
    args = parser.parse_args(argv)
    if args.url and not args.zope_conf:
        parser.error("--url demande --zope-conf (la configuration d'une de ses instances, pour préparer les données)")
    if args.instances and (args.zope_conf or args.statut):
        parser.error("--zope-conf et --statut vont avec --url ; avec --instances le cluster est le nôtre")
    if args.duree is None:
        args.duree = 60.0 if args.scenario == "dimanche" else 600.0
    if args.parents is None:
        args.parents = 32 if args.scenario == "dimanche" else 8  # Sunday evening is the families' peak
    return args


def main(argv=None) -> int:
    args = arguments(argv)
    args.charge_avant = " ".join(f"{x:.2f}" for x in os.getloadavg())
    cluster = None
    travail = Path(tempfile.mkdtemp(prefix="cartable-charge-region-"))
    dossier = dossier_resultats(Path(args.resultats), args.scenario, datetime.now())
    try:
        if args.instances:
            cluster = ClusterPropre(args.instances, args.db, args.redis, args.port)
            cluster.demarrer()
            url, statuts, conf, env = cluster.url, cluster.statuts, cluster.zope_conf, cluster.env
            stockage = "PostgreSQL " + ("donné" if args.db else "du cluster")
            instances = f"{args.instances} instance(s) derrière HAProxy, {stockage}"
        else:
            url, statuts, conf = args.url.rstrip("/"), [s.rstrip("/") for s in args.statut] or [args.url.rstrip("/")], Path(args.zope_conf)
            env = dict(os.environ)
            instances = f"serveur {url} ({len(statuts)} instance(s) comptée(s))"
        classes = preparer(conf, env, args.eleves, travail)
        attendre_statut([url, *statuts])
        parties = urlsplit(url)
        charge = Charge(args.scenario, classes, parties.path.rstrip("/"))
        if args.scenario == "8h":
            utilisateurs = utilisateurs_8h(charge, args.enseignants, args.parents)
            args.utilisateurs_texte = f"{args.enseignants} enseignants, {args.parents} parents"
        elif args.scenario == "dimanche":
            utilisateurs = utilisateurs_dimanche(charge, args.parents, args.eleves_connectes)
            args.utilisateurs_texte = f"{args.parents} parents, {args.eleves_connectes} élèves"
        else:
            utilisateurs = utilisateurs_conseil(charge, args.enseignants)
            args.utilisateurs_texte = f"{args.enseignants} enseignants (professeurs principaux de leur classe)"
        avant = [statut(s) for s in statuts]
        dire(f"charge {args.scenario} : {args.utilisateurs_texte}…")
        # the cluster's pid file: ours, or the one beside --zope-conf (<var>/cluster/instanceN/etc/zope.conf)
        pids = cluster.var / "cluster" / "pids" if cluster is not None else Path(conf).resolve().parents[2] / "pids"
        with Chronometre(processus_suivis(pids)) as chrono:
            duree = lancer(charge, f"{parties.scheme}://{parties.netloc}", utilisateurs, args.duree, args.scenario != "dimanche")
        args.cpu_texte = chrono.texte()
        attendre_statut(statuts)  # an instance killed during the run is being restarted
        apres = [statut(s) for s in statuts]
        verification = verifier_une_fois(conf, env, charge.acquittes, dossier) if args.scenario == "8h" else None
        print(rapport(args, charge, classes, duree, avant, apres, instances, verification, dossier))
    finally:
        if cluster is not None:
            cluster.arreter(dossier / "journaux")
        shutil.rmtree(travail, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
