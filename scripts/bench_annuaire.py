"""Benchmark: a region of 10⁶ people — the AAF import, again, a 1 % delta, then logins, rosters and searches served.

    .venv/bin/python scripts/bench_annuaire.py [--personnes 1000000] [--db postgresql://root@127.0.0.1:5432/cartable_bench_million]
        [--dossier /tmp/bench-annuaire] [--etapes import,reimport,delta,service] [--clients 8] [--duree 20]

1. Writes a synthetic full AAF set with ``bench_import.ecrire`` (students, 1.9 responsables per student —
   a tenth of the students have one —, a teacher per 12 students, 600 students per establishment), with
   22 classes per establishment (27 students per class), names drawn from the demo region's 140 first names
   and 120 names (``lea.martin`` exists ~60 times among 10⁶ people, not 4,500 times), files cut in parts of
   20,000 records as the AAF sends them, and two CPE and a head per establishment. ``--personnes`` is the
   number of people (students + responsables + staff) asked for.
2. Creates an instance and a site without the demo (``cartable-site --sans-demo``) in ``--dossier`` (kept,
   so that ``--etapes service`` can be run again on it) or a temporary folder; the storage is RelStorage on
   PostgreSQL with ``--db`` (the database is dropped and created again by this script: give it one of your
   own; ``ANALYZE`` runs after each import, as autovacuum would) or on SQLite in that folder.
3. ``import``: ``cartable-import-aaf`` (the real command) on the full set: wall time, records/s per tenth
   of the files (the command's progress lines: a falling rate shows), RSS of the import process (peak and
   per tenth, from /proc) and its CPU time. ``reimport``: the same files again. ``delta``: a delta set, as the
   AAF sends one each night, touching 1 % of the people: half of them modified (a student changes class,
   a responsable their name), a quarter students leaving (``deleteRequest``), a quarter arriving (new
   students, each with two new responsables).
4. ``service``: gives known passwords to a few hundred people of 20 establishments, publishes one Plone
   Document (the reference), serves the instance with one Zope process (``cartable-start --sans-worker``)
   and measures, with ``--clients`` locust users and no think time, one phase after the other for
   ``--duree`` seconds each: the stock authenticated Document view (reference), the login form's POST
   (a new session each time; the form's GET before it is not counted), the REST ``@login``, a class roster
   (``@annuaire-classe`` as a teacher of the class), a parent's children (``@mon-profil``), the people search
   of the establishment (``@annuaire-recherche?type=eleve``, what the CPE desk's and the establishment
   page's search fields call) typed « Prénom Nom » and « Nom Prénom », and the CPE desk (``@@vie-scolaire``).
   Per phase: req/s, p50/p95/p99 and the server's CPU ms per request (its /proc time over the phase).

Prints a table per phase; nothing is asserted; not part of the tests (a 10⁶ run takes an hour or more).
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from xml.sax.saxutils import escape  # noqa: E402

import gevent  # noqa: E402
import requests  # noqa: E402
from locust import FastHttpUser, constant, task  # noqa: E402
from locust.contrib.fasthttp import FastHttpSession  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_commun import DOCUMENT_REFERENCE, Mesures, connecter, mesurer  # noqa: E402
from bench_import import HEAD, _classe, ecrire, requete  # noqa: E402
from charge_resultats import THREADS, resumer, secondes_cpu  # noqa: E402

from cartable.demo.annuaire import NOMS, PRENOMS_FEMMES, PRENOMS_FILLES, PRENOMS_GARCONS, PRENOMS_HOMMES  # noqa: E402

BIN = Path(sys.executable).parent
PASSWORD = "bench-annuaire-2026"
CLASSES_PAR_ETAB = 22  # 600 students per establishment: 27 per class
PAR_FICHIER = 20_000
PRENOMS = PRENOMS_GARCONS + PRENOMS_FILLES + PRENOMS_HOMMES + PRENOMS_FEMMES
PAR_ELEVE = 1 + 1.9 + 1 / 12  # people per student in bench_import.ecrire: the student, 1.9 responsables, 1/12 teacher
FONCTION_CPE = "EDU$EDUCATION$E0030$EDUCATION  (CE ,CPE)"
FONCTION_CHEF = "DIR$DIRECTION$D0010$DIRECTION CHEF D'ETABLISSEMENT"


# -- the files -------------------------------------------------------------------------------------------------


def ecrire_region(dossier: Path, eleves: int) -> int:
    """The full set (bench_import.ecrire, realistic classes and names) and a CPE file; → records."""
    records = ecrire(dossier, eleves, classes_par_etab=CLASSES_PAR_ETAB, prenoms=PRENOMS, noms=NOMS, par_fichier=PAR_FICHIER)
    rnd = random.Random(2)
    nb_etab = max(1, eleves // 600)
    with open(dossier / "BENCH_Complet_PersEducNat_0999.xml", "w", encoding="utf-8") as f:
        f.write(HEAD)
        for i in range(nb_etab):
            etab = str(70000 + i)
            for k, fonction in enumerate((FONCTION_CPE, FONCTION_CPE, FONCTION_CHEF)):
                f.write(requete("PersEducNat", 9_800_000 + 3 * i + k, {
                    "sn": [rnd.choice(NOMS)], "givenName": [rnd.choice(PRENOMS)], "ENTPersonStructRattach": [etab],
                    "ENTPersonFonctions": [f"{etab}${fonction}"]}))
                records += 1
        f.write("</ficAlimMENESR>\n")
    return records


def modification(categorie, ident, attrs):
    body = "".join(
        f'<modification name="{name}" operation="replace">' + "".join(f"<value>{escape(v)}</value>" for v in values) + "</modification>\n"
        for name, values in attrs.items())
    return (f'<modifyRequest><operationalAttributes><attr name="categoriePersonne"><value>{categorie}</value></attr>'
            f"</operationalAttributes>\n<identifier><id>{ident}</id></identifier><modifications>\n{body}</modifications></modifyRequest>\n")


def suppression(categorie, ident):
    return (f'<deleteRequest><operationalAttributes><attr name="categoriePersonne"><value>{categorie}</value></attr>'
            f"</operationalAttributes>\n<identifier><id>{ident}</id></identifier></deleteRequest>\n")


def ecrire_delta(dossier: Path, eleves: int, personnes: int) -> int:
    """A night's delta touching 1 % of ``personnes``: ½ modified, ¼ leaving (students), ¼ arriving (a student and
    two responsables each)."""
    rnd = random.Random(3)
    dossier.mkdir(parents=True, exist_ok=True)
    nb_etab = max(1, eleves // 600)
    touches = max(4, personnes // 100)
    choisis = rnd.sample(range(eleves), touches // 2 + touches // 4)
    modifies, supprimes = choisis[: touches // 2], choisis[touches // 2:]
    nouveaux = max(1, (touches - len(modifies) - len(supprimes)) // 3)  # each arrives with two responsables
    eleve_xml, parent_xml = [], []
    for rang, n in enumerate(modifies):
        if rang % 2:  # a student changes class within their establishment
            etab = str(70000 + n % nb_etab)
            classe = _classe(n + nb_etab, nb_etab, CLASSES_PAR_ETAB)
            eleve_xml.append(modification("Eleve", 1_000_000 + n, {"ENTEleveClasses": [f"{etab}${classe}"]}))
        else:  # a responsable of that student changes name (the first responsable's id: see bench_import.ecrire)
            premier = 5_000_001 + 2 * n - (n + 9) // 10  # responsables written before student n, plus one
            parent_xml.append(modification("PersRelEleve", premier, {"sn": [rnd.choice(NOMS)], "givenName": [rnd.choice(PRENOMS)]}))
    for n in supprimes:
        eleve_xml.append(suppression("Eleve", 1_000_000 + n))
    parent_id = 8_000_000
    for k in range(nouveaux):
        n = eleves + k
        etab = str(70000 + k % nb_etab)
        parents = []
        for _ in range(2):
            parent_id += 1
            parents.append(str(parent_id))
            parent_xml.append(requete("PersRelEleve", parent_id, {"sn": [rnd.choice(NOMS)], "givenName": [rnd.choice(PRENOMS)],
                                                                   "personalTitle": ["M."]}))
        eleve_xml.append(requete("Eleve", 1_000_000 + n, {
            "sn": [rnd.choice(NOMS)], "givenName": [rnd.choice(PRENOMS)], "ENTPersonDateNaissance": ["01/02/2012"],
            "ENTPersonStructRattach": [etab], "ENTEleveClasses": [f"{etab}${_classe(k, nb_etab, CLASSES_PAR_ETAB)}"],
            "ENTElevePersRelEleve": [f"{p}$2$1$1$1$0" for p in parents]}))
    for categorie, lignes in (("Eleve", eleve_xml), ("PersRelEleve", parent_xml)):
        with open(dossier / f"BENCH_Delta_{categorie}_0000.xml", "w", encoding="utf-8") as f:
            f.write(HEAD + "".join(lignes) + "</ficAlimMENESR>\n")
    return len(eleve_xml) + len(parent_xml)


# -- the import, watched -----------------------------------------------------------------------------------------

PROGRES = re.compile(r"\]\s+([\d.]+) % (\d+) enregistrements")


def memoire_ko(pid, champ):
    try:
        for ligne in Path(f"/proc/{pid}/status").read_text().splitlines():
            if ligne.startswith(champ + ":"):
                return int(ligne.split()[1])
    except OSError:
        return None
    return None


def importer(conf, dossier, titre):
    """cartable-import-aaf on ``dossier``, its progress printed per tenth with the rate of that tenth and the
    RSS; → {seconds, records, summary, peak RSS (MB), CPU seconds}."""
    print(f"\n{titre}", flush=True)
    print(f"{'temps s':>8} {'fichiers':>9} {'enregistrements':>16} {'rec/s tranche':>14} {'rec/s cumulé':>13} {'RSS Mo':>8} {'CPU s':>7}", flush=True)
    debut = time.monotonic()
    process = subprocess.Popen([str(BIN / "cartable-import-aaf"), "--zope-conf", str(conf), str(dossier)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    etat = {"pic": 0, "cpu": 0.0, "rss": 0}
    erreurs = []
    precedent = [debut, 0]

    def suivre():
        for ligne in process.stderr:
            match = PROGRES.search(ligne)
            if not match:
                erreurs.append(ligne)
                continue
            maintenant, nombre = time.monotonic(), int(match.group(2))
            tranche = (nombre - precedent[1]) / max(maintenant - precedent[0], 1e-6)
            precedent[:] = [maintenant, nombre]
            print(f"{maintenant - debut:>8.0f} {float(match.group(1)):>8.0f}% {nombre:>16} {tranche:>14.0f} "
                  f"{nombre / (maintenant - debut):>13.0f} {etat['rss'] / 1024:>8.0f} {etat['cpu']:>7.0f}", flush=True)

    lecteur = threading.Thread(target=suivre, daemon=True)
    lecteur.start()
    while process.poll() is None:
        rss, pic, cpu = memoire_ko(process.pid, "VmRSS"), memoire_ko(process.pid, "VmHWM"), secondes_cpu(process.pid)
        if rss is not None:
            etat["rss"] = rss
        if pic is not None:
            etat["pic"] = max(etat["pic"], pic)
        if cpu is not None:
            etat["cpu"] = cpu
        time.sleep(0.5)
    duree = time.monotonic() - debut
    sortie = process.stdout.read()
    lecteur.join(timeout=10)
    if process.returncode:
        sys.exit("".join(erreurs)[-3000:])
    resume = json.loads(sortie.strip().splitlines()[-1])
    records = sum(sum(c.values()) for c in resume.values())
    print(f"{records} enregistrements en {duree:.0f} s ({records / duree:.0f}/s, démarrage de Zope compris), RSS de pointe "
          f"{etat['pic'] / 1024:.0f} Mo, CPU du processus {etat['cpu']:.0f} s", flush=True)
    print("résumé : " + json.dumps({k: {n: v for n, v in c.items() if v} for k, c in resume.items() if any(c.values())},
                                   ensure_ascii=False), flush=True)
    return {"secondes": duree, "records": records, "resume": resume, "pic_mo": etat["pic"] / 1024, "cpu": etat["cpu"]}


def taille_base(db, var):
    if db:
        nom = db.rsplit("/", 1)[1]
        sortie = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "root", "-d", "postgres", "-Atc",
                                 f"SELECT pg_database_size('{nom}')"], capture_output=True, text=True)
        return int(sortie.stdout.strip() or 0) / 2**20
    return sum(p.stat().st_size for p in (var / "sqlite").rglob("*") if p.is_file()) / 2**20


def analyser(db):
    """ANALYZE the database, as autovacuum does after a bulk load (it is off on some servers, this one included):
    without statistics RelStorage's poll of invalidations, run as every request and every import batch begins,
    is planned as a sequential scan of object_state (3.2 s at 10⁶ people instead of 0.03 ms)."""
    nom = db.rsplit("/", 1)[1]
    debut = time.monotonic()
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "root", "-d", nom, "-qc", "ANALYZE"], check=True)
    print(f"ANALYZE : {time.monotonic() - debut:.1f} s", flush=True)


def recreer_base(db):
    nom = db.rsplit("/", 1)[1]
    if not re.fullmatch(r"cartable_bench_\w+", nom):
        sys.exit(f"--db : la base doit s'appeler cartable_bench_… (elle est supprimée puis recréée) : {nom}")
    for sql in (f"DROP DATABASE IF EXISTS {nom}", f"CREATE DATABASE {nom}"):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "root", "-d", "postgres", "-qc", sql], check=True)


# -- serving -------------------------------------------------------------------------------------------------------

PREPARE = """
import sys, json, random, transaction
from AuthEncoding import AuthEncoding
from plone import api
from zope.component.hooks import setSite
from cartable.ops.zope_app import open_app, close_app
from cartable.annuaire.contenu import id_division
from cartable.annuaire.stockage import lire_annuaire
app = open_app(sys.argv[1]); site = app["cartable"]; setSite(site)
annuaire = lire_annuaire(site)
hashed = AuthEncoding.pw_encrypt(sys.argv[2], "SSHA")
etabs = sorted(annuaire.structures.keys())
rnd = random.Random(5)
choisis = rnd.sample(etabs, min(20, len(etabs)))

