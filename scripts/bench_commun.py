"""What the page benchmarks share (bench_agenda.py, bench_bureau.py): a fresh demo instance served by one Zope
process, locust users logged in through Plone's form, phases measured one after the other, one table.

The caller patches gevent first (``from gevent import monkey; monkey.patch_all()``) and brings its own
preparation script (run with the instance's zope.conf, the password and its own arguments; its last line of
output is JSON), its users and its phases. The first phase is the reference every other is compared with.
"""

import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import gevent
import requests
from locust import events
from locust.env import Environment

sys.path.insert(0, str(Path(__file__).resolve().parent))
from charge_resultats import Requete, resumer, tableau  # noqa: E402

BIN = Path(sys.executable).parent

# The reference page of every page benchmark: one published Plone Document at the site root. Each preparation
# script's text includes these lines, with ``site`` set and plone.api imported.
DOCUMENT_REFERENCE = """with api.env.adopt_roles(["Manager"]):
    if "reference" not in site.objectIds():
        doc = api.content.create(container=site, type="Document", id="reference", title="Rentrée : informations aux familles",
                                 description="Le document de référence du banc d'essai.")
        from plone.app.textfield.value import RichTextValue
        doc.text = RichTextValue("<p>" + "Informations pratiques pour la semaine. " * 40 + "</p>", "text/html", "text/x-html-safe")
        api.content.transition(obj=doc, transition="publish")
"""


class Mesures:
    """Every request of the run, tagged with the phase it belongs to."""

    def __init__(self, phases):
        self.phases = tuple(phases)
        self.phase = None
        self.requetes: list[Requete] = []
        self.erreurs: dict[tuple[str, str], int] = {}  # (phase, what went wrong) → how many

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


def connecter(client, site_path, login, password, nom="connexion"):
    """As a browser: the login form's hidden fields (its CSRF token) go back with the credentials (both requests
    reported under ``nom``)."""
    formulaire = client.get(f"{site_path}/login", name=nom).text or ""
    champs = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', formulaire))
    reponse = client.post(f"{site_path}/login", data={
        **champs, "__ac_name": login, "__ac_password": password, "buttons.login": "Se connecter",
    }, name=nom, allow_redirects=False)
    if not any(c.name == "__ac" for c in client.cookiejar):
        raise RuntimeError(f"connexion refusée pour {login} ({reponse.status_code})")


def mesurer(host, classes, mesures, clients, duree, echauffement):
    """Each phase of ``mesures`` for ``duree`` seconds, after ``echauffement`` seconds for the logins and warm-up;
    → {phase: its measured duration}."""
    env = Environment(user_classes=classes, host=host, events=events, catch_exceptions=True)
    env.events.request.add_listener(mesures.noter)
    runner = env.create_local_runner()
    runner.start(clients, spawn_rate=clients)
    gevent.sleep(echauffement)
    durees = {}
    for phase in mesures.phases:
        mesures.phase = phase
        debut = time.monotonic()
        gevent.sleep(duree)
        durees[phase] = time.monotonic() - debut
        mesures.phase = None
        gevent.sleep(1)  # the requests in flight finish outside any phase
    runner.quit()
    for erreur in runner.exceptions.values():  # a user that could not log in or warm up measures nothing
        print(f"exception ×{erreur['count']} : {erreur['msg']}", file=sys.stderr)
    return durees


@contextlib.contextmanager
def instance_demo(prefixe, port, db, preparation, *arguments, annonce="préparation : région de démonstration…", pid=False):
    """A fresh instance with the demo region (SQLite in a temporary folder, or ``db``), the preparation script run
    on it, then served by one Zope process: yields (host, what the preparation printed, as JSON), and with
    ``pid=True`` the server's process id too (its CPU time is read in /proc)."""
    with tempfile.TemporaryDirectory(prefix=prefixe) as tmp:
        tmp = Path(tmp)
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("CARTABLE_")},
               "CARTABLE_VAR": str(tmp / "var"), "CARTABLE_THREADS": "6"}
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
    print(tableau(list(lignes.values())))
    for phase in mesures.phases[1:]:
        print(f"{phase} : {lignes[phase].par_seconde / reference:.1f}× the reference's throughput")
    return 0
