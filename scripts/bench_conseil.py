"""The council week as the teachers make it, replayed from the browser: log in, type appreciations in the grade
grid, then the council page where the professeur principal types the general appreciations.

    .venv/bin/python scripts/bench_conseil.py [--clients 8] [--duree 30] [--db postgresql://…] [--par-etape]

1. Creates a fresh instance (SQLite in a temporary folder, or ``--db``) with the demo region (``cartable-site``:
   loaded for the server's day, Paris time), gives a known password to every professeur principal of the demo
   collège who teaches a subject in their class, and publishes one ordinary Plone Document at the site root — the
   reference page. The period is the latest begun and not closed on the server's day (teachers may still write).
2. Serves it with one Zope process (``cartable-start --sans-worker``) and, with locust as a library, ``--clients``
   of those teachers who, with no think time, do what the pages' scripts do (static resources are cached by a
   browser: not fetched):
   (1) the login form and its POST (Plone's ``__ac`` session cookie; a new session each journey);
   (2) the grade grid: ``@@saisie-notes?division=&matiere=&periode=`` (its HTML), then the grid as saisie_notes.js
       reads it (``GET @saisie-notes``);
   (3) three appreciations typed, each one batch of the outbox as saisie_notes.js sends it 1.5 s after the last
       keystroke: ``POST @saisie-notes {"cellules": [], "appreciations": [{periode, division, matiere, eleve,
       texte, base}]}`` with an ``Idempotency-Key``; the text changes every journey, so each one writes;
   (4) the council page: ``@@conseil-de-classe?division=&periode=`` (its HTML), then ``GET @conseil`` as
       conseil_de_classe.js reads it;
   (5) two general appreciations, each one batch as conseil_de_classe.js sends it: ``POST @conseil {division,
       periode, decisions: [], appreciations_generales: [{eleve, texte}]}``.
   Then, as references in the same run: (a) the same clients read the stock authenticated view of the Document;
   (b) after the server stops, a bare RelStorage commit of the same writes (SQLite, history-free, one transaction
   per appreciation, as many threads as clients: the appreciation and the idempotency record written in
   OOBTrees) — on SQLite even with ``--db``.
3. Prints one line per request (requests, errors, req/s, p50/p95/p99 ms), the journeys per second, the conflicts
   and the **server's CPU per journey** (user + system time of the Zope process from /proc over the phase, divided
   by the journeys completed), next to the Document view's CPU per request, the bare commit's rate, and the load
   average. Nothing is asserted.
4. With ``--par-etape``, then each step alone for ``--duree`` seconds (each client logged in once): its
   throughput against the Document view's, its latencies and its server CPU.

``--zodb N`` measures no server: ``--clients`` threads, each a professeur principal with their own class and
subject, make N saves in all through ``cartable.notes.saisie.enregistrer`` (3 in 5, an appreciation) and
``cartable.notes.conseil.enregistrer`` (2 in 5, a general appreciation) on one carnet whose T1 already has the
appreciations of 8 classes × 8 subjects, on RelStorage SQLite (history-free) and on FileStorage, each save
retried 3 times on a ConflictError as Zope does; it prints the saves, the conflicts, the saves still in
conflict after the retries (Zope's 500) and any other error the commit raised. The code is the one on
``PYTHONPATH`` (an older commit's ``src`` to compare).
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_commun import (  # noqa: E402
    DOCUMENT_REFERENCE,
    Parcoureur,
    Releve,
    commit_nu,
    envoyer,
    imprimer_parcours,
    instance_demo,
    lire,
    mesurer_parcours,
)

PASSWORD = "bench-conseil-2026"

PREPARE = """
import sys, json, transaction
from AuthEncoding import AuthEncoding
from plone import api
from zope.component.hooks import setSite
from cartable.core import horloge
from cartable.ops.zope_app import open_app, close_app
from cartable.annuaire.stockage import lire_annuaire
from cartable.notes.evaluations import cloturee
from cartable.notes.stockage import lire_carnet
app = open_app(sys.argv[1]); site = app["cartable"]; setSite(site)
annuaire = lire_annuaire(site)
hashed = AuthEncoding.pw_encrypt(sys.argv[2], "SSHA")
college = next(s for s in annuaire.structures.values() if s.type == "CLG")
etab = site[college.uai.lower()]
carnet = lire_carnet(etab)
jour = horloge.aujourd_hui()  # the server's day (Paris), not the machine's
ouvertes = [p for p in sorted(carnet.periodes.values(), key=lambda p: p["du"]) if p["du"] <= jour and not cloturee(carnet, p["code"])]
periode = ouvertes[-1]["code"] if ouvertes else None
comptes = []
for code in sorted(annuaire.divisions_de(college.id, "classe")) if periode else ():
    eleves = sorted(annuaire.eleves(college.id, code))[:3]
    for ident in sorted(annuaire.principaux.get((college.id, code)) or ()):
        personne = annuaire.personne(ident)
        matieres = sorted(m for s, d, m in personne.enseignements if (s, d) == (college.id, code))
        if not matieres or len(eleves) < 3:
            continue
        personne.mot_de_passe = hashed
        personne.code_activation = None
        comptes.append({"login": personne.login, "nom": personne.nom_complet, "division": code, "matiere": matieres[0],
                        "eleves": eleves})
