"""The 8:00 benchmark: every teacher of a large region takes the roll at once, parents read.

    .venv/bin/python scripts/bench_appel.py [--eleves 20000] [--enseignants 40] [--parents 8]

1. Writes a synthetic region (about 1,000 classes for 20,000 students), imports
   it into a fresh instance (SQLite, or ``--db postgresql://…``), gives every
   class a course today at 08:00 with one of its teachers.
2. Serves it, and N teacher clients take the registers from a shared list:
   each opens its register (GET) and submits it (POST: two absences, a lateness,
   "fait", with an idempotency key), while parent clients read their child's
   timetable and profile. Reports roll calls/s, p50/p99, HTTP errors and the
   server's ZODB conflicts (retried / failed).
3. In the same run, the references: (a) the bare RelStorage commit of the same
   register data, without Plone, with the same concurrency; (b) a naive Plone
   design — a folder per register and one catalogued Dexterity item per mark,
   through plone.restapi — on a sample of the registers.
4. Checks that every submitted mark is stored exactly once, and says so.

Before the peak, the morning's periodic task makes the day's registers and their students' index entries
(``cartable.viescolaire.preparation``, 05:00 in production; ``--sans-preparation`` skips it). The conflicts are
named: the oids the servers' event logs give for the peak, mapped to the establishment's BTrees they belong to.
``--instances 2 --haproxy`` puts HAProxy (cartable-cluster's configuration) in front of the instances, as in
production; with ``--db`` on PostgreSQL, the CPU split (each Zope, HAProxy, PostgreSQL, this load generator,
the machine) is printed.

Client and server share the machine's 2 cores: the client's own CPU is part
of what is measured. Nothing is asserted; it prints a table.

Authentication: by default each request carries Basic auth (the password checked
on every request, through PAS and the login throttle). With ``--session`` every
teacher first logs in once through the login form (not measured) and the
requests carry Plone's ``__ac`` session cookie, as the roll-call page's script
does; that is the way the fast lane (cartable.core.voie_rapide) answers. The parents
log in the same way and read with their cookie, as their pages do.
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import import ecrire  # noqa: E402
from charge_resultats import THREADS, secondes_cpu  # noqa: E402

BIN = Path(sys.executable).parent
PASSWORD = "bench-2026"
JSON = {"Accept": "application/json"}

PREPARE = """
import sys, json, transaction
from datetime import date, timedelta
from AuthEncoding import AuthEncoding
from zope.component.hooks import setSite
from cartable.ops.zope_app import open_app, close_app
from cartable.annuaire.stockage import lire_annuaire
from cartable.annuaire.contenu import id_etablissement
from cartable.regles.emploi_du_temps import Calendrier, Creneau
from cartable.viescolaire.stockage import vie_scolaire_pour_ecrire
app = open_app(sys.argv[1]); site = app["cartable"]; setSite(site)
annuaire = lire_annuaire(site)
from cartable.core import horloge
today = horloge.aujourd_hui()  # the server's day (Paris), not the machine's: they differ from 23:00 UTC in winter
hashed = AuthEncoding.pw_encrypt(sys.argv[2], "SSHA")
registers, parents, n = [], [], 0
for structure in annuaire.structures.values():
    etab = site[id_etablissement(structure.uai)]
    vs = vie_scolaire_pour_ecrire(etab)
    vs.calendrier = Calendrier(today - timedelta(days=7), today + timedelta(days=7), today)
    teachers = sorted(annuaire.membres_fonction(structure.id, "ENS"))
    for rank, code in enumerate(sorted(annuaire.divisions_de(structure.id, "classe"))):
        pupils = annuaire.eleves(structure.id, code)
        if not pupils or not teachers:
            continue
        teacher = (annuaire.enseignants_de(structure.id, code) or teachers)[0]
        slot = Creneau(f"bench-{code.lower()}", today.weekday(), "08:00", "09:00", (structure.id, code), "020700", (teacher,), "S1")
        vs.creneaux[slot.id] = slot
        person = annuaire.personne(teacher); person.mot_de_passe = hashed; person.code_activation = None
        registers.append({"etab": etab.absolute_url(relative=True), "cle": f"{today.isoformat()}@{slot.id}",
                          "teacher": person.login, "pupils": pupils[:3]})
        eleve = annuaire.personne(pupils[0])
        parent = annuaire.personne(eleve.responsables[0].personne)
        parent.mot_de_passe = hashed; parent.code_activation = None
        parents.append({"etab": etab.absolute_url(relative=True), "login": parent.login, "eleve": eleve.id})
        n += 1
        if n % 200 == 0:
            transaction.commit()