def donner(personne):
    personne.mot_de_passe = hashed
    personne.code_activation = None
    return {"login": personne.login, "nom": personne.nom_complet}

sortie = {"eleves": [], "parents": [], "enseignants": [], "cpe": []}
for jointure in choisis:
    structure = annuaire.structures[jointure]
    etab = site[structure.uai.lower()]
    chemin_etab = "/".join(etab.getPhysicalPath())
    codes = sorted(annuaire.divisions_de(jointure, "classe"))
    code = rnd.choice(codes)
    eleves = sorted(annuaire.eleves(jointure, code))
    classe = "/".join(etab[id_division("classe", code)].getPhysicalPath())
    for ident in annuaire.enseignants_de(jointure, code):
        sortie["enseignants"].append({**donner(annuaire.personne(ident)), "classe": classe, "effectif": len(eleves)})
    cpe = annuaire.membres_fonction(jointure, "EDU")
    recherches = []
    for ident in eleves[:10]:
        eleve = annuaire.personne(ident)
        sortie["eleves"].append(donner(eleve))
        recherches.append({"prenom_nom": f"{eleve.prenom} {eleve.nom}", "nom_prenom": f"{eleve.nom} {eleve.prenom}", "id": ident})
        parent = annuaire.personne(eleve.responsables[0].personne)
        sortie["parents"].append({**donner(parent), "enfant": eleve.prenom})
    for ident in cpe[:1]:
        sortie["cpe"].append({**donner(annuaire.personne(ident)), "etab": chemin_etab, "recherches": recherches})