""" + DOCUMENT_REFERENCE + """transaction.commit(); close_app(app)
print(json.dumps({"etab": college.uai.lower(), "periode": periode, "enseignants": comptes, "jour": jour.isoformat()}))
"""

ETAPES = ("(1) connexion", "(2) grille", "(3) appréciations", "(4) conseil", "(5) appréciations générales")
NOMS = (ETAPES[0], "(2) page @@saisie-notes", "(2) GET @saisie-notes", "(3) POST @saisie-notes", "(4) page @@conseil-de-classe",
        "(4) GET @conseil", "(5) POST @conseil")
TEXTES = ("Travail sérieux et régulier, continuez ainsi.", "Des progrès ce trimestre ; la participation doit suivre.",
          "Ensemble satisfaisant, mais le travail personnel reste à approfondir.")

# the bare commit of the same writes: one appreciation and its idempotency record, one transaction each
ECRITURE_NUE = """
donnees = root["donnees"]
donnees[("T", "FRANC", "eleve-%d" % (i % 90))] = {"division": "3A", "texte": "Travail sérieux %d" % i, "par": "prof",
                                                   "le": "2026-12-03T20:00:00"}
donnees[("idem", "prof", "cle-%d" % i)] = {"statut": 200, "reponse": {"appreciations": [{"statut": "enregistre"}]}}
"""


ZODB_CONCURRENTE = """
import collections, sys, tempfile, threading
from datetime import date, datetime
from types import SimpleNamespace
import transaction
from ZODB import DB
from ZODB.FileStorage import FileStorage
from ZODB.POSException import ConflictError
from cartable.core import horloge
from cartable.notes import conseil, saisie
from cartable.notes.registre import Carnet

genre, n, clients = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
horloge.figer(datetime(2026, 11, 17, 10, 0), avancer=True)
CLASSES = {f"C{c}": [f"e{c}{k:02d}" for k in range(28)] for c in range(max(clients, 8))}
MATIERES = [f"M{m}" for m in range(max(clients, 8))]
class Annuaire:
    principaux = {}
    def eleves(self, structure, division):
        return list(CLASSES[division])
dossier = tempfile.mkdtemp(prefix="cartable-conseil-zodb-")
if genre == "filestorage":
    db = DB(FileStorage(dossier + "/notes.fs"))
else:
    from relstorage.adapters.sqlite.adapter import Sqlite3Adapter
    from relstorage.options import Options
    from relstorage.storage import RelStorage
    options = Options(keep_history=False)
    db = DB(RelStorage(Sqlite3Adapter(dossier, {}, options=options), options=options))