transaction.commit(); close_app(app)
print(json.dumps({"registers": registers, "parents": parents}))
"""

PREPARE_MATIN = """
import sys, json, transaction
from zope.component.hooks import setSite
from cartable.ops.zope_app import open_app, close_app
from cartable.viescolaire.preparation import preparer_les_appels
app = open_app(sys.argv[1]); site = app["cartable"]; setSite(site)
bilan = preparer_les_appels(site, None)  # what the tour's task does at 05:00 (the worker is not started here)
transaction.commit(); close_app(app)
print(json.dumps(bilan))
"""

CHECK = """
import sys, json
from collections import Counter
from zope.component.hooks import setSite
from cartable.ops.zope_app import open_app, close_app
from cartable.viescolaire.stockage import lire_vie_scolaire
app = open_app(sys.argv[1]); site = app["cartable"]; setSite(site)
sent = json.load(open(sys.argv[2]))
problems = Counter()
for item in sent:
    appel = lire_vie_scolaire(site.unrestrictedTraverse(item["etab"].split("/", 1)[1])).appels.get(item["cle"])
    if appel is None:
        problems["register missing"] += 1
        continue
    if dict(appel.marques) != item["marques"]:
        problems["marks differ"] += 1
    per_pupil = Counter(e[2] for e in appel.journal)
    if sorted(per_pupil) != sorted(item["marques"]) or any(v != 1 for v in per_pupil.values()):
        problems["not exactly once"] += 1
    if appel.etat != "fait":
        problems["not done"] += 1
# the objects the conflicting transactions wrote (oids from the servers' event logs), named
from ZODB.utils import p64
from cartable.annuaire.contenu import etablissements
noms = {}
for etab in etablissements(site):
    vs = lire_vie_scolaire(etab)
    if vs is None:
        continue
    noms[vs._p_oid] = "VieScolaire"
    for attribut, valeur in vars(vs).items():
        if hasattr(valeur, "_firstbucket"):
            noms[valeur._p_oid] = f"vs.{attribut} (tree)"
            bucket = valeur._firstbucket
            while bucket is not None:
                if bucket._p_oid is not None:
                    noms[bucket._p_oid] = f"vs.{attribut} (bucket)"
                bucket = bucket._next
conflicts = Counter()
for oid, n in json.load(open(sys.argv[3])).items():
    cle = p64(int(oid, 16))
    nom = noms.get(cle)
    if nom is None:
        try:
            nom = f"other {type(site._p_jar.get(cle)).__name__}"
        except Exception:
            nom = "other (gone)"
    conflicts[nom] += n
close_app(app)
print(json.dumps({"checked": len(sent), "problems": dict(problems), "conflicts": dict(conflicts)}))
"""

BARE = """
import sys, time, threading, transaction
from pathlib import Path
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from ZODB import DB
from ZODB.POSException import ConflictError
folder, n, workers = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
folder.mkdir(parents=True, exist_ok=True)
from relstorage.adapters.sqlite.adapter import Sqlite3Adapter
from relstorage.options import Options
from relstorage.storage import RelStorage
options = Options(keep_history=False, driver=sys.argv[4] if len(sys.argv) > 4 else "auto")
storage = RelStorage(Sqlite3Adapter(str(folder), {}, options=options), options=options)
db = DB(storage)
print("driver", storage._adapter.driver.__name__.replace(" ", "-"), file=sys.stderr)
with db.transaction() as conn:
    conn.root()["appels"] = OOBTree()
