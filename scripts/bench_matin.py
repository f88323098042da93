"""8:00 as the teachers make it, replayed from the browser: log in, Mon bureau, the roll-call page, the roll call.

    .venv/bin/python scripts/bench_matin.py [--clients 8] [--duree 30] [--db postgresql://…] [--par-etape]
    .venv/bin/python scripts/bench_matin.py --connexions [--clients 8] [--duree 30]

1. Creates a fresh instance (SQLite in a temporary folder, or ``--db``) with the demo region
   (``cartable-site``: loaded for today, so each teacher of the demo collège has today's courses), gives
   every teacher of the collège a known password and publishes one ordinary Plone Document at the site
   root — the reference page.
2. Serves it with one Zope process (``cartable-start --sans-worker``) and, with locust as a library,
   ``--clients`` teachers who, with no think time, do what a teacher does at 8:00 in the browser (static
   resources are cached by a browser: not fetched):
   (1) the login form and its POST (Plone's ``__ac`` session cookie; a new session each journey);
   (2) Mon bureau, where they land;
   (3) the roll-call page of one of today's courses (its HTML, through Plone's main template);
   (4) the register, as the page's script reads it (``@appel/<clé>``);
   (5) three taps, each one POST of one mark as the page's outbox sends it (``Idempotency-Key``), the
       marks alternating between journeys on the same register so that each one writes;
   (6) « Appel terminé ».
   Then, as a reference in the same run, the same clients read the stock authenticated view of the
   Document for ``--duree`` seconds.
3. Prints one table per step (requests, errors, req/s, p50/p95/p99 ms), the journeys per second and
   the **server's CPU per journey** (user + system time of the Zope process from /proc, over the phase,
   divided by the journeys completed: steadier than latencies on a shared machine), next to the
   Document view's CPU per request. Nothing is asserted.
4. With ``--par-etape``, then each step alone for ``--duree`` seconds (each client logged in once; the login
   step logs in again and again, a new session each time; a mark is one POST of one mark) and its server CPU
   per request: where a journey's CPU goes, step by step, from the same /proc counter.

With ``--connexions``, logins only (the 8:00 peak of the whole region, issue 19): every person of the demo
region gets the known password, then each client logs a new person in, again and again (each person once
while there are people left: their first login, as at 8:00), through the login form (its GET and POST),
then through ``POST @login``, each for ``--duree`` seconds, then the Document view as the reference. Per
phase: logins/s, p50/p95/p99, the errors by HTTP status, the server's CPU per login and the ZODB
conflicts the server counted (``@cartable-status``: retried by Zope, failed = an error answered).

Run it on two commits to compare them (the same script, the older code first on ``PYTHONPATH``):

    git worktree add /tmp/avant <commit>
    PYTHONPATH=/tmp/avant/src .venv/bin/python scripts/bench_matin.py
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
import requests  # noqa: E402
from locust import FastHttpUser, constant, events, task  # noqa: E402
from locust.contrib.fasthttp import FastHttpSession  # noqa: E402
from locust.env import Environment  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_commun import DOCUMENT_REFERENCE, connecter, instance_demo  # noqa: E402
from charge_resultats import Requete, resumer, secondes_cpu, tableau  # noqa: E402

PASSWORD = "bench-matin-2026"
COLLEGE = "0139101x"

PREPARE = """
import sys, json, transaction
from AuthEncoding import AuthEncoding
from plone import api
from zope.component.hooks import setSite
from cartable.core import horloge
from cartable.ops.zope_app import open_app, close_app
from cartable.annuaire.stockage import lire_annuaire
from cartable.viescolaire.stockage import lire_vie_scolaire
app = open_app(sys.argv[1]); site = app["cartable"]; setSite(site)
annuaire = lire_annuaire(site)
hashed = AuthEncoding.pw_encrypt(sys.argv[2], "SSHA")
college = next(s for s in annuaire.structures.values() if s.type == "CLG")
vs = lire_vie_scolaire(site[college.uai.lower()])
jour = horloge.aujourd_hui()
enseignants = {}
for occ in vs.occurrences(jour, jour):
    if occ.annule or not occ.enseignants:
        continue
    eleves = sorted(annuaire.eleves(college.id, occ.division[1]))[:3]
    if len(eleves) == 3:
        enseignants.setdefault(occ.enseignants[0], []).append({"cle": occ.cle, "eleves": eleves})