with db.transaction() as conn:
    carnet = conn.root()["carnet"] = Carnet()
    carnet.periodes["T1"] = {"code": "T1", "libelle": "T1", "du": date(2026, 9, 1), "au": date(2026, 11, 30), "cloture": None}
    for division in list(CLASSES)[:8]:
        for matiere in MATIERES[:8]:
            for eleve in CLASSES[division]:
                carnet.appreciations[("T1", matiere, eleve)] = {"division": division, "texte": "Démo.", "par": "demo",
                                                                "le": "2026-11-28T18:00:00"}
compte = collections.Counter(); numeros = iter(range(n)); verrou = threading.Lock()
def travailler(w):
    division, matiere = f"C{w}", MATIERES[w]
    lecteur = SimpleNamespace(admin=True, login=f"pp{w}", personne=None)
    conn = db.open(transaction_manager=transaction.TransactionManager()); tm = conn.transaction_manager
    while True:
        with verrou:
            i = next(numeros, None)
        if i is None:
            break
        eleve = CLASSES[division][i % 3]
        for essai in range(4):
            try:
                tm.begin(); carnet = conn.root()["carnet"]
                if i % 5 < 3:
                    saisie.enregistrer(carnet, Annuaire(), lecteur, "etab", {"cellules": [], "appreciations": [
                        {"periode": "T1", "division": division, "matiere": matiere, "eleve": eleve, "texte": f"t{i}",
                         "base": ""}]}, f"cle-{i}")
                else:
                    conseil.enregistrer(carnet, Annuaire(), lecteur, "etab", {"division": division, "periode": "T1",
                        "decisions": [], "appreciations_generales": [{"eleve": eleve, "texte": f"g{i}"}]})
                tm.commit(); compte["saves"] += 1; break
            except ConflictError:
                tm.abort(); compte["conflicts"] += 1
                if essai == 3:
                    compte["still in conflict after 3 retries"] += 1
            except Exception as exc:
                tm.abort(); compte[type(exc).__name__] += 1; break
    conn.close()
