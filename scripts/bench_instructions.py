"""Mon bureau in instructions: what a page costs the server, counted by valgrind, the same from run to run.

    .venv/bin/python scripts/bench_instructions.py [--pages 4] [--comptes 5] [--avant /tmp/avant/src]

Why: on these shared machines the same page's CPU time moves by ±20 % from one run to the next, and a
throughput benchmark (bench_bureau.py) cannot tell a 10 % change from the noise. Callgrind counts the
instructions the process executes (not seconds): the same code, data and inputs give the same count to
a tenth of a percent, whatever else the machine is doing.

1. Builds a fresh instance with the demo region (SQLite in a temporary folder) and Mon bureau's accounts
   and reference Document (``preparations.py``, as bench_bureau.py).
2. For each page — (a) the stock authenticated view of the published Document (the reference),
   (b) a parent's Mon bureau, (c) a teacher's — starts one Python under ``valgrind --tool=callgrind`` with
   the counting off; it loads the instance's WSGI pipeline in-process (``zope.ini``: the access log, the
   headers' filter, the fast lane, Zope), logs ``--comptes`` accounts in through the login form, reads each
   page three times (warm: templates compiled, objects loaded), collects the garbage and turns the
   collector off, then counts ``--pages`` requests of each account, each a complete WSGI call with the
   session cookie. The collector is off while counting: when a collection falls in the window depends on
   the allocations before it, and it would add millions of instructions to one side of a comparison.
3. Prints the instructions per page and each page's ratio to the reference's. With ``--avant DIR`` (the
   ``src`` folder of another checkout, e.g. ``git worktree add /tmp/avant <commit>``), (b) and (c) are
   counted on that code too, in the same run, on the same instance, and the change is printed.

What it does not measure: waitress (its share was 4 % of a parent's page, counted by running the server
under callgrind), the time lost to the GIL between threads, the database's own process. Nothing is asserted.
The three pages run two at a time (two cores); valgrind is about fifty times slower than the page.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from preparations import BUREAU_PASSWORD, BUREAU_PREPARE  # noqa: E402

BIN = Path(sys.executable).parent

COMPTER = r"""
import gc, io, json, os, re, subprocess, sys, logging
ini, comptes_json, qui, pages, nombre = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
from paste.deploy import loadapp
import webtest
app = loadapp(f"config:{ini}", name="main")
logging.getLogger("wsgi").setLevel(logging.WARNING)  # the access log's console copy
comptes = json.loads(comptes_json)
comptes = (comptes["enseignants"] if qui == "enseignant" else comptes["parents"])[:nombre]
cookies = []
for compte in comptes:
    t = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost:8080"})
    form = t.get("/cartable/login").text
    fields = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))
    t.post("/cartable/login", {**fields, "__ac_name": compte["login"], "__ac_password": os.environ["MOT_DE_PASSE"],
                                "buttons.login": "Se connecter"})
    cookies.append((t.cookies["__ac"], compte["nom"]))
chemin, attendu = ("/cartable/reference", "Informations pratiques") if qui == "reference" else ("/cartable", None)

def page(cookie, nom):
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": chemin, "QUERY_STRING": "", "SERVER_NAME": "localhost",
               "SERVER_PORT": "8080", "HTTP_HOST": "localhost:8080", "HTTP_ACCEPT": "text/html",
               "HTTP_COOKIE": f'__ac="{cookie}"', "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
               "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr, "wsgi.url_scheme": "http", "wsgi.version": (1, 0),
               "wsgi.multithread": True, "wsgi.multiprocess": False, "wsgi.run_once": False}
    statut = []
    corps = b"".join(app(environ, lambda s, h, e=None: statut.append(s)))
    if not statut[0].startswith("200") or (attendu or nom).encode() not in corps:
        raise SystemExit(f"{qui}: {statut[0]}, page sans le contenu attendu")

for cookie, nom in cookies:
    for _ in range(3):
        page(cookie, nom)
