"""The Sunday-evening benchmark: students and parents of the demo region read the agenda.

    .venv/bin/python scripts/bench_agenda.py [--clients 8] [--duree 30] [--personnes 60] [--db postgresql://…]

1. Creates a fresh instance (SQLite in a temporary folder, or ``--db``) with
   the demo region (``cartable-site``: directory, timetables, grades, and the
   pedagogy demo: course spaces, cahier de textes entries, published devoirs),
   gives ``--personnes`` students of the demo collège and their legal
   responsables a known password, and publishes one ordinary Plone Document at
   the site root — the reference page.
2. Serves it with one Zope process (``cartable-start --sans-worker``) and, with
   locust as a library, ``--clients`` users (half students, half parents) log
   in through Plone's login form (the ``__ac`` session cookie, as a browser
   does), then read for ``--duree`` seconds, one phase after the other, with no
   think time (this measures capacity):
   (a) the reference: the stock authenticated view of that Document;
   (b) the agenda page ``@@agenda`` (a parent asks for their child's);
   (c) the agenda JSON ``@agenda``.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_commun import DOCUMENT_REFERENCE, Mesures, connecter, imprimer, instance_demo, mesurer  # noqa: E402

PASSWORD = "bench-agenda-2026"

PREPARE = """
import sys, json, transaction
from AuthEncoding import AuthEncoding
from plone import api
from zope.component.hooks import setSite
from cartable.ops.zope_app import open_app, close_app
from cartable.annuaire.stockage import lire_annuaire
from cartable.pedagogie.agenda.stockage import lire_index
app = open_app(sys.argv[1]); site = app["cartable"]; setSite(site)
annuaire = lire_annuaire(site)
hashed = AuthEncoding.pw_encrypt(sys.argv[2], "SSHA")
wanted = int(sys.argv[3])
college = next(s for s in annuaire.structures.values() if s.type == "CLG")
eleves, parents = [], []
for (genre, code) in sorted(((g, c) for g in ("classe",) for c in annuaire.divisions_de(college.id, g))):
    for ident in sorted(annuaire.eleves(college.id, code)):
        if len(eleves) >= wanted:
            break
        eleve = annuaire.personne(ident)
        legaux = [l.personne for l in eleve.responsables if l.representant_legal]
        if not legaux:
            continue
        parent = annuaire.personne(legaux[0])
        for personne in (eleve, parent):
            personne.mot_de_passe = hashed
            personne.code_activation = None
        eleves.append({"login": eleve.login, "eleve": eleve.id})
        parents.append({"login": parent.login, "eleve": eleve.id})
""" + DOCUMENT_REFERENCE + """index = lire_index(site[college.uai.lower()])
travaux = len(index.cles) if index is not None else 0
transaction.commit(); close_app(app)
print(json.dumps({"eleves": eleves, "parents": parents, "travaux": travaux}))
"""


def utilisateurs(personnes: list[dict], site_path: str, mesures: Mesures, clients: int):
    file = list(personnes)
    random.Random(7).shuffle(file)
    rang = itertools.count()

    class Lecteur(FastHttpUser):
        wait_time = constant(0)
        fixed_count = clients

        def on_start(self):
            self.personne = file[next(rang) % len(file)]  # students and parents alternate
            connecter(self.client, site_path, self.personne["login"], PASSWORD)
            # warm-up, not measured: every page once, so that no phase pays for the first compilations
            eleve = self.personne["eleve"]
            for chemin in ("reference", f"@@agenda?eleve={eleve}", f"@agenda?eleve={eleve}"):
                self.client.get(f"{site_path}/{chemin}", headers={"Accept": "application/json" if chemin.startswith("@a")
                                                                     else "text/html"}, name="echauffement")

        @task
        def lire(self):
            phase = mesures.phase  # the request is counted in the phase it started in
            if phase is None:
                gevent.sleep(0.05)
                return
            eleve = self.personne["eleve"]
            if phase == PHASES[0]:
                chemin, entete = f"{site_path}/reference", "text/html"
            elif phase == PHASES[1]:
                chemin, entete = f"{site_path}/@@agenda?eleve={eleve}", "text/html"
            else:
                chemin, entete = f"{site_path}/@agenda?eleve={eleve}", "application/json"
            with self.client.get(chemin, headers={"Accept": entete}, name=phase, catch_response=True) as reponse:
                if reponse.status_code != 200:
                    reponse.failure(f"HTTP {reponse.status_code}")
                elif entete == "application/json" and "jours" not in (reponse.text or ""):
                    reponse.failure("réponse sans agenda")
                elif phase == PHASES[1] and "data-travail" not in (reponse.text or ""):
                    reponse.failure("page sans travail à faire")

    return [Lecteur]


PHASES = ("(a) Document Plone (référence)", "(b) agenda HTML @@agenda", "(c) agenda JSON @agenda")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent users (half students, half parents)")
    parser.add_argument("--duree", type=float, default=30, help="seconds per phase")
    parser.add_argument("--personnes", type=int, default=60, help="students of the demo collège given a password (and a parent each)")
    parser.add_argument("--db", help="postgresql://… (an empty database); default: SQLite in a temporary folder")
    parser.add_argument("--port", type=int, default=8197)
    args = parser.parse_args(argv)
    mesures = Mesures(PHASES)
    with instance_demo("cartable-bench-agenda-", args.port, args.db, PREPARE, PASSWORD, args.personnes,
                       annonce="préparation : région de démonstration, espaces de cours, agendas…") as (host, prepare):
        personnes = [p for paire in zip(prepare["eleves"], prepare["parents"]) for p in paire]
        print(f"mesure : {args.clients} clients, {len(PHASES)} phases de {args.duree:.0f} s…", file=sys.stderr, flush=True)
        durees = mesurer(host, utilisateurs(personnes, "/cartable", mesures, args.clients), mesures, args.clients, args.duree,
                         echauffement=10)  # everybody logged in and warmed up before the first phase
    base = "PostgreSQL" if args.db else "SQLite"
    return imprimer(f"Sunday-evening benchmark — demo region, {len(personnes)} accounts ({prepare['travaux']} travaux indexed "
                    f"in the collège), {args.clients} clients, {args.duree:.0f} s per phase, 1 Zope process, {base}, "
                    f"{os.cpu_count()} cores", mesures, durees)


if __name__ == "__main__":
    sys.exit(main())