comptes = []
for ident, cours in sorted(enseignants.items()):
    personne = annuaire.personne(ident)
    personne.mot_de_passe = hashed
    personne.code_activation = None
    comptes.append({"login": personne.login, "nom": personne.nom_complet, "cours": cours})
logins = []
if sys.argv[3:] == ["tous"]:  # --connexions: every person of the region may log in
    for personne in annuaire.personnes.values():
        if personne.login and personne.actif:
            personne.mot_de_passe = hashed
            personne.code_activation = None
            logins.append(personne.login)
""" + DOCUMENT_REFERENCE + """transaction.commit(); close_app(app)
print(json.dumps({"etab": college.uai.lower(), "enseignants": comptes, "logins": logins}))
"""

ETAPES = ("(1) connexion", "(2) Mon bureau", "(3) page d'appel", "(4) registre", "(5) marque", "(6) appel terminé")
REFERENCE = "Document Plone (référence)"
CONNEXIONS = ("connexion (formulaire)", "connexion (REST @login)")


class Releve:
    """Every request of the run by step, the journeys completed, and the phase now measured."""

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
            statut = 0
        self.requetes.append(Requete(start_time or time.time(), self.phase, name, statut, response_time))


def utilisateurs(donnees, site_path, releve: Releve, clients: int):
    enseignants = donnees["enseignants"]
    etab = f"{site_path}/{donnees['etab']}"
    rang = itertools.count()
    suivants = itertools.cycle(donnees.get("logins") or [e["login"] for e in enseignants])  # --connexions: a new person each time
    tours = {}  # register key → journeys on it so far (the marks alternate)

    class Enseignant(FastHttpUser):
        wait_time = constant(0)
        fixed_count = clients

        def on_start(self):
            self.moi = enseignants[next(rang) % len(enseignants)]
            self.cours = itertools.cycle(self.moi["cours"])

        def envoyer(self, client, nom, chemin, corps, attendu=200):
            entetes = {"Accept": "application/json", "Content-Type": "application/json", "Idempotency-Key": uuid.uuid4().hex}
            with client.post(chemin, data=json.dumps(corps), headers=entetes, name=nom, catch_response=True) as r:
                if r.status_code != attendu:
                    r.failure(f"HTTP {r.status_code}")

        def connecter(self, client):
            connecter(client, site_path, self.moi["login"], PASSWORD, nom=ETAPES[0])

        def bureau(self, client):
            with client.get(site_path, headers={"Accept": "text/html"}, name=ETAPES[1], catch_response=True) as r:
                if r.status_code != 200 or self.moi["nom"] not in (r.text or ""):
                    r.failure(f"HTTP {r.status_code}")

        def page_appel(self, client, cle):
            with client.get(f"{etab}/@@appel", params={"cle": cle}, headers={"Accept": "text/html"}, name=ETAPES[2],
                            catch_response=True) as r:
                if r.status_code != 200 or 'id="appel"' not in (r.text or ""):
                    r.failure(f"HTTP {r.status_code}")

        def registre(self, client, cle):
            with client.get(f"{etab}/@appel/{cle}", headers={"Accept": "application/json"}, name=ETAPES[3],
                            catch_response=True) as r:
                if r.status_code != 200:
                    r.failure(f"HTTP {r.status_code}")

        def marques(self, client, cours, combien=3):
            cle = cours["cle"]
            n = tours[cle] = tours.get(cle, 0) + 1
            for eleve, genre in list(zip(cours["eleves"], ("absence", "absence", "retard")))[:combien]:
                marque = {"type": "present"} if n % 2 == 0 else ({"type": genre, "minutes": 10} if genre == "retard" else {"type": genre})
                self.envoyer(client, ETAPES[4], f"{etab}/@appel/{cle}", {"marques": {eleve: marque}})

        def terminer(self, client, cle):
            self.envoyer(client, ETAPES[5], f"{etab}/@appel/{cle}", {"marques": {}, "fait": True})

        @task
        def matin(self):
            if releve.phase is None:
                gevent.sleep(0.05)
                return
            if releve.phase == REFERENCE:
                with self.client.get(f"{site_path}/reference", headers={"Accept": "text/html"}, name=REFERENCE,
                                     catch_response=True) as r:
                    if r.status_code != 200 or "Informations pratiques" not in (r.text or ""):
                        r.failure(f"HTTP {r.status_code}")
                return
            if releve.phase in CONNEXIONS:
                self.connexion(releve.phase, next(suivants))
                return
            if releve.phase in ETAPES:  # --par-etape: this step alone, again and again (one session per client)
                self.etape_seule(releve.phase)
                return
            client = FastHttpSession(self.host, self.environment.events.request, self)  # a new browser session
            cours = next(self.cours)
            cle = cours["cle"]
            self.connecter(client)
            self.bureau(client)
            self.page_appel(client, cle)
            self.registre(client, cle)
            self.marques(client, cours)
            self.terminer(client, cle)
            releve.parcours += 1

        def connexion(self, phase, login):
            client = FastHttpSession(self.host, self.environment.events.request, self)  # a new browser
            if phase == CONNEXIONS[0]:
                try:
                    connecter(client, site_path, login, PASSWORD, nom=phase)
                except RuntimeError:
                    pass  # the answer's status is in the measures
                return
            with client.post(f"{site_path}/@login", data=json.dumps({"login": login, "password": PASSWORD}), name=phase,
                             headers={"Accept": "application/json", "Content-Type": "application/json"},
                             catch_response=True) as r:
                if r.status_code != 200 or "token" not in (r.text or ""):
                    r.failure(f"HTTP {r.status_code}")

        def etape_seule(self, etape):
            if etape == ETAPES[0]:
                self.connecter(FastHttpSession(self.host, self.environment.events.request, self))
                return
            if getattr(self, "session", None) is None:  # kept once logged in (a failed login tries again)
                session = FastHttpSession(self.host, self.environment.events.request, self)
                self.connecter(session)
                self.session = session
            cours = next(self.cours)
            if etape == ETAPES[1]:
                self.bureau(self.session)
            elif etape == ETAPES[2]:
                self.page_appel(self.session, cours["cle"])
            elif etape == ETAPES[3]:
                self.registre(self.session, cours["cle"])
            elif etape == ETAPES[4]:
                self.marques(self.session, cours, combien=1)
            else:
                self.terminer(self.session, cours["cle"])

    return [Enseignant]


def mesurer(host, classes, releve, clients, duree, pid, par_etape=False):
    env = Environment(user_classes=classes, host=host, events=events, catch_exceptions=True)
    env.events.request.add_listener(releve.noter)
    runner = env.create_local_runner()
    runner.start(clients, spawn_rate=clients)
    gevent.sleep(5)
    resultats = {}
    # warm-up: one journey per client, not measured
    releve.phase = "echauffement"
    gevent.sleep(min(duree, 15))
    for phase in ("matin", REFERENCE) + (ETAPES if par_etape else ()):
        if phase in ETAPES:  # each client logs in once and does the step once before it is measured
            releve.phase = phase
            gevent.sleep(3)
        releve.requetes, releve.parcours = [], 0
        releve.phase = phase
        cpu, debut = secondes_cpu(pid), time.monotonic()
        gevent.sleep(duree)
        releve.phase = None
        resultats[phase] = (time.monotonic() - debut, secondes_cpu(pid) - cpu, list(releve.requetes), releve.parcours)
        gevent.sleep(2)  # the journeys in flight end outside any phase
    runner.quit()
    for erreur in runner.exceptions.values():
        print(f"exception ×{erreur['count']} : {erreur['msg']}", file=sys.stderr)
    return resultats


def conflits(host):
    return requests.get(f"{host}/cartable/@cartable-status", headers={"Accept": "application/json"}, timeout=30).json()["conflicts"]


def mesurer_connexions(host, classes, releve, clients, duree, pid):
    """--connexions: the two ways in, then the reference; {phase: (seconds, CPU seconds, requests, conflicts)}."""
    env = Environment(user_classes=classes, host=host, events=events, catch_exceptions=True)
    env.events.request.add_listener(releve.noter)
    runner = env.create_local_runner()
    runner.start(clients, spawn_rate=clients)
    gevent.sleep(5)
    # warm-up, not measured: the Document, then logins (plone.protect rotates its keyrings at the first login
    # after a day: on this new site, the first login ever)
    releve.phase = REFERENCE
    gevent.sleep(min(duree, 10))
    releve.phase = CONNEXIONS[0]
    gevent.sleep(5)
    resultats = {}
    for phase in CONNEXIONS + (REFERENCE,):
        releve.phase = None
        gevent.sleep(2)
        avant = conflits(host)
        releve.requetes = []
        releve.phase = phase
        cpu, debut = secondes_cpu(pid), time.monotonic()
        gevent.sleep(duree)
        releve.phase = None
        resultats[phase] = (time.monotonic() - debut, secondes_cpu(pid) - cpu, list(releve.requetes), None)
        gevent.sleep(2)  # the logins in flight end outside any phase
        apres = conflits(host)
        resultats[phase] = resultats[phase][:3] + ({k: apres[k] - avant[k] for k in apres},)
    runner.quit()
    for erreur in runner.exceptions.values():
        print(f"exception ×{erreur['count']} : {erreur['msg']}", file=sys.stderr)
    return resultats


def rapport_connexions(resultats, donnees, args, base, code):
    print(f"\nLogins benchmark — demo region, {len(donnees['logins'])} people who may log in, {args.clients} clients, "
          f"{args.duree:.0f} s per phase, 1 Zope process, {base}, {os.cpu_count()} cores, code: {code}")
    lignes = []
    for phase in CONNEXIONS + (REFERENCE,):
        duree, _, requetes, _ = resultats[phase]
        lignes += [l for l in resumer(requetes, duree) if l.endpoint == phase]
    print(tableau(lignes))
    print(f"\n{'phase':<28} {'logins/s':>9} {'errors':>22} {'CPU ms each':>12} {'conflicts retried/failed':>25}")
    for phase in CONNEXIONS + (REFERENCE,):
        duree, cpu, requetes, compte = resultats[phase]
        n = len(requetes) / (2 if phase == CONNEXIONS[0] else 1)  # a form login: its GET and its POST
        statuts = Counter(r.statut for r in requetes if r.erreur)
        erreurs = ", ".join(f"HTTP {s} ×{k}" for s, k in statuts.most_common()) or "0"
        print(f"{phase:<28} {n / duree:>9.1f} {erreurs:>22} {1000 * cpu / n if n else float('nan'):>12.1f} "
              f"{compte['retried']:>15}/{compte['failed']}")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="teachers at once")
    parser.add_argument("--duree", type=float, default=30, help="seconds per phase")
    parser.add_argument("--db", help="postgresql://… (an empty database); default: SQLite in a temporary folder")
    parser.add_argument("--port", type=int, default=8198)
    parser.add_argument("--journal", help="a folder where the server's logs are copied when it stops")
    parser.add_argument("--connexions", action="store_true",
                        help="logins only: every person of the region, through the form then @login (issue 19)")
    parser.add_argument("--par-etape", action="store_true",
                        help="then each step alone for --duree seconds: the server's CPU per step (where the journey's goes)")
    args = parser.parse_args(argv)
    releve = Releve()
    base = "PostgreSQL" if args.db else "SQLite"
    code = os.environ.get("PYTHONPATH") or "this checkout"
    with instance_demo("cartable-bench-matin-", args.port, args.db, PREPARE, PASSWORD, *(["tous"] if args.connexions else []),
                       annonce="préparation : région de démonstration, comptes des enseignants…", pid=True,
                       journal=args.journal) as (host, donnees, pid):
        print(f"mesure : {args.clients} enseignants, 2 phases de {args.duree:.0f} s…", file=sys.stderr, flush=True)
        classes = utilisateurs(donnees, "/cartable", releve, args.clients)
        if args.connexions:
            return rapport_connexions(mesurer_connexions(host, classes, releve, args.clients, args.duree, pid),
                                      donnees, args, base, code)
        resultats = mesurer(host, classes, releve, args.clients, args.duree, pid, args.par_etape)
    duree, cpu, requetes, parcours = resultats["matin"]
    duree_ref, cpu_ref, requetes_ref, _ = resultats[REFERENCE]
    requetes_ref = [r for r in requetes_ref if r.endpoint == REFERENCE]  # not a journey's request still in flight
    lignes = [l for l in resumer(requetes, duree) if l.endpoint in ETAPES] + [
        l for l in resumer(requetes_ref, duree_ref) if l.endpoint == REFERENCE]
    print(f"\n8:00 benchmark — demo collège, {len(donnees['enseignants'])} teachers with courses today, {args.clients} "
          f"clients, {args.duree:.0f} s per phase, 1 Zope process, {base}, {os.cpu_count()} cores, code: {code}")
    print(tableau(lignes))
    ref = len(requetes_ref)
    if not parcours or not ref:
        print("rien de mesuré", file=sys.stderr)
        return 1
    cpu_parcours, cpu_doc = 1000 * cpu / parcours, 1000 * cpu_ref / ref
    print(f"journeys: {parcours} in {duree:.0f} s ({parcours / duree:.2f}/s), errors "
          f"{sum(r.erreur for r in requetes)}; server CPU per journey {cpu_parcours:.1f} ms "
          f"(= {cpu_parcours / cpu_doc:.1f} Document views); Document view: {cpu_doc:.1f} ms of CPU per request, "
          f"{ref / duree_ref:.1f} req/s")
    if args.par_etape:
        print("\nserver CPU per step, each step alone (connexion: the form and its POST):")
        print(f"{'step':<20} {'requests':>9} {'errors':>7} {'CPU ms each':>12} {'× in a journey':>15} {'ms per journey':>15}")
        total = 0.0
        for etape, fois in zip(ETAPES, (1, 1, 1, 1, 3, 1)):
            duree_e, cpu_e, requetes_e, _ = resultats[etape]
            n = len(requetes_e) / (2 if etape == ETAPES[0] else 1)
            if not n:
                print(f"{etape:<20} nothing measured")
                continue
            total += fois * 1000 * cpu_e / n
            statuts = Counter(r.statut for r in requetes_e if r.erreur)
            print(f"{etape:<20} {len(requetes_e):>9} {sum(r.erreur for r in requetes_e):>7} {1000 * cpu_e / n:>12.1f} "
                  f"{fois:>15} {fois * 1000 * cpu_e / n:>15.1f}"
                  + (" (errors: " + ", ".join(f"HTTP {s} ×{k}" for s, k in statuts.most_common()) + ")" if statuts else ""))
        print(f"{'sum':<20} {'':>9} {'':>7} {'':>12} {'':>15} {total:>15.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