class Appel(Persistent):
    pass
keys = iter(range(n)); lock = threading.Lock(); conflicts = [0]
def work():
    conn = db.open(transaction_manager=transaction.TransactionManager())
    tm = conn.transaction_manager
    while True:
        with lock:
            i = next(keys, None)
        if i is None:
            break
        while True:
            try:
                tm.begin()
                a = Appel(); a.etat = "fait"; a.marques = PersistentMapping({"p1": {"type": "absence"}, "p2": {"type": "absence"}, "p3": {"type": "retard", "minutes": 5}})
                a.journal = PersistentList([("t", "prof", p, None, m) for p, m in a.marques.items()])
                conn.root()["appels"][f"2026-11-30@bench-{i}"] = a
                tm.commit()
                break
            except ConflictError:
                tm.abort(); conflicts[0] += 1
    conn.close()
threads = [threading.Thread(target=work) for _ in range(workers)]
started = time.monotonic()
for t in threads: t.start()
for t in threads: t.join()
print(time.monotonic() - started, conflicts[0])
db.close()
"""


def haproxy(tmp, port, instances, threads):
    """HAProxy in front of the instances on ``port + i``, with cartable-cluster's configuration; listens on
    ``port + instances``."""
    import shutil

    from cartable.ops.cluster import Ports, config_haproxy

    binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
    ports = Ports(port + instances, tuple(port + i for i in range(instances)), port + instances + 1)
    config = tmp / "haproxy.cfg"
    config.write_text(config_haproxy(ports, tmp / "haproxy.sock", threads), encoding="utf-8")
    return subprocess.Popen([binary, "-db", "-f", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def postgres_cpu():
    """{pid: CPU seconds} of the PostgreSQL server's processes (its backends included)."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if Path(f"/proc/{entry}/comm").read_text().strip().startswith("postgres"):
                    found[int(entry)] = secondes_cpu(int(entry)) or 0.0
            except OSError:
                pass
    return found


def cpu_split(servers, zopes, db):
    """CPU seconds so far: each Zope process, HAProxy, this process (the load generator), PostgreSQL's processes
    (with --db) and the whole machine (/proc/stat: other people's work included)."""
    from charge_resultats import occupation_machine

    split = {f"Zope {i + 1}": secondes_cpu(z.pid) or 0.0 for i, z in enumerate(zopes)}
    for extra in servers[len(zopes):]:
        split["HAProxy"] = secondes_cpu(extra.pid) or 0.0
    split["load generator"] = sum(os.times()[:2])
    if db:
        split["PostgreSQL"] = sum(postgres_cpu().values())  # a backend started during the peak counts whole
    busy, _ = occupation_machine(Path("/proc/stat").read_text())
    split["machine (all cores)"] = busy / os.sysconf("SC_CLK_TCK")
    return split


def conflicts_in_log(path, start):
    """{oid: count} of the ConflictErrors the servers logged from byte ``start`` (the fast lane and ZPublisher
    both log the storage's message, which names the oid and the class)."""
    counts = {}
    if not path.exists():
        return counts
    with open(path, "rb") as f:
        f.seek(start)
        for line in f.read().decode("utf-8", "replace").splitlines():
            found = re.search(r"ConflictError.*?oid (0x[0-9a-f]+)", line)
            if found:
                counts[found.group(1)] = counts.get(found.group(1), 0) + 1
    return counts


def pin_driver(conf, driver):
    """RelStorage's SQLite driver named in a rendered zope.conf, instead of the one the instance names (plain
    'sqlite3' since the instances pin it; 'auto' lets RelStorage choose again; nothing for PostgreSQL)."""
    text = conf.read_text(encoding="utf-8")
    if "<sqlite3>" not in text:
        return
    lignes = [l for l in text.splitlines(keepends=True) if not l.strip().startswith("driver ")]
    text = "".join(lignes)
    if driver != "auto":
        text = text.replace("<sqlite3>", f"<sqlite3>\n            driver {driver}", 1)
    conf.write_text(text, encoding="utf-8")


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