gc.collect()
gc.disable()
subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], check=True, capture_output=True)
for cookie, nom in cookies:
    for _ in range(pages):
        page(cookie, nom)
subprocess.run(["callgrind_control", "-i", "off", str(os.getpid())], check=True, capture_output=True)
print(json.dumps({"pages": pages * len(cookies)}))
"""

PAGES = (("reference", "(a) Document Plone (référence)"), ("parent", "(b) Mon bureau d'un parent"),
         ("enseignant", "(c) Mon bureau d'un enseignant"))


def compter(dossier, env, qui, comptes, pages, nombre, src=None):
    """Instructions per page of ``qui`` (callgrind's total over the counted requests / their number)."""
    sortie = dossier / f"callgrind.{qui}.{'avant' if src else 'ici'}"
    env = {**env, "MOT_DE_PASSE": BUREAU_PASSWORD}
    if src:
        env["PYTHONPATH"] = src
    fait = subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={sortie}",
                           sys.executable, "-c", COMPTER, str(dossier / "etc" / "zope.ini"), json.dumps(comptes), qui,
                           str(pages), str(nombre)], env=env, capture_output=True, text=True)
    if fait.returncode != 0:
        raise SystemExit(f"{qui} : échec\n{fait.stdout[-2000:]}\n{fait.stderr[-2000:]}")
    compte = json.loads(fait.stdout.strip().splitlines()[-1])["pages"]
    totaux = [ligne for ligne in sortie.read_text().splitlines() if ligne.startswith("totals:")]
    return int(totaux[0].split()[1]) / compte


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=4, help="pages counted per account")
    parser.add_argument("--comptes", type=int, default=5, help="accounts of each kind (parents, teachers)")
    parser.add_argument("--avant", help="the src folder of another checkout: (b) and (c) counted on that code too")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cartable-bench-instructions-") as tmp:
        dossier = Path(tmp)
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("CARTABLE_")}, "CARTABLE_VAR": str(dossier / "var")}
        etape = lambda *c: subprocess.run([str(x) for x in c], env=env, check=True, capture_output=True, text=True)  # noqa: E731
        print("préparation : région de démonstration, comptes, document de référence…", file=sys.stderr, flush=True)
        etape(BIN / "cartable-instance", "--etc", dossier / "etc", "--var", dossier / "var", "--port", "8080")
        conf = dossier / "etc" / "zope.conf"
        etape(BIN / "cartable-site", "--zope-conf", conf)
        comptes = json.loads(etape(sys.executable, "-c", BUREAU_PREPARE, conf, BUREAU_PASSWORD, 40).stdout.strip().splitlines()[-1])
        travaux = [(qui, None) for qui, _ in PAGES] + ([(qui, args.avant) for qui, _ in PAGES[1:]] if args.avant else [])
        print(f"comptage : {len(travaux)} processus sous callgrind, deux à la fois…", file=sys.stderr, flush=True)
        with ThreadPoolExecutor(max_workers=2) as pool:
            resultats = dict(zip(travaux, pool.map(lambda t: compter(dossier, env, t[0], comptes, args.pages, args.comptes, t[1]),
                                                    travaux)))
    reference = resultats[("reference", None)]
    print(f"Mon bureau in instructions — demo region, {args.comptes} accounts × {args.pages} pages each, "
          "the WSGI pipeline in-process, garbage collector off while counting")
    print(f"{'page':34} {'instructions/page':>18} {'× reference':>12}" + (f" {'avant':>14} {'change':>8}" if args.avant else ""))
    for qui, nom in PAGES:
        ici = resultats[(qui, None)]
        ligne = f"{nom:34} {ici / 1e6:>16.2f} M {reference / ici:>11.2f}×"
        if args.avant and (qui, args.avant) in resultats:
            avant = resultats[(qui, args.avant)]
            ligne += f" {avant / 1e6:>12.2f} M {(ici - avant) / avant * 100:>+7.1f} %"
        print(ligne)
    return 0


if __name__ == "__main__":
    sys.exit(main())
