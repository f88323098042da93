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
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
import requests  # noqa: E402
from locust import FastHttpUser, constant, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from charge_resultats import Requete, resumer, tableau  # noqa: E402

BIN = Path(sys.executable).parent
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
with api.env.adopt_roles(["Manager"]):
    if "reference" not in site.objectIds():
        doc = api.content.create(container=site, type="Document", id="reference", title="Rentrée : informations aux familles",
                                 description="Le document de référence du banc d'essai.")
        from plone.app.textfield.value import RichTextValue
        doc.text = RichTextValue("<p>" + "Informations pratiques pour la semaine. " * 40 + "</p>", "text/html", "text/x-html-safe")
        api.content.transition(obj=doc, transition="publish")
index = lire_index(site[college.uai.lower()])
travaux = len(index.cles) if index is not None else 0
transaction.commit(); close_app(app)
print(json.dumps({"eleves": eleves, "parents": parents, "travaux": travaux}))
"""


class Mesures:
    """Every request of the run, tagged with the phase it belongs to."""

    def __init__(self):
        self.phase = None
        self.requetes: list[Requete] = []
        self.erreurs: dict[tuple[str, str], int] = {}  # (phase, what went wrong) → how many

    def noter(self, request_type, name, response_time, response_length, response=None, context=None, exception=None,
              start_time=None, **_):
        if name not in PHASES:  # the login, and nothing between phases
            return
        statut = getattr(response, "status_code", 0) or 0
        if exception is not None and 200 <= statut < 400:
            statut = 0  # a failed check on a 200 answer counts as an error
        self.requetes.append(Requete(start_time or time.time(), name, name, statut, response_time))
        if exception is not None or not 200 <= statut < 400:
            cle = (name, str(exception or f"HTTP {statut}")[:120])
            self.erreurs[cle] = self.erreurs.get(cle, 0) + 1


def utilisateurs(personnes: list[dict], site_path: str, mesures: Mesures, clients: int):
    file = list(personnes)
    random.Random(7).shuffle(file)
    rang = itertools.count()

    class Lecteur(FastHttpUser):
        wait_time = constant(0)
        fixed_count = clients

        def on_start(self):
            self.personne = file[next(rang) % len(file)]  # students and parents alternate
            # as a browser: the login form's hidden fields (its CSRF token) go back with the credentials
            formulaire = self.client.get(f"{site_path}/login", name="connexion").text or ""
            champs = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', formulaire))
            reponse = self.client.post(f"{site_path}/login", data={
                **champs, "__ac_name": self.personne["login"], "__ac_password": PASSWORD, "buttons.login": "Se connecter",
            }, name="connexion", allow_redirects=False)
            if not any(c.name == "__ac" for c in self.client.cookiejar):
                raise RuntimeError(f"connexion refusée pour {self.personne['login']} ({reponse.status_code})")
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


def mesurer(host: str, site_path: str, personnes: list[dict], clients: int, duree: float) -> tuple[Mesures, dict]:
    mesures = Mesures()
    env = Environment(user_classes=utilisateurs(personnes, site_path, mesures, clients), host=host, events=events,
                      catch_exceptions=True)
    env.events.request.add_listener(mesures.noter)
    runner = env.create_local_runner()
    runner.start(clients, spawn_rate=clients)
    gevent.sleep(10)  # everybody logged in and warmed up before the first phase
    durees = {}
    for phase in PHASES:
        mesures.phase = phase
        debut = time.monotonic()
        gevent.sleep(duree)
        durees[phase] = time.monotonic() - debut
        mesures.phase = None
        gevent.sleep(1)  # the requests in flight finish outside any phase
    runner.quit()
    return mesures, durees


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent users (half students, half parents)")
    parser.add_argument("--duree", type=float, default=30, help="seconds per phase")
    parser.add_argument("--personnes", type=int, default=60, help="students of the demo collège given a password (and a parent each)")
    parser.add_argument("--db", help="postgresql://… (an empty database); default: SQLite in a temporary folder")
    parser.add_argument("--port", type=int, default=8197)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cartable-bench-agenda-") as tmp:
        tmp = Path(tmp)
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("CARTABLE_")},
               "CARTABLE_VAR": str(tmp / "var"), "CARTABLE_THREADS": "6"}
        if args.db:
            env["CARTABLE_DB"] = args.db
        conf = tmp / "etc" / "zope.conf"

        def etape(*commande):
            return subprocess.run([str(c) for c in commande], env=env, check=True, capture_output=True, text=True)

        print("préparation : région de démonstration, espaces de cours, agendas…", file=sys.stderr, flush=True)
        etape(BIN / "cartable-instance", "--etc", tmp / "etc", "--var", tmp / "var", "--port", args.port)
        etape(BIN / "cartable-site", "--zope-conf", conf)
        prepare = json.loads(etape(sys.executable, "-c", PREPARE, conf, PASSWORD, args.personnes).stdout.strip().splitlines()[-1])
        personnes = [p for paire in zip(prepare["eleves"], prepare["parents"]) for p in paire]
        serveur = subprocess.Popen(
            [BIN / "cartable-start", "--etc", tmp / "etc", "--var", tmp / "var", "--port", str(args.port), "--sans-worker"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        host = f"http://127.0.0.1:{args.port}"
        try:
            for _ in range(240):
                try:
                    if requests.get(f"{host}/cartable/@cartable-status", headers={"Accept": "application/json"}, timeout=5).ok:
                        break
                except requests.RequestException:
                    pass
                time.sleep(0.5)
            print(f"mesure : {args.clients} clients, {len(PHASES)} phases de {args.duree:.0f} s…", file=sys.stderr, flush=True)
            mesures, durees = mesurer(host, "/cartable", personnes, args.clients, args.duree)
        finally:
            serveur.terminate()
            serveur.wait(timeout=60)

    lignes = {}
    for phase in PHASES:
        requetes = [r for r in mesures.requetes if r.scenario == phase]
        lignes[phase] = next((l for l in resumer(requetes, durees[phase]) if l.endpoint == phase), None)
        if lignes[phase] is None:
            print(f"{phase} : aucune requête mesurée (voir les erreurs ci-dessus)", file=sys.stderr)
            return 1
    reference = lignes[PHASES[0]].par_seconde or float("nan")
    base = "PostgreSQL" if args.db else "SQLite"
    print(f"\nSunday-evening benchmark — demo region, {len(personnes)} accounts ({prepare['travaux']} travaux indexed in the "
          f"collège), {args.clients} clients, {args.duree:.0f} s per phase, 1 Zope process, {base}, {os.cpu_count()} cores")
    print(tableau(list(lignes.values())))
    for (phase, quoi), nombre in sorted(mesures.erreurs.items()):
        print(f"erreur {phase} : {quoi} ×{nombre}")
    for phase in PHASES[1:]:
        print(f"{phase} : {lignes[phase].par_seconde / reference:.1f}× the reference's throughput")
    return 0


if __name__ == "__main__":
    sys.exit(main())