fils = [threading.Thread(target=travailler, args=(w,)) for w in range(clients)]
for f in fils: f.start()
for f in fils: f.join()
db.close()
print(dict(compte))
"""


def zodb_concurrente(n, clients):
    """The ZODB-level council (``--zodb``): {storage: counts}, each in a process of its own (no gevent patching)."""
    import ast
    import subprocess

    resultats = {}
    for genre in ("relstorage-sqlite", "filestorage"):
        sortie = subprocess.run([sys.executable, "-c", ZODB_CONCURRENTE, genre, str(n), str(clients)], check=True,
                                capture_output=True, text=True).stdout.strip().splitlines()[-1]
        resultats[genre] = ast.literal_eval(sortie)
    return resultats


def utilisateurs(donnees, releve: Releve, clients: int):
    etab, periode = f"/cartable/{donnees['etab']}", donnees["periode"]
    tours = itertools.count()

    class Enseignant(Parcoureur):
        fixed_count = clients
        comptes = donnees["enseignants"]
        mot_de_passe = PASSWORD
        etapes = ETAPES

        def faire(self, etape, client):
            moi = self.moi
            division, matiere = moi["division"], moi["matiere"]
            if etape == ETAPES[1]:
                params = {"division": division, "matiere": matiere, "periode": periode}
                if lire(client, f"{etab}/@@saisie-notes", NOMS[1], attendu='id="saisie"', params=params):
                    self.grille = {}
                    try:
                        grille = json.loads(lire(client, f"{etab}/@saisie-notes", NOMS[2], accept="application/json",
                                                 params=params) or "{}")
                        self.grille = {e: a.get("texte", "") for e, a in (grille.get("appreciations") or {}).items()}
                    except ValueError:
                        pass
            elif etape == ETAPES[2]:
                n = next(tours)
                for rang, eleve in enumerate(moi["eleves"]):
                    texte = f"{TEXTES[(n + rang) % len(TEXTES)]} ({n})"
                    base = getattr(self, "grille", {}).get(eleve, "")
                    reponse = envoyer(client, f"{etab}/@saisie-notes", NOMS[3], {"cellules": [], "appreciations": [
                        {"periode": periode, "division": division, "matiere": matiere, "eleve": eleve, "texte": texte,
                         "base": base}]})
                    if reponse:
                        self.grille = {**getattr(self, "grille", {}), eleve: texte}
            elif etape == ETAPES[3]:
                params = {"division": division, "periode": periode}
                if lire(client, f"{etab}/@@conseil-de-classe", NOMS[4], attendu='id="conseil"', params=params):
                    lire(client, f"{etab}/@conseil", NOMS[5], accept="application/json", params=params)
            else:
                n = next(tours)
                for rang, eleve in enumerate(moi["eleves"][:2]):
                    envoyer(client, f"{etab}/@conseil", NOMS[6], {
                        "division": division, "periode": periode, "decisions": [],
                        "appreciations_generales": [{"eleve": eleve, "texte": f"{TEXTES[(n + rang) % len(TEXTES)]} ({n})"}]})

    Enseignant.releve = releve
    return [Enseignant]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="teachers at once")
    parser.add_argument("--duree", type=float, default=30, help="seconds per phase")
    parser.add_argument("--db", help="postgresql://… (an empty database); default: SQLite in a temporary folder")
    parser.add_argument("--port", type=int, default=8195)
    parser.add_argument("--journal", help="a folder where the server's logs are copied when it stops")
    parser.add_argument("--zodb", type=int, metavar="N",
                        help="no server: N saves by --clients threads at the ZODB level (see the docstring)")
    parser.add_argument("--par-etape", action="store_true",
                        help="then each step alone for --duree seconds: its throughput, latencies and server CPU")
    args = parser.parse_args(argv)
    if args.zodb:
        code = os.environ.get("PYTHONPATH") or "this checkout"
        for genre, compte in zodb_concurrente(args.zodb, args.clients).items():
            print(f"{genre:18} {args.clients} threads, {args.zodb} saves, code {code}: {compte}")
        return 0
    releve = Releve()
    etapes = ETAPES if args.par_etape else ()
    with instance_demo("cartable-bench-conseil-", args.port, args.db, PREPARE, PASSWORD,
                       annonce="préparation : région de démonstration, comptes des professeurs principaux…", pid=True,
                       journal=args.journal) as (host, donnees, pid):
        if not donnees["enseignants"]:
            print("aucun professeur principal enseignant dans sa classe, ou aucune période ouverte", file=sys.stderr)
            return 1
        print(f"mesure : {args.clients} clients, {2 + len(etapes)} phases de {args.duree:.0f} s…", file=sys.stderr, flush=True)
        resultats = mesurer_parcours(host, utilisateurs(donnees, releve, args.clients), releve, args.clients, args.duree, pid,
                                     reference=Parcoureur.reference, etapes=etapes)
    ecritures = 5 * max(resultats["parcours"][3], 1)  # as many as the journeys wrote (3 + 2 each), 200 at least
    print("référence : commit RelStorage nu…", file=sys.stderr, flush=True)
    debit_nu, _, conflits_nu = commit_nu(ECRITURE_NUE, max(ecritures, 200), args.clients)
    base = "PostgreSQL" if args.db else "SQLite"
    code = os.environ.get("PYTHONPATH") or "this checkout"
    retour = imprimer_parcours(
        f"Council benchmark — demo collège, {len(donnees['enseignants'])} professeurs principaux, period "
        f"{donnees['periode']} (server's day {donnees['jour']}), {args.clients} clients, {args.duree:.0f} s per phase, "
        f"1 Zope process, {base}, code: {code}", resultats, NOMS, reference=Parcoureur.reference, etapes=etapes)
    duree, _, requetes, _, _ = resultats["parcours"]
    posts = sum(1 for r in requetes if r.endpoint in (NOMS[3], NOMS[6]) and not r.erreur)
    print(f"writes: {posts / duree:.1f} appreciations saved/s in the journeys; bare RelStorage commit of the same writes "
          f"(SQLite, {args.clients} threads): {debit_nu:.0f} commits/s, {conflits_nu} conflicts "
          f"(Cartable = {posts / duree / debit_nu:.3f}× the bare commit)")
    return retour


if __name__ == "__main__":
    sys.exit(main())