def status(url):
    return requests.get(f"{url}/@cartable-status", headers=JSON, timeout=30).json()


def login_cookies(url, logins):
    """Each teacher and parent logged in once through Plone's login form: login → the ``__ac`` cookie's value."""
    cookies = {}
    for login in sorted(set(logins)):
        session = requests.Session()
        form = session.get(f"{url}/login", timeout=60).text
        fields = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))
        session.post(f"{url}/login", data={**fields, "__ac_name": login, "__ac_password": PASSWORD, "buttons.login": "Se connecter"},
                     allow_redirects=False, timeout=60)
        cookies[login] = session.cookies["__ac"]
    return cookies


def load(urls, registers, parents, teachers, parent_clients, cookies=None):
    """The 8:00 peak, clients spread over the instances' ``urls``; with ``cookies`` (login → ``__ac``) the
    teachers' and the parents' requests carry their session cookie instead of Basic auth.

    Returns (elapsed, post latencies, get latencies, errors, parent reads, submitted).
    """
    queue = list(registers)
    lock = threading.Lock()
    posts, gets, errors, submitted, reads = [], [], [], [], [0]
    done = threading.Event()
    rnd = random.Random(8)

    def teacher(url):
        session = requests.Session()
        while True:
            with lock:
                if not queue:
                    return
                item = queue.pop()
            base = f"{url.rsplit('/', 1)[0]}/{item['etab']}/@appel/{item['cle']}"
            if cookies is None:
                session.auth = (item["teacher"], PASSWORD)
                headers = JSON
            else:
                headers = {**JSON, "Cookie": f"__ac={cookies[item['teacher']]}"}
            t0 = time.monotonic()
            response = session.get(base, headers=headers, timeout=60)
            gets.append(time.monotonic() - t0)
            if response.status_code != 200:
                errors.append(("GET", response.status_code))
                continue
            a, b, c = item["pupils"]
            marques = {a: {"type": "absence"}, b: {"type": "absence"}, c: {"type": "retard", "minutes": 5}}
            body = {"marques": marques, "fait": True}
            key = str(uuid.uuid4())
            t0 = time.monotonic()
            response = session.post(base, json=body, headers={**headers, "Idempotency-Key": key}, timeout=60)
            posts.append(time.monotonic() - t0)
            if response.status_code != 200:
                errors.append(("POST", response.status_code))
                continue
            submitted.append({"etab": item["etab"], "cle": item["cle"], "marques": marques})

    def parent(url):
        session = requests.Session()
        while not done.is_set():
            item = rnd.choice(parents)
            if cookies is None:
                session.auth = (item["login"], PASSWORD)
                headers = JSON
            else:
                headers = {**JSON, "Cookie": f"__ac={cookies[item['login']]}"}
            for path in (f"{item['etab']}/@emploi-du-temps?eleve={item['eleve']}", "cartable/@mon-profil"):
                response = session.get(f"{url.rsplit('/', 1)[0]}/{path}", headers=headers, timeout=60)
                if response.status_code != 200:
                    errors.append(("parent GET", response.status_code))
                reads[0] += 1

    readers = [threading.Thread(target=parent, args=(urls[i % len(urls)],)) for i in range(parent_clients)]
    workers = [threading.Thread(target=teacher, args=(urls[i % len(urls)],)) for i in range(teachers)]
    for t in readers:
        t.start()
    started = time.monotonic()
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    elapsed = time.monotonic() - started
    done.set()
    for t in readers:
        t.join()
    return elapsed, posts, gets, errors, reads[0], submitted


