"""Mon bureau at the peaks: parents and teachers of the demo region open their home page.

    .venv/bin/python scripts/bench_bureau.py [--clients 8] [--duree 30] [--personnes 40] [--db postgresql://…]

1. Creates a fresh instance (SQLite in a temporary folder, or ``--db``) with the
   demo region (``cartable-site``), gives ``--personnes`` legal responsables of
   the demo collège's students and every teacher of the collège a known
   password, and publishes one ordinary Plone Document at the site root — the
   reference page.
2. Serves it with one Zope process (``cartable-start --sans-worker``) and, with
   locust as a library, ``--clients`` users, each logged in twice through
   Plone's login form (the ``__ac`` session cookie, as a browser does): once as
   a parent, once as a teacher. One phase after the other, for ``--duree``
   seconds each, with no think time (this measures capacity), in ``--tours`` turns (a, b, c, a, b, c…, each
   ``--duree / --tours`` seconds: a machine that slows down during the run weighs on every phase alike):
   (a) the reference: the stock authenticated view of that Document (as the parent);
   (b) the parent's Mon bureau (the site root, what a parent lands on);
   (c) the teacher's Mon bureau.
3. Prints one table: requests, errors, req/s, p50/p95/p99 (ms) and the ratio of
   each phase's throughput to the reference's. Nothing is asserted.

Client and server share the machine's cores: the client's CPU is part of what
is measured, equally in every phase.
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import itertools  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from locust import FastHttpUser, constant, task  # noqa: E402
from locust.contrib.fasthttp import FastHttpSession  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_commun import Mesures, connecter, imprimer, instance_demo, mesurer  # noqa: E402
from preparations import BUREAU_PASSWORD as PASSWORD  # noqa: E402
from preparations import BUREAU_PREPARE as PREPARE  # noqa: E402


def utilisateurs(comptes: dict, site_path: str, mesures: Mesures, clients: int):
    parents, enseignants = list(comptes["parents"]), list(comptes["enseignants"])
    random.Random(7).shuffle(parents)
    random.Random(8).shuffle(enseignants)
    rang = itertools.count()

    class Lecteur(FastHttpUser):
        wait_time = constant(0)
        fixed_count = clients

        def on_start(self):
            n = next(rang)
            self.parent, self.enseignant = parents[n % len(parents)], enseignants[n % len(enseignants)]
            self.client_enseignant = FastHttpSession(self.host, self.environment.events.request, self)
            connecter(self.client, site_path, self.parent["login"], PASSWORD)
            connecter(self.client_enseignant, site_path, self.enseignant["login"], PASSWORD)
            # warm-up, not measured: every page once, so that no phase pays for the first compilations
            for client in (self.client, self.client_enseignant):
                for chemin in ("reference", ""):
                    client.get(f"{site_path}/{chemin}", headers={"Accept": "text/html"}, name="echauffement")

        @task
        def lire(self):
            phase = mesures.phase  # the request is counted in the phase it started in
            if phase is None:
                gevent.sleep(0.05)
                return
            if phase == PHASES[0]:
                client, chemin, attendu = self.client, f"{site_path}/reference", "Informations pratiques"
            elif phase == PHASES[1]:
                client, chemin, attendu = self.client, site_path, self.parent["nom"]
            else:
                client, chemin, attendu = self.client_enseignant, site_path, self.enseignant["nom"]
            with client.get(chemin, headers={"Accept": "text/html"}, name=phase, catch_response=True) as reponse:
                if reponse.status_code != 200:
                    reponse.failure(f"HTTP {reponse.status_code}")
                elif attendu not in (reponse.text or ""):
                    reponse.failure("page sans le contenu attendu")

    return [Lecteur]


PHASES = ("(a) Document Plone (référence)", "(b) Mon bureau d'un parent", "(c) Mon bureau d'un enseignant")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent users (each a parent and a teacher)")
    parser.add_argument("--duree", type=float, default=30, help="seconds per phase")
    parser.add_argument("--tours", type=int, default=3, help="the phases take turns, each duree/tours seconds a turn")
    parser.add_argument("--personnes", type=int, default=40, help="parents of the demo collège given a password (and every teacher)")
    parser.add_argument("--db", help="postgresql://… (an empty database); default: SQLite in a temporary folder")
    parser.add_argument("--port", type=int, default=8197)
    args = parser.parse_args(argv)
    mesures = Mesures(PHASES)
    with instance_demo("cartable-bench-bureau-", args.port, args.db, PREPARE, PASSWORD, args.personnes,
                       annonce="préparation : région de démonstration, comptes des parents et des enseignants…") as (host, comptes):
        print(f"mesure : {args.clients} clients, {len(PHASES)} phases de {args.duree:.0f} s…", file=sys.stderr, flush=True)
        durees = mesurer(host, utilisateurs(comptes, "/cartable", mesures, args.clients), mesures, args.clients, args.duree,
                         echauffement=15, tours=args.tours)  # everybody logged in and warmed up before the first phase
    base = "PostgreSQL" if args.db else "SQLite"
    return imprimer(f"Mon bureau benchmark — demo region, {len(comptes['parents'])} parents and {len(comptes['enseignants'])} "
                    f"teachers of the collège, {args.clients} clients, {args.duree:.0f} s per phase in {args.tours} turns, "
                    f"1 Zope process, {base}, "
                    f"{os.cpu_count()} cores", mesures, durees)


if __name__ == "__main__":
    sys.exit(main())