sortie["effectifs"] = {c: annuaire.effectif(c) for c in ("Eleve", "PersRelEleve", "PersEducNat")}
sortie["classes"] = len(annuaire.divisions)
""" + DOCUMENT_REFERENCE + """transaction.commit(); close_app(app)
print(json.dumps(sortie))
"""

PHASES = (
    "(a) Document Plone (référence)",
    "(b) connexion, formulaire",
    "(c) connexion, REST @login",
    "(d) liste de classe",
    "(e) enfants d'un parent",
    "(f) recherche « Prénom Nom »",
    "(g) recherche « Nom Prénom »",
    "(h) bureau du CPE",
)


def utilisateurs(comptes, site_path, mesures, clients, trouves):
    rang = itertools.count()
    a_connecter = comptes["eleves"] + comptes["parents"]
    random.Random(9).shuffle(a_connecter)
    json_h = {"Accept": "application/json"}

    class Personne(FastHttpUser):
        wait_time = constant(0)
        fixed_count = clients

        def on_start(self):
            n = next(rang)
            self.n = n
            self.parent = comptes["parents"][n % len(comptes["parents"])]
            self.enseignant = comptes["enseignants"][n % len(comptes["enseignants"])]
            self.cpe = comptes["cpe"][n % len(comptes["cpe"])]
            # the user's timeouts (60 s): FastHttpSession's own are 5 s, and a request queued longer counts as an error
            delais = dict(network_timeout=self.network_timeout, connection_timeout=self.connection_timeout)
            self.c_enseignant = FastHttpSession(self.host, self.environment.events.request, self, **delais)
            self.c_cpe = FastHttpSession(self.host, self.environment.events.request, self, **delais)
            self.c_connexion = FastHttpSession(self.host, self.environment.events.request, self, **delais)
            self.suivant = itertools.count(n * 7919)
            connecter(self.client, site_path, self.parent["login"], PASSWORD)
            connecter(self.c_enseignant, site_path, self.enseignant["login"], PASSWORD)
            connecter(self.c_cpe, site_path, self.cpe["login"], PASSWORD)
            for client, chemin in ((self.client, f"{site_path}/reference"), (self.client, f"{site_path}/@mon-profil"),
                                   (self.c_enseignant, f"{self.enseignant['classe']}/@annuaire-classe"),
                                   (self.c_cpe, f"{self.cpe['etab']}/@@vie-scolaire"),
                                   (self.c_cpe, f"{self.cpe['etab']}/@annuaire-recherche?type=eleve&q=a")):
                client.get(chemin, headers={"Accept": "text/html" if "@" not in chemin.rsplit("/", 1)[1] else "application/json"},
                           name="echauffement")

        def verifier(self, phase, client, chemin, attendu, headers=None):
            with client.get(chemin, headers=headers or json_h, name=phase, catch_response=True) as reponse:
                if reponse.status_code != 200:
                    reponse.failure(f"HTTP {reponse.status_code}")
                elif attendu and attendu not in (reponse.text or "") and json.dumps(attendu)[1:-1] not in (reponse.text or ""):
                    reponse.failure("réponse sans le contenu attendu")
                return reponse

        @task
        def agir(self):
            phase = mesures.phase
            if phase is None:
                gevent.sleep(0.05)
                return
            k = next(self.suivant)
            if phase == PHASES[0]:
                self.verifier(phase, self.client, f"{site_path}/reference", "Informations pratiques", {"Accept": "text/html"})
            elif phase == PHASES[1]:
                qui = a_connecter[k % len(a_connecter)]
                self.c_connexion.cookiejar.clear()
                formulaire = self.c_connexion.get(f"{site_path}/login", name="formulaire").text or ""
                champs = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', formulaire))
                with self.c_connexion.post(f"{site_path}/login", data={**champs, "__ac_name": qui["login"], "__ac_password": PASSWORD,
                                                                       "buttons.login": "Se connecter"},
                                           name=phase, allow_redirects=False, catch_response=True) as reponse:
                    if not any(c.name == "__ac" for c in self.c_connexion.cookiejar):
                        reponse.failure(f"connexion refusée ({reponse.status_code})")
            elif phase == PHASES[2]:
                qui = a_connecter[k % len(a_connecter)]
                self.c_connexion.cookiejar.clear()
                with self.c_connexion.post(f"{site_path}/@login", json={"login": qui["login"], "password": PASSWORD},
                                           headers={**json_h, "Content-Type": "application/json"}, name=phase,
                                           catch_response=True) as reponse:
                    if reponse.status_code != 200 or "token" not in (reponse.text or ""):
                        reponse.failure(f"HTTP {reponse.status_code}")
            elif phase == PHASES[3]:
                self.verifier(phase, self.c_enseignant, f"{self.enseignant['classe']}/@annuaire-classe", None)
            elif phase == PHASES[4]:
                self.verifier(phase, self.client, f"{site_path}/@mon-profil", self.parent["enfant"])
            elif phase in PHASES[5:7]:
                recherche = self.cpe["recherches"][k % len(self.cpe["recherches"])]
                q = recherche["prenom_nom" if phase == PHASES[5] else "nom_prenom"]
                reponse = self.verifier(phase, self.c_cpe, f"{self.cpe['etab']}/@annuaire-recherche?type=eleve&q={requests.utils.quote(q)}", None)
                trouves.setdefault(phase, [0, 0])
                trouves[phase][0] += 1
                trouves[phase][1] += recherche["id"] in (reponse.text or "")
            else:
                self.verifier(phase, self.c_cpe, f"{self.cpe['etab']}/@@vie-scolaire", None, {"Accept": "text/html"})

    return [Personne]


def servir_et_mesurer(tmp, env, port, clients, duree, conf):
    print("\nservice : mots de passe, document de référence…", flush=True)
    sortie = subprocess.run([sys.executable, "-c", PREPARE, str(conf), PASSWORD], env=env, capture_output=True, text=True)
    if sortie.returncode:
        sys.exit(sortie.stderr[-3000:])
    comptes = json.loads(sortie.stdout.strip().splitlines()[-1])
    serveur = subprocess.Popen(
        [str(BIN / "cartable-start"), "--etc", str(tmp / "etc"), "--var", str(tmp / "var"), "--port", str(port), "--sans-worker"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    host = f"http://127.0.0.1:{port}"
    mesures = Mesures(PHASES)
    trouves = {}
    cpu_phases = {}
    try:
        demarrage = time.monotonic()
        for _ in range(600):
            try:
                if requests.get(f"{host}/cartable/@cartable-status", headers={"Accept": "application/json"}, timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.5)
        print(f"serveur prêt en {time.monotonic() - demarrage:.0f} s ; {clients} clients, {len(PHASES)} phases de {duree:.0f} s…", flush=True)
        en_cours = [True]

        def releve_cpu():  # the server's CPU time when each phase starts and ends
            avant = None
            while en_cours[0]:
                if mesures.phase != avant:
                    if avant is not None:
                        cpu_phases[avant] = secondes_cpu(serveur.pid) - cpu_phases[avant]
                    if mesures.phase is not None:
                        cpu_phases[mesures.phase] = secondes_cpu(serveur.pid)
                    avant = mesures.phase
                gevent.sleep(0.01)

        espion = gevent.spawn(releve_cpu)
        durees = mesurer(host, utilisateurs(comptes, "/cartable", mesures, clients, trouves), mesures, clients, duree, echauffement=20)
        en_cours[0] = False
        espion.join()
    finally:
        serveur.terminate()
        serveur.wait(timeout=60)
    for (phase, quoi), nombre in sorted(mesures.erreurs.items()):
        print(f"erreur {phase} : {quoi} ×{nombre}")
    lignes = []
    print(f"\nservice — {sum(comptes['effectifs'].values())} personnes actives ({comptes['effectifs']}), {comptes['classes']} "
          f"divisions ; {clients} clients, {duree:.0f} s par phase, 1 processus Zope, {os.cpu_count()} cœurs, "
          f"charge {os.getloadavg()[0]:.2f}")
    for phase in PHASES:
        requetes = [r for r in mesures.requetes if r.scenario == phase]
        if not requetes:
            print(f"{phase} : aucune requête mesurée")
            continue
        lignes.append((phase, next(li for li in resumer(requetes, durees[phase]) if li.endpoint == phase), len(requetes)))
    print(f"{'phase':<34} {'requêtes':>9} {'erreurs':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'CPU ms/req':>11} {'× réf.':>7}")
    reference = lignes[0][1].par_seconde if lignes else float("nan")
    for phase, li, n in lignes:
        cpu = cpu_phases.get(phase)
        cpu_ms = f"{1000 * cpu / n:.1f}" if cpu is not None and n else "?"
        print(f"{phase:<34} {li.requetes:>9} {li.erreurs:>8} {li.par_seconde:>8.1f} {li.p50:>8.0f} {li.p95:>8.0f} {li.p99:>8.0f} "
              f"{cpu_ms:>11} {li.par_seconde / reference:>6.2f}×")
    for phase, (n, ok) in sorted(trouves.items()):
        print(f"{phase} : l'élève cherché est dans la réponse {ok} fois sur {n}")


# -- the run -------------------------------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--personnes", type=int, default=1_000_000, help="people in the region (students, responsables, staff)")
    parser.add_argument("--db", help="postgresql://root@127.0.0.1:5432/cartable_bench_… (dropped and created again); default: SQLite")
    parser.add_argument("--dossier", help="work folder, kept (default: a temporary folder, removed)")
    parser.add_argument("--etapes", default="import,reimport,delta,service", help="among import,reimport,delta,service")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duree", type=float, default=20, help="seconds per service phase")
    parser.add_argument("--port", type=int, default=8198)
    args = parser.parse_args(argv)
    etapes = set(args.etapes.split(","))
    tmp = Path(args.dossier) if args.dossier else Path(tempfile.mkdtemp(prefix="cartable-bench-annuaire-"))
    tmp.mkdir(parents=True, exist_ok=True)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("CARTABLE_")},
           "CARTABLE_VAR": str(tmp / "var"), "CARTABLE_THREADS": THREADS, "CARTABLE_DEMO": "0"}
    if args.db:
        env["CARTABLE_DB"] = args.db
    os.environ.clear()
    os.environ.update(env)  # the import command and the server read them
    conf = tmp / "etc" / "zope.conf"
    eleves = round(args.personnes / PAR_ELEVE)
    base = "PostgreSQL" if args.db else "SQLite"
    print(f"annuaire de {args.personnes} personnes demandées : {eleves} élèves, {max(1, eleves // 600)} établissements, "
          f"{CLASSES_PAR_ETAB} classes chacun ; {base} ; {os.cpu_count()} cœurs ; charge {os.getloadavg()[0]:.2f} ; {tmp}", flush=True)
    try:
        if "import" in etapes:
            for vieux in ("aaf", "delta", "etc", "var"):
                shutil.rmtree(tmp / vieux, ignore_errors=True)
            debut = time.monotonic()
            records = ecrire_region(tmp / "aaf", eleves)
            delta = ecrire_delta(tmp / "delta", eleves, args.personnes)
            print(f"fichiers écrits en {time.monotonic() - debut:.0f} s : {records} enregistrements, delta de {delta}", flush=True)
            if args.db:
                recreer_base(args.db)
            for commande in ([BIN / "cartable-instance", "--etc", tmp / "etc", "--var", tmp / "var", "--port", args.port],
                             [BIN / "cartable-site", "--zope-conf", conf, "--sans-demo"]):
                subprocess.run([str(c) for c in commande], env=env, check=True, capture_output=True)
        resultats = {}
        for etape, dossier, titre in (("import", "aaf", "premier import (jeu complet)"),
                                      ("reimport", "aaf", "les mêmes fichiers à nouveau"),
                                      ("delta", "delta", "delta de 1 % des personnes")):
            if etape in etapes:
                resultats[etape] = importer(conf, tmp / dossier, f"{titre} — {base}, charge {os.getloadavg()[0]:.2f}")
                print(f"taille de la base : {taille_base(args.db, tmp / 'var'):.0f} Mo", flush=True)
                if args.db:
                    analyser(args.db)
        if resultats:
            print(f"\nimport — {base}, {os.cpu_count()} cœurs, charge {os.getloadavg()[0]:.2f}")
            # records per CPU second of the import process: steadier than wall time on a shared machine (the database
            # server's own CPU is not in it)
            print(f"{'étape':<12} {'enregistrements':>16} {'secondes':>9} {'rec/s':>7} {'RSS pointe Mo':>14} {'CPU s':>7} {'rec/s CPU':>10}")
            for etape, r in resultats.items():
                print(f"{etape:<12} {r['records']:>16} {r['secondes']:>9.0f} {r['records'] / r['secondes']:>7.0f} {r['pic_mo']:>14.0f} "
                      f"{r['cpu']:>7.0f} {r['records'] / max(r['cpu'], 1e-6):>10.0f}")
        if "service" in etapes:
            if args.db and not resultats:
                analyser(args.db)
            servir_et_mesurer(tmp, env, args.port, args.clients, args.duree, conf)
    finally:
        if not args.dossier:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