def naive(url, registers, clients, admin):
    """Reference (b): a folder per register, one catalogued Document per mark, via plone.restapi."""
    folder = requests.post(url, json={"@type": "Folder", "id": "naif", "title": "Appels naïfs"}, headers=JSON, auth=admin, timeout=60)
    folder.raise_for_status()
    queue = list(registers)
    lock = threading.Lock()
    latencies, errors = [], []

    def work():
        session = requests.Session()
        session.auth = admin
        while True:
            with lock:
                if not queue:
                    return
                item = queue.pop()
            t0 = time.monotonic()
            name = item["cle"].replace("@", "-")
            r = session.post(f"{url}/naif", json={"@type": "Folder", "id": name, "title": item["cle"]}, headers=JSON, timeout=60)
            ok = r.status_code == 201
            for pupil, kind in zip(item["pupils"], ("absence", "absence", "retard")):
                r = session.post(f"{url}/naif/{name}", json={"@type": "Document", "id": pupil, "title": kind, "description": f"{pupil} {kind}"},
                                 headers=JSON, timeout=60)
                ok = ok and r.status_code == 201
            latencies.append(time.monotonic() - t0)
            if not ok:
                errors.append(r.status_code)

    threads = [threading.Thread(target=work) for _ in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.monotonic() - started, latencies, errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eleves", type=int, default=20000, help="students (32 classes per 600: 20,000 give 1,056 classes)")
    parser.add_argument("--enseignants", type=int, default=40, help="concurrent teacher clients")
    parser.add_argument("--parents", type=int, default=8, help="concurrent parent clients")
    parser.add_argument("--naif", type=int, default=150, help="registers written the naive way (reference b)")
    parser.add_argument("--db", help="postgresql://… (an empty database); default: SQLite in a temporary folder")
    parser.add_argument("--port", type=int, default=8199, help="first port; instance i serves on port + i")
    parser.add_argument("--instances", type=int, default=1, help="Zope processes sharing the database (clients spread over them)")
    parser.add_argument("--session", action="store_true", help="teachers log in once through the form and send the session cookie (as the page does)")
    parser.add_argument("--sans-voie-rapide", action="store_true", help="the servers with the fast lane off (CARTABLE_VOIE_RAPIDE=0)")
    parser.add_argument("--sans-preparation", action="store_true",
                        help="skip the morning's task that makes the day's registers (cartable.viescolaire.preparation): "
                             "every first POST then inserts into the shared BTrees, as before it")
    parser.add_argument("--pilote-sqlite", choices=("auto", "sqlite3", "gevent sqlite3"), default="auto",
                        help="RelStorage's SQLite driver for the servers and the bare commit: with gevent installed, "
                             "'auto' picks 'sqlite3' or 'gevent sqlite3' at random in each process (same priority, "
                             "set order); pin it to compare runs")
    parser.add_argument("--haproxy", action="store_true",
                        help="every client goes through HAProxy in front of the --instances (as cartable-cluster: "
                             "leastconn, maxconn = threads per instance); its port is --port + --instances")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cartable-bench-appel-") as tmp:
        tmp = Path(tmp)
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("CARTABLE_")}, "CARTABLE_DEMO": "0",
               "CARTABLE_VAR": str(tmp / "var"), "CARTABLE_THREADS": THREADS}
        if args.db:
            env["CARTABLE_DB"] = args.db
        if args.sans_voie_rapide:
            env["CARTABLE_VOIE_RAPIDE"] = "0"
        etc = tmp / "etc"
        conf = etc / "zope.conf"
        step = lambda *cmd, **kw: subprocess.run([str(c) for c in cmd], env=env, check=True, capture_output=True, text=True, **kw)  # noqa: E731
        print("préparation : région, import, emplois du temps…", file=sys.stderr, flush=True)
        ecrire(tmp / "aaf", args.eleves, classes_par_etab=32)
        step(BIN / "cartable-instance", "--etc", etc, "--var", tmp / "var", "--port", args.port)
        pin_driver(conf, args.pilote_sqlite)
        step(BIN / "cartable-site", "--zope-conf", conf, "--sans-demo")
        step(BIN / "cartable-import-aaf", "--zope-conf", conf, tmp / "aaf")
        prepared = json.loads(step(sys.executable, "-c", PREPARE, conf, PASSWORD).stdout.strip().splitlines()[-1])
        step(sys.executable, "-c", "import sys\nfrom cartable.ops.zope_app import open_app, close_app\nimport transaction\n"
             "from plone import api\nfrom zope.component.hooks import setSite\napp = open_app(sys.argv[1]); setSite(app['cartable'])\n"
             "api.user.create(username='bench.admin', email='b@example.org', password=sys.argv[2])\n"
             "api.user.grant_roles(username='bench.admin', roles=['Site Administrator'])\ntransaction.commit(); close_app(app)",
             conf, PASSWORD)
        registers, parents = prepared["registers"], prepared["parents"]
        matin = None if args.sans_preparation else json.loads(step(sys.executable, "-c", PREPARE_MATIN, conf).stdout.strip().splitlines()[-1])
        servers, urls = [], []
        for i in range(args.instances):
            port = args.port + i
            if i:  # each instance its own rendered configuration, the same database
                step(BIN / "cartable-instance", "--etc", tmp / f"etc{i}", "--var", tmp / "var", "--port", port)
                pin_driver(tmp / f"etc{i}" / "zope.conf", args.pilote_sqlite)
            servers.append(subprocess.Popen(
                [BIN / "cartable-start", "--etc", etc if i == 0 else tmp / f"etc{i}", "--var", tmp / "var", "--port", str(port), "--sans-worker"],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            urls.append(f"http://127.0.0.1:{port}/cartable")
        if args.haproxy:
            servers.append(haproxy(tmp, args.port, args.instances, int(env["CARTABLE_THREADS"])))
            urls = [f"http://127.0.0.1:{args.port + args.instances}/cartable"]
        zopes = servers[: args.instances]
        url = urls[0]
        event_log = tmp / "var" / "log" / "event.log"
        try:
            for candidate in [f"http://127.0.0.1:{args.port + i}/cartable" for i in range(args.instances)] + urls:
                for _ in range(240):
                    try:
                        if requests.get(f"{candidate}/@cartable-status", headers=JSON, timeout=5).ok:
                            break
                    except requests.RequestException:
                        pass
                    time.sleep(0.5)
            direct = [f"http://127.0.0.1:{args.port + i}/cartable" for i in range(args.instances)]
            before = [status(u)["conflicts"] for u in direct]
            print(f"8:00 : {len(registers)} appels, {args.enseignants} enseignants, {args.parents} parents…", file=sys.stderr, flush=True)
            cookies = login_cookies(url, [r["teacher"] for r in registers] + [p["login"] for p in parents]) if args.session else None
            log_start = event_log.stat().st_size if event_log.exists() else 0
            cpu_before = cpu_split(servers, zopes, args.db)
            elapsed, posts, gets, errors, reads, submitted = load(urls, registers, parents, args.enseignants, args.parents, cookies)
            cpu = {k: v - cpu_before.get(k, 0) for k, v in cpu_split(servers, zopes, args.db).items()}
            server_cpu = sum(v for k, v in cpu.items() if k.startswith("Zope"))
            conflict_oids = conflicts_in_log(event_log, log_start)
            after = [status(u)["conflicts"] for u in direct]
            retried = sum(a["retried"] - b["retried"] for a, b in zip(after, before))
            failed = sum(a["failed"] - b["failed"] for a, b in zip(after, before))
            print("référence (b) : conception naïve…", file=sys.stderr, flush=True)
            naive_elapsed, naive_lat, naive_errors = naive(url, registers[: args.naif], args.enseignants, ("bench.admin", PASSWORD))
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=60)
        (tmp / "sent.json").write_text(json.dumps(submitted))
        (tmp / "oids.json").write_text(json.dumps(conflict_oids))
        check = json.loads(step(sys.executable, "-c", CHECK, conf, tmp / "sent.json", tmp / "oids.json").stdout.strip().splitlines()[-1])
        print("référence (a) : commit RelStorage nu…", file=sys.stderr, flush=True)
        bare_run = step(sys.executable, "-c", BARE, tmp / "bare", len(registers), args.enseignants, args.pilote_sqlite)
        bare = bare_run.stdout.split()
        bare_driver = bare_run.stderr.split("driver ", 1)[1].split()[0] if "driver " in bare_run.stderr else "?"
        bare_elapsed, bare_conflicts = float(bare[0]), int(bare[1])

    rate = len(submitted) / elapsed
    rows = [
        ("Cartable: @appel GET + POST", len(submitted), elapsed, rate, percentile(posts, 50), percentile(posts, 99), len(errors),
         f"{retried} / {failed}"),
        ("(a) bare RelStorage commit, same data", len(registers), bare_elapsed, len(registers) / bare_elapsed, None, None, 0, f"{bare_conflicts} / 0"),
        ("(b) naive Plone: item per mark, catalogued", len(naive_lat), naive_elapsed, len(naive_lat) / naive_elapsed,
         percentile(naive_lat, 50), percentile(naive_lat, 99), len(naive_errors), "—"),
    ]
    storage = "PostgreSQL" if args.db else "SQLite"
    auth = ("session cookie (login form)" if args.session else "Basic auth") + (", fast lane off" if args.sans_voie_rapide else "")
    auth += ", registers not prepared" if matin is None else f", {matin['registres']} registers prepared ({matin['index']} index entries)"
    auth += ", through HAProxy" if args.haproxy else ""
    auth += f", SQLite driver {args.pilote_sqlite} (bare commit: {bare_driver})"  # the bare commit is on SQLite even with --db
    print(f"\n8:00 benchmark — {len(registers)} registers, storage {storage}, {args.instances} instance(s), {auth}, "
          f"{args.enseignants} teacher and {args.parents} parent clients, {os.cpu_count()} cores")
    print(f"{'run':<44} {'rolls':>6} {'s':>6} {'rolls/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}  conflicts retried/failed")
    for name, n, seconds, r, p50, p99, errs, conflicts in rows:
        fmt = lambda v: f"{v * 1000:7.0f}" if v is not None else f"{'—':>7}"  # noqa: E731
        print(f"{name:<44} {n:>6} {seconds:>6.1f} {r:>8.1f} {fmt(p50)} {fmt(p99)} {errs:>6}  {conflicts}")
    print(f"server CPU (Zope processes, /proc) over the peak: {server_cpu:.1f} s, {1000 * server_cpu / max(len(submitted), 1):.1f} ms "
          f"per roll call, the parents' reads and the conflicts' retries included")
    machine = cpu.pop("machine (all cores)")
    print("CPU split over the peak (s): " + ", ".join(f"{k} {v:.1f}" for k, v in cpu.items())
          + f"; the machine {machine:.1f} of {elapsed * (os.cpu_count() or 1):.1f} core-seconds"
          + f" (other work: {max(machine - sum(cpu.values()), 0):.1f})")
    print(f"conflicting objects (servers' event logs, the peak): {check.get('conflicts') or 'none'}")
    print(f"register GET p50/p99: {percentile(gets, 50) * 1000:.0f} / {percentile(gets, 99) * 1000:.0f} ms; parents' reads during the peak: {reads}")
    print(f"Cartable vs naive: {rate / (len(naive_lat) / naive_elapsed):.1f}x; Cartable vs bare commit: {rate / (len(registers) / bare_elapsed):.2f}x")
    if errors:
        from collections import Counter
        print("errors: " + ", ".join(f"{method} HTTP {status} ×{n}" for (method, status), n in sorted(Counter(errors).items(), key=str)))
    print(f"exactly once: {check['checked']} registers checked, problems: {check['problems'] or 'none'}")


if __name__ == "__main__":
    main()
