"""Report cards of the demo collège's whole establishment, generated in the background: how long.

    .venv/bin/python scripts/bench_bulletins.py [--periode T1]

Starts a fresh demo instance (``cartable-start`` on a temporary var/, SQLite
and the SQLite queue: the huey worker is its child), asks as the direction
for every class's bulletins (POST @bulletins), follows the job's progress at
@cartable-tasks/<id> and prints a table: students, classes, wall time from
the request to the last PDF, bulletins per second, and in the same run the
reference — the PDF rendering alone of the same number of bulletins, without
Zope (cartable.notes.bulletin_pdf on a typical bulletin).
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

BIN = Path(sys.executable).parent
JSON = {"Accept": "application/json"}
DIRECTION = ("stephane.lemoine", "cartable-demo")
COLLEGE = "0139101x"


def port_libre():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demarrer(racine):
    port = port_libre()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARTABLE_")}
    process = subprocess.Popen([str(BIN / "cartable-start"), "--port", str(port), "--etc", str(racine / "etc"), "--var", str(racine / "var")],
                               env=env, stdout=open(racine / "start.log", "ab"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/cartable"
    for _ in range(240):
        try:
            if requests.get(f"{url}/@cartable-status", headers=JSON, timeout=5).status_code == 200:
                return process, url
        except requests.RequestException:
            pass
        time.sleep(0.5)
    process.kill()
    sys.exit("l'instance ne répond pas : voir " + str(racine / "start.log"))


def reference(n):
    """The PDF rendering alone, n times, of a typical demo bulletin (12 subjects)."""
    from cartable.notes import bulletin_pdf

    matieres = [{"libelle": f"Matière {i}", "enseignants": ["M. Prénom Nom"], "coefficient": "1", "moyenne": "12,50",
                 "classe": {"moyenne": "11,80", "min": "6,00", "max": "17,50"}, "appreciation": "Travail sérieux et régulier. " * 3}
                for i in range(12)]
    bulletin = {"etablissement": {"nom": "Collège", "uai": "0139101X"}, "annee": "2026-2027",
                "periode": {"libelle": "Trimestre 1", "du": "2026-09-01", "au": "2026-11-30"},
                "eleve": {"nom": "Nom", "prenom": "Prénom", "classe": "3A"}, "matieres": matieres, "moyenne_generale": "12,50",
                "appreciation_generale": "Bon trimestre.", "conseil": {"avis": "", "mention": None, "date": None},
                "vie_scolaire": {"demi_journees_justifiees": "1", "demi_journees_non_justifiees": "0", "retards": 1, "heures_manquees": "3"}}
    debut = time.monotonic()
    for _ in range(n):
        bulletin_pdf.rendre(bulletin)
    return time.monotonic() - debut


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--periode", default="T1")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-bulletins-") as dossier:
        process, url = demarrer(Path(dossier))
        try:
            etab = f"{url}/{COLLEGE}"
            debut = time.monotonic()
            lance = requests.post(f"{etab}/@bulletins", json={"periode": args.periode, "action": "generer"}, headers=JSON,
                                  auth=DIRECTION, timeout=60)
            lance.raise_for_status()
            job, classes = lance.json()["job"], lance.json()["classes"]
            dernier = None
            while True:
                etat = requests.get(f"{url}/@cartable-tasks/{job}", headers=JSON, auth=DIRECTION, timeout=60).json()
                if etat.get("message") != dernier:
                    dernier = etat.get("message")
                    print(f"\r  {etat.get('done', 0)}/{etat.get('total') or '?'} {dernier or ''}".ljust(60), end="", flush=True)
                if etat["state"] in ("done", "failed"):
                    break
                time.sleep(0.5)
            duree = time.monotonic() - debut
            print()
            if etat["state"] != "done":
                sys.exit(f"la génération a échoué : {etat.get('error')}")
            n = etat["result"]["bulletins"]
            liste = requests.get(f"{etab}/@bulletins?periode={args.periode}", headers=JSON, auth=DIRECTION, timeout=60).json()["items"]
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
    rendu = reference(n)
    print(f"\n{'':40} {'bulletins':>9} {'classes':>7} {'secondes':>9} {'bulletins/s':>11}")
    print(f"{'Cartable (tâche de fond, de la demande au dernier PDF)':40.40} {n:>9} {classes:>7} {duree:>9.1f} {n / duree:>11.1f}")
    print(f"{'référence : rendu PDF seul, sans Zope':40.40} {n:>9} {'':>7} {rendu:>9.1f} {n / rendu:>11.1f}")
    print(f"\nbulletins stockés : {len(liste)} (attendus : {n}), doublons : {len(liste) - len({i['eleve'] for i in liste})}")


if __name__ == "__main__":
    main()
