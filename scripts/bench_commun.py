"""What the page benchmarks share (bench_agenda.py, bench_bureau.py, bench_matin.py, bench_dimanche.py,
bench_conseil.py): a fresh demo instance served by one Zope process, locust users logged in through Plone's form,
phases measured one after the other, one table; for the journeys replayed from the browser (bench_dimanche.py,
bench_conseil.py), the ``Parcoureur`` user, ``mesurer_parcours`` (the journey, the Document view, each step alone,
with the server's CPU time and conflicts) and ``imprimer_parcours``; and a bare RelStorage commit (``commit_nu``).

The caller patches gevent first (``from gevent import monkey; monkey.patch_all()``) and brings its own
preparation script (run with the instance's zope.conf, the password and its own arguments; its last line of
output is JSON), its users and its phases. The first phase is the reference every other is compared with.
"""

import contextlib
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

import gevent
import requests
from locust import FastHttpUser, constant, events, task
from locust.contrib.fasthttp import FastHttpSession
from locust.env import Environment

sys.path.insert(0, str(Path(__file__).resolve().parent))
from charge_resultats import THREADS, Requete, percentile, resumer, secondes_cpu, tableau  # noqa: E402

BIN = Path(sys.executable).parent

from preparations import DOCUMENT_REFERENCE  # noqa: E402,F401  (the benchmarks import it from here)


class Mesures:
    """Every request of the run, tagged with the phase it belongs to."""

    def __init__(self, phases):
        self.phases = tuple(phases)
        self.phase = None
        self.requetes: list[Requete] = []
        self.erreurs: dict[tuple[str, str], int] = {}  # (phase, what went wrong) → how many
        self.par_tour: list[tuple[int, str, int]] = []  # (turn, phase, requests) when the phases take turns
        self.exceptions = 0  # raised in the users (a login refused kills its user: fewer clients measured)

    def noter(self, request_type, name, response_time, response_length, response=None, context=None, exception=None,
              start_time=None, **_):
        if name not in self.phases:  # the login, and nothing between phases
            return
        statut = getattr(response, "status_code", 0) or 0
        if exception is not None and 200 <= statut < 400:
            statut = 0  # a failed check on a 200 answer counts as an error
        self.requetes.append(Requete(start_time or time.time(), name, name, statut, response_time))
        if exception is not None or not 200 <= statut < 400:
            cle = (name, str(exception or f"HTTP {statut}")[:120])
            self.erreurs[cle] = self.erreurs.get(cle, 0) + 1


def connecter(client, site_path, login, password, nom="connexion", essais=3):
    """As a browser: the login form's hidden fields (its CSRF token) go back with the credentials (both requests
    reported under ``nom``). A request that got no answer at all (status 0: seen in bench_bureau's warm-up, when
    sixteen logins and the pages' first compilations share a just started server) is tried again, up to
    ``essais`` times, each attempt reported; a refusal is not."""
    for essai in range(1, essais + 1):
        formulaire = client.get(f"{site_path}/login", name=nom)
        if formulaire.status_code == 0 and essai < essais:
            gevent.sleep(1)
            continue
        champs = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', formulaire.text or ""))
        reponse = client.post(f"{site_path}/login", data={
            **champs, "__ac_name": login, "__ac_password": password, "buttons.login": "Se connecter",
        }, name=nom, allow_redirects=False)
        if any(c.name == "__ac" for c in client.cookiejar):
            return
        if reponse.status_code != 0 or essai == essais:
            break
        gevent.sleep(1)
    raise RuntimeError(f"connexion refusée pour {login} ({reponse.status_code} {getattr(reponse, 'error', None)!r})")


def mesurer(host, classes, mesures, clients, duree, echauffement, tours=1):
    """Each phase of ``mesures`` for ``duree`` seconds, after ``echauffement`` seconds for the logins and warm-up;
    with ``tours`` > 1, the phases take turns (a, b, c, a, b, c…), each ``duree / tours`` seconds a turn, so that a
    machine getting slower or faster during the run weighs on every phase alike. → {phase: its measured duration};
    ``mesures.par_tour`` keeps each turn's (turn, phase, requests)."""
    env = Environment(user_classes=classes, host=host, events=events, catch_exceptions=True)
    env.events.request.add_listener(mesures.noter)
    runner = env.create_local_runner()
    runner.start(clients, spawn_rate=clients)
    gevent.sleep(echauffement)
    durees = dict.fromkeys(mesures.phases, 0.0)
    mesures.par_tour = []
    for tour in range(tours):
        for phase in mesures.phases:
            deja = len(mesures.requetes)
            mesures.phase = phase
            debut = time.monotonic()
            gevent.sleep(duree / tours)
            durees[phase] += time.monotonic() - debut
            mesures.phase = None
            gevent.sleep(1)  # the requests in flight finish outside any phase (still counted in it)
            mesures.par_tour.append((tour, phase, sum(1 for r in mesures.requetes[deja:] if r.scenario == phase)))
    runner.quit()
    for erreur in runner.exceptions.values():  # a user that could not log in or warm up measures nothing
        print(f"exception ×{erreur['count']} : {erreur['msg']}", file=sys.stderr)
        mesures.exceptions += erreur["count"]
    return durees


