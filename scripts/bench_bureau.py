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
   seconds each, with no think time (this measures capacity):
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
from locust.contrib.fasthttp import FastHttpSession  # noqa: E402
from locust.env import Environment  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from charge_resultats import Requete, resumer, tableau  # noqa: E402

BIN = Path(sys.executable).parent
PASSWORD = "bench-bureau-2026"

PREPARE = """
import sys, json, transaction
from AuthEncoding import AuthEncoding
from plone import api
from zope.component.hooks import setSite
from cartable.ops.zope_app import open_app, close_app
from cartable.annuaire.stockage import lire_annuaire
app = open_app(sys.argv[1]); site = app["cartable"]; setSite(site)
annuaire = lire_annuaire(site)
hashed = AuthEncoding.pw_encrypt(sys.argv[2], "SSHA")
wanted = int(sys.argv[3])
college = next(s for s in annuaire.structures.values() if s.type == "CLG")
parents, enseignants = [], set()
for code in sorted(annuaire.divisions_de(college.id, "classe")):
    enseignants.update(annuaire.enseignants_division.get((college.id, code), ()))
    for ident in sorted(annuaire.eleves(college.id, code)):
        if len(parents) >= wanted:
            break
        eleve = annuaire.personne(ident)
        legaux = [l.personne for l in eleve.responsables if l.representant_legal]
        if legaux and legaux[0] not in {p["id"] for p in parents}:
            parents.append({"id": legaux[0]})
comptes = {"parents": [], "enseignants": []}
for genre, idents in (("parents", [p["id"] for p in parents]), ("enseignants", sorted(enseignants))):
    for ident in idents:
        personne = annuaire.personne(ident)
        personne.mot_de_passe = hashed
        personne.code_activation = None
        comptes[genre].append({"login": personne.login, "nom": personne.nom_complet})
with api.env.adopt_roles(["Manager"]):
    if "reference" not in site.objectIds():
        doc = api.content.create(container=site, type="Document", id="reference", title="Rentrée : informations aux familles",
                                 description="Le document de référence du banc d'essai.")
        from plone.app.textfield.value import RichTextValue
        doc.text = RichTextValue("<p>" + "Informations pratiques pour la semaine. " * 40 + "</p>", "text/html", "text/x-html-safe")
        api.content.transition(obj=doc, transition="publish")
transaction.commit(); close_app(app)
print(json.dumps(comptes))
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


def connecter(client, site_path, login):
    """As a browser: the login form's hidden fields (its CSRF token) go back with the credentials."""
    formulaire = client.get(f"{site_path}/login", name="connexion").text or ""
    champs = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', formulaire))
    reponse = client.post(f"{site_path}/login", data={
        **champs, "__ac_name": login, "__ac_password": PASSWORD, "buttons.login": "Se connecter",
    }, name="connexion", allow_redirects=False)
    if not any(c.name == "__ac" for c in client.cookiejar):
        raise RuntimeError(f"connexion refusée pour {login} ({reponse.status_code})")


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
            connecter(self.client, site_path, self.parent["login"])
            connecter(self.client_enseignant, site_path, self.enseignant["login"])
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


def mesurer(host: str, site_path: str, comptes: dict, clients: int, duree: float) -> tuple[Mesures, dict]:
    mesures = Mesures()
    env = Environment(user_classes=utilisateurs(comptes, site_path, mesures, clients), host=host, events=events,
                      catch_exceptions=True)
    env.events.request.add_listener(mesures.noter)
    runner = env.create_local_runner()
    runner.start(clients, spawn_rate=clients)
    gevent.sleep(15)  # everybody logged in and warmed up before the first phase
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
    parser.add_argument("--clients", type=int, default=8, help="concurrent users (each a parent and a teacher)")
    parser.add_argument("--duree", type=float, default=30, help="seconds per phase")
    parser.add_argument("--personnes", type=int, default=40, help="parents of the demo collège given a password (and every teacher)")
    parser.add_argument("--db", help="postgresql://… (an empty database); default: SQLite in a temporary folder")
    parser.add_argument("--port", type=int, default=8197)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cartable-bench-bureau-") as tmp:
        tmp = Path(tmp)
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("CARTABLE_")},
               "CARTABLE_VAR": str(tmp / "var"), "CARTABLE_THREADS": "6"}
        if args.db:
            env["CARTABLE_DB"] = args.db
        conf = tmp / "etc" / "zope.conf"

        def etape(*commande):
            return subprocess.run([str(c) for c in commande], env=env, check=True, capture_output=True, text=True)

        print("préparation : région de démonstration, comptes des parents et des enseignants…", file=sys.stderr, flush=True)
        etape(BIN / "cartable-instance", "--etc", tmp / "etc", "--var", tmp / "var", "--port", args.port)
        etape(BIN / "cartable-site", "--zope-conf", conf)
        comptes = json.loads(etape(sys.executable, "-c", PREPARE, conf, PASSWORD, args.personnes).stdout.strip().splitlines()[-1])
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
            mesures, durees = mesurer(host, "/cartable", comptes, args.clients, args.duree)
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
    print(f"\nMon bureau benchmark — demo region, {len(comptes['parents'])} parents and {len(comptes['enseignants'])} teachers "
          f"of the collège, {args.clients} clients, {args.duree:.0f} s per phase, 1 Zope process, {base}, {os.cpu_count()} cores")
    print(tableau(list(lignes.values())))
    for (phase, quoi), nombre in sorted(mesures.erreurs.items()):
        print(f"erreur {phase} : {quoi} ×{nombre}")
    for phase in PHASES[1:]:
        print(f"{phase} : {lignes[phase].par_seconde / reference:.1f}× the reference's throughput")
    return 0


if __name__ == "__main__":
    sys.exit(main())