@contextlib.contextmanager
def instance_demo(prefixe, port, db, preparation, *arguments, annonce="préparation : région de démonstration…", pid=False,
                  journal=None):
    """A fresh instance with the demo region (SQLite in a temporary folder, or ``db``), the preparation script run
    on it, then served by one Zope process: yields (host, what the preparation printed, as JSON), and with
    ``pid=True`` the server's process id too (its CPU time is read in /proc). ``journal``: a folder where the
    server's logs (``var/log``) are copied when it stops (the errors' tracebacks)."""
    with tempfile.TemporaryDirectory(prefix=prefixe) as tmp:
        tmp = Path(tmp)
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("CARTABLE_")},
               "CARTABLE_VAR": str(tmp / "var"), "CARTABLE_THREADS": THREADS}
        if db:
            env["CARTABLE_DB"] = db
        conf = tmp / "etc" / "zope.conf"

        def etape(*commande):
            return subprocess.run([str(c) for c in commande], env=env, check=True, capture_output=True, text=True)

        print(annonce, file=sys.stderr, flush=True)
        etape(BIN / "cartable-instance", "--etc", tmp / "etc", "--var", tmp / "var", "--port", port)
        etape(BIN / "cartable-site", "--zope-conf", conf)
        prepare = json.loads(etape(sys.executable, "-c", preparation, conf, *arguments).stdout.strip().splitlines()[-1])
        serveur = subprocess.Popen(
            [BIN / "cartable-start", "--etc", tmp / "etc", "--var", tmp / "var", "--port", str(port), "--sans-worker"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        host = f"http://127.0.0.1:{port}"
        try:
            for _ in range(240):
                try:
                    if requests.get(f"{host}/cartable/@cartable-status", headers={"Accept": "application/json"}, timeout=5).ok:
                        break
                except requests.RequestException:
                    pass
                time.sleep(0.5)
            yield (host, prepare, serveur.pid) if pid else (host, prepare)
        finally:
            serveur.terminate()
            serveur.wait(timeout=60)
            if journal and (tmp / "var" / "log").is_dir():
                shutil.copytree(tmp / "var" / "log", journal, dirs_exist_ok=True)


def imprimer(titre, mesures, durees):
    """The table of the phases and each one's throughput against the first's; 1 when a phase measured nothing."""
    for (phase, quoi), nombre in sorted(mesures.erreurs.items()):
        print(f"erreur {phase} : {quoi} ×{nombre}")
    lignes = {}
    for phase in mesures.phases:
        requetes = [r for r in mesures.requetes if r.scenario == phase]
        lignes[phase] = next((l for l in resumer(requetes, durees[phase]) if l.endpoint == phase), None)
        if lignes[phase] is None:
            print(f"{phase} : aucune requête mesurée", file=sys.stderr)
            return 1
    reference = lignes[mesures.phases[0]].par_seconde or float("nan")
    print(f"\n{titre}")
    if mesures.exceptions:  # a user whose login failed measured nothing: fewer clients than the title says
        print(f"ATTENTION : {mesures.exceptions} exception(s) dans les clients (ci-dessus) ; un client dont la connexion "
              "a échoué n'a rien mesuré, et le tableau n'est alors pas celui du nombre de clients annoncé")
    print(tableau(list(lignes.values())))
    tours = sorted({t for t, _, _ in mesures.par_tour})
    for phase in mesures.phases[1:]:
        ligne = f"{phase} : {lignes[phase].par_seconde / reference:.1f}× the reference's throughput"
        if len(tours) > 1:  # each turn's ratio: how much the figure moves within the run
            compte = {(t, p): n for t, p, n in mesures.par_tour}
            ratios = [compte[(t, phase)] / compte[(t, mesures.phases[0])] for t in tours if compte[(t, mesures.phases[0])]]
            ligne += f" (turn by turn: {', '.join(f'{r:.1f}×' for r in ratios)})"
        print(ligne)
    return 1 if mesures.exceptions else 0


# ---- Journeys replayed from the browser (bench_dimanche.py, bench_conseil.py): one simulated person does a
# whole journey in a new browser session, then, with --par-etape, each step alone; the server's CPU per journey
# and per step from /proc (steadier than latencies on a shared machine). ----

def charge_machine() -> str:
    """The load average, to print with every figure (other people's work runs on the machine)."""
    un, cinq, quinze = os.getloadavg()
    return f"load average {un:.2f} / {cinq:.2f} / {quinze:.2f} (1 / 5 / 15 min), {os.cpu_count()} cores"


def conflits_serveur(host) -> dict:
    """The server's ZODB conflicts since it started ({"retried", "failed"}, from @cartable-status)."""
    try:
        return requests.get(f"{host}/cartable/@cartable-status", headers={"Accept": "application/json"},
                            timeout=10).json().get("conflicts") or {}
    except (requests.RequestException, ValueError):
        return {}


class Releve:
    """Every request of the run with the phase it was made in, and the journeys (or lone steps) completed."""

    def __init__(self):
        self.phase = None
        self.requetes: list[Requete] = []
        self.parcours = 0

    def noter(self, request_type, name, response_time, response_length, response=None, context=None, exception=None,
              start_time=None, **_):
        if self.phase is None:
            return
        statut = getattr(response, "status_code", 0) or 0
        if exception is not None and 200 <= statut < 400:
            statut = 0  # a failed check on a 200 answer counts as an error
        self.requetes.append(Requete(start_time or time.time(), self.phase, name, statut, response_time))


def lire(client, chemin, nom, attendu=None, accept="text/html", params=None) -> str:
    """A GET as the page (or its script) makes it; an answer other than 200, or without ``attendu``, is an error.
    → the answer's text ("" on error)."""
    with client.get(chemin, params=params, headers={"Accept": accept}, name=nom, catch_response=True) as r:
        texte = r.text or ""
        if r.status_code != 200:
            r.failure(f"HTTP {r.status_code}")
            return ""
        if attendu is not None and attendu not in texte:
            r.failure(f"réponse sans « {attendu[:40]} »")
            return ""
        return texte


def envoyer(client, chemin, nom, corps, cle=True, attendu=200):
    """A POST as Cartable.requete sends it (JSON, an Idempotency-Key). → the answer's JSON (None on error)."""
    entetes = {"Accept": "application/json", "Content-Type": "application/json"}
    if cle:
        entetes["Idempotency-Key"] = uuid.uuid4().hex
    with client.post(chemin, data=json.dumps(corps), headers=entetes, name=nom, catch_response=True) as r:
        if r.status_code != attendu:
            r.failure(f"HTTP {r.status_code}")
            return None
        try:
            return json.loads(r.text or "null")
        except ValueError:
            r.failure("réponse sans JSON")
            return None


class Parcoureur(FastHttpUser):
    """A person replaying a journey. A subclass sets ``releve``, ``site_path``, ``mot_de_passe``, ``comptes`` (dicts
    with a "login"), ``etapes`` (step names, the first one being the login) and ``reference`` (the Document view's
    phase name), and defines ``faire(etape, client)`` for every step but the login. In the journey phase each
    journey is a new browser session (login form, then every step in order); in a step's phase each client logs in
    once and repeats that step (the login step logs in again and again, a new session each time). ``faire`` returns
    False for a step this person does not make (it is then not counted)."""

    abstract = True
    wait_time = constant(0)
    releve: Releve
    site_path = "/cartable"
    mot_de_passe = ""
    comptes: list = []
    etapes: tuple = ()
    reference = "Document Plone (référence)"
    _rang = None

    def on_start(self):
        cls = type(self)
        if cls._rang is None:
            cls._rang = itertools.count()
        self.moi = self.comptes[next(cls._rang) % len(self.comptes)]
        self.session = None

    def nouvelle_session(self):
        """A new browser session (its own cookies), with the user's timeouts (60 s; FastHttpSession's own are 5 s)."""
        return FastHttpSession(self.host, self.environment.events.request, self, network_timeout=self.network_timeout,
                               connection_timeout=self.connection_timeout, max_redirects=self.max_redirects,
                               max_retries=self.max_retries)

    def connecter(self, client):
        connecter(client, self.site_path, self.moi["login"], self.mot_de_passe, nom=self.etapes[0])

    def faire(self, etape, client):
        raise NotImplementedError

    @task
    def jouer(self):
        releve = self.releve
        phase = releve.phase
        if phase is None:
            gevent.sleep(0.05)
            return
        if phase == self.reference:
            if self.session is None:
                self.session = self.nouvelle_session()
                self.connecter(self.session)
            lire(self.session, f"{self.site_path}/reference", self.reference, attendu="Informations pratiques")
            return
        if phase in self.etapes:
            if phase == self.etapes[0]:
                self.connecter(self.nouvelle_session())
            else:
                if self.session is None:
                    self.session = self.nouvelle_session()
                    self.connecter(self.session)
                if self.faire(phase, self.session) is False:  # not a step this person makes
                    gevent.sleep(0.05)
                    return
            if releve.phase == phase:
                releve.parcours += 1
            return
        client = self.nouvelle_session()  # the journey: a new browser session
        self.connecter(client)
        for etape in self.etapes[1:]:
            self.faire(etape, client)
        if releve.phase == phase:
            releve.parcours += 1


def mesurer_parcours(host, classes, releve, clients, duree, pid, parcours="parcours", reference=None, etapes=(),
                     echauffement=15):
    """The journey phase, the reference phase, then each of ``etapes`` alone, ``duree`` seconds each, after
    ``echauffement`` seconds of unmeasured journeys. → {phase: (seconds, server CPU seconds, requests, journeys or
    steps completed, conflicts {"retried", "failed"} during the phase)}."""
    env = Environment(user_classes=classes, host=host, events=events, catch_exceptions=True)
    env.events.request.add_listener(releve.noter)
    runner = env.create_local_runner()
    runner.start(clients, spawn_rate=clients)
    gevent.sleep(3)
    releve.phase = "echauffement"
    gevent.sleep(echauffement)
    resultats = {}
    for phase in (parcours,) + ((reference,) if reference else ()) + tuple(etapes):
        releve.phase = phase  # each client logs in (or does the step) once before it is measured
        gevent.sleep(3)
        releve.requetes, releve.parcours = [], 0
        conflits, cpu, debut = conflits_serveur(host), secondes_cpu(pid), time.monotonic()
        gevent.sleep(duree)
        releve.phase = None
        duree_phase, cpu_phase = time.monotonic() - debut, secondes_cpu(pid) - cpu
        requetes, fait = list(releve.requetes), releve.parcours
        gevent.sleep(2)  # the requests in flight end outside any phase
        apres = conflits_serveur(host)
        resultats[phase] = (duree_phase, cpu_phase, requetes, fait,
                            {k: apres.get(k, 0) - conflits.get(k, 0) for k in ("retried", "failed")})
    runner.quit()
    for erreur in runner.exceptions.values():
        print(f"exception ×{erreur['count']} : {erreur['msg']}", file=sys.stderr)
    return resultats


def _erreurs(requetes):
    statuts = Counter(r.statut for r in requetes if r.erreur)
    return ", ".join(f"HTTP {s or 'check'} ×{k}" for s, k in statuts.most_common())


def imprimer_parcours(titre, resultats, noms, parcours="parcours", reference=None, etapes=()) -> int:
    """The journey's table (one line per request name of ``noms``, in that order), the journeys per second and
    the server's CPU per journey next to the Document view's per request; then, for the steps measured alone,
    each one's throughput, latencies and CPU against the Document view's. → 1 when nothing was measured."""
    duree, cpu, requetes, fait, conflits = resultats[parcours]
    lignes = [l for nom in noms for l in resumer(requetes, duree) if l.endpoint == nom]
    ref = None
    if reference:
        duree_ref, cpu_ref, requetes_ref, _, _ = resultats[reference]
        requetes_ref = [r for r in requetes_ref if r.endpoint == reference]
        lignes += [l for l in resumer(requetes_ref, duree_ref) if l.endpoint == reference]
        if requetes_ref:
            ref = (len(requetes_ref) / duree_ref, 1000 * cpu_ref / len(requetes_ref))
    print(f"\n{titre}\n{charge_machine()}")
    print(tableau(lignes))
    erreurs = _erreurs(requetes)
    if not fait:
        print("aucun parcours mesuré" + (f" (errors: {erreurs})" if erreurs else ""), file=sys.stderr)
        return 1
    cpu_parcours = 1000 * cpu / fait
    print(f"journeys: {fait} in {duree:.0f} s ({fait / duree:.2f}/s), errors {sum(r.erreur for r in requetes)}"
          + (f" ({erreurs})" if erreurs else "") + f", conflicts retried {conflits.get('retried', 0)} / failed "
          f"{conflits.get('failed', 0)}; server CPU per journey {cpu_parcours:.1f} ms"
          + (f" (= {cpu_parcours / ref[1]:.1f} Document views); Document view: {ref[1]:.1f} ms of CPU per request, "
             f"{ref[0]:.1f} req/s" if ref else ""))
    if not etapes:
        return 0
    print("\neach step alone (each client logged in once; connexion: the form and its POST, a new session each time):")
    print(f"{'step':<34} {'done':>6} {'/s':>7} {'× Doc':>6} {'p50':>6} {'p95':>6} {'p99':>6} {'errors':>6} "
          f"{'confl.':>6} {'CPU ms':>7} {'Doc/CPU':>8}")
    total = 0.0
    for etape in etapes:
        duree_e, cpu_e, requetes_e, fait_e, conflits_e = resultats[etape]
        if not fait_e:
            print(f"{etape:<34} nothing measured" + (f" ({_erreurs(requetes_e)})" if requetes_e else ""))
            continue
        temps = [r.latence_ms for r in requetes_e]
        cpu_e = 1000 * cpu_e / fait_e
        total += cpu_e
        debit = fait_e / duree_e
        print(f"{etape:<34} {fait_e:>6} {debit:>7.1f} {debit / ref[0] if ref else float('nan'):>6.1f} "
              f"{percentile(temps, 50):>6.0f} {percentile(temps, 95):>6.0f} {percentile(temps, 99):>6.0f} "
              f"{sum(r.erreur for r in requetes_e):>6} {conflits_e.get('retried', 0):>6} {cpu_e:>7.1f} {ref[1] / cpu_e if ref else float('nan'):>8.1f}"
              + (f" (errors: {_erreurs(requetes_e)})" if any(r.erreur for r in requetes_e) else ""))
    print(f"{'sum of the steps':<34} {'':>6} {'':>7} {'':>6} {'':>6} {'':>6} {'':>6} {'':>6} {'':>6} {total:>7.1f}")
    print("(/s: steps completed per second; × Doc: that against the Document view's req/s; p50–p99: ms per request "
          "of the step; confl.: ZODB conflicts retried by the server; CPU ms: server CPU per step; Doc/CPU: the Document view's CPU per request over the step's)")
    return 0


# A bare RelStorage commit (SQLite, history-free, as the instance's) of the same writes, in a subprocess: ``ecrire``
# is Python run with ``root`` (the connection's root, its "donnees" an OOBTree) and ``i`` (the write's number).
COMMIT_NU = """
import sys, time, threading, transaction
from pathlib import Path
from BTrees.OOBTree import OOBTree
from persistent.mapping import PersistentMapping
from ZODB import DB
from ZODB.POSException import ConflictError
from relstorage.adapters.sqlite.adapter import Sqlite3Adapter
from relstorage.options import Options
from relstorage.storage import RelStorage
folder, n, workers, ecrire = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), compile(sys.argv[4], "ecrire", "exec")
folder.mkdir(parents=True, exist_ok=True)
options = Options(keep_history=False)
db = DB(RelStorage(Sqlite3Adapter(str(folder), {}, options=options), options=options))
with db.transaction() as conn:
    conn.root()["donnees"] = OOBTree()
numeros = iter(range(n)); verrou = threading.Lock(); conflits = [0]
def travailler():
    conn = db.open(transaction_manager=transaction.TransactionManager())
    tm = conn.transaction_manager
    while True:
        with verrou:
            i = next(numeros, None)
        if i is None:
            break
        while True:
            try:
                tm.begin()
                exec(ecrire, {"root": conn.root(), "i": i, "PersistentMapping": PersistentMapping, "OOBTree": OOBTree})
                tm.commit()
                break
            except ConflictError:
                tm.abort(); conflits[0] += 1
    conn.close()
fils = [threading.Thread(target=travailler) for _ in range(workers)]
debut = time.monotonic()
for f in fils: f.start()
for f in fils: f.join()
print(time.monotonic() - debut, conflits[0])
db.close()
"""


def commit_nu(ecrire, n, workers) -> tuple[float, float, int]:
    """``n`` transactions of ``ecrire`` (see COMMIT_NU) on ``workers`` threads → (commits/s, seconds, conflicts)."""
    with tempfile.TemporaryDirectory(prefix="cartable-commit-nu-") as tmp:
        sortie = subprocess.run([sys.executable, "-c", COMMIT_NU, str(Path(tmp) / "nu"), str(n), str(workers), ecrire],
                                check=True, capture_output=True, text=True).stdout.split()
    secondes, conflits = float(sortie[0]), int(sortie[1])
    return n / secondes, secondes, conflits
