"""Benchmark: the AAF import at scale, against a bare RelStorage commit of the same records.

    .venv/bin/python scripts/bench_import.py [--eleves 20000] [--db postgresql://…]

Writes a synthetic full AAF set (N students, ~1.6 N responsables, N/12 staff,
in N/600 establishments), creates a fresh instance and site in a temporary
folder, runs ``cartable-import-aaf`` on it (first import, then the same files
again), and measures, in the same storage and the same run, the reference:
committing one plain persistent object per record in batches of 500 (what any
importer must at least pay). Prints a table; nothing is asserted.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE ficAlimMENESR SYSTEM "ficAlimMENESR.dtd">\n<ficAlimMENESR>\n'
PRENOMS = "Léa Hugo Chloé Noël Emma Louis Jade Gabriel Zoé Raphaël Inès Arthur Lina Jules Manon Adam".split()
NOMS = "Martin Bernard Dubois Lefèvre Moreau Laurent Girard Roux Fournier Bonnet Dupont Lambert Fontaine Rousseau".split()


def requete(categorie, ident, attrs, op_attr="categoriePersonne"):
    body = "".join(
        f'<attr name="{name}">' + "".join(f"<value>{escape(v)}</value>" for v in values) + "</attr>\n"
        for name, values in attrs.items()
    )
    return (
        f'<addRequest><operationalAttributes><attr name="{op_attr}"><value>{categorie}</value></attr></operationalAttributes>\n'
        f"<identifier><id>{ident}</id></identifier><attributes>\n{body}</attributes></addRequest>\n"
    )


class _Parties:
    """One category's file, cut in numbered parts of ``par_fichier`` records as the AAF sends them (one file when None)."""

    def __init__(self, dossier, categorie, par_fichier):
        self.dossier, self.categorie, self.par_fichier = dossier, categorie, par_fichier
        self.partie, self.dans_partie, self.stream = 0, 0, None
        self._ouvrir()

    def _ouvrir(self):
        self.stream = open(self.dossier / f"BENCH_Complet_{self.categorie}_{self.partie:04d}.xml", "w", encoding="utf-8")
        self.stream.write(HEAD)

    def write(self, texte):
        if self.par_fichier and self.dans_partie >= self.par_fichier:
            self.close()
            self.partie, self.dans_partie = self.partie + 1, 0
            self._ouvrir()
        self.stream.write(texte)
        self.dans_partie += 1

    def close(self):
        self.stream.write("</ficAlimMENESR>\n")
        self.stream.close()


def ecrire(dossier: Path, eleves: int, graine=1, classes_par_etab=None, prenoms=None, noms=None, par_fichier=None):
    """Synthetic full set; returns the number of records.

    ``classes_par_etab`` (up to 32) spreads each establishment's students over
    that many classes; by default they fall into 8 (the import figures of the
    README were measured so). ``prenoms``/``noms`` replace the 16 first names and
    14 names drawn from; ``par_fichier`` cuts each category in files of that many
    records (by default one file per category).
    """
    rnd = random.Random(graine)
    prenoms, noms = prenoms or PRENOMS, noms or NOMS
    dossier.mkdir(parents=True, exist_ok=True)
    nb_etab = max(1, eleves // 600)
    etabs = [str(70000 + i) for i in range(nb_etab)]
    files = {c: _Parties(dossier, c, par_fichier) for c in ("EtabEducNat", "Eleve", "PersRelEleve", "PersEducNat")}
    count = 0
    for i, etab in enumerate(etabs):
        uai = f"{1300000 + i:07d}"
        uai += "ABCDEFGHJKLMNPRSTUVWXYZ"[int(uai) % 23]
        files["EtabEducNat"].write(requete("EtabEducNat", etab, {"ENTStructureJointure": [etab], "ENTStructureUAI": [uai], "ENTStructureNomCourant": [f"COLLEGE {i}"]}, "categorieStructure"))
        count += 1
    parent_id = 5_000_000
    for n in range(eleves):
        etab = etabs[n % nb_etab]
        classe = _classe(n, nb_etab, classes_par_etab)
        parents = []
        for _ in range(1 if n % 10 == 0 else 2):
            parent_id += 1
            parents.append(str(parent_id))
            files["PersRelEleve"].write(requete("PersRelEleve", parent_id, {"sn": [rnd.choice(noms)], "givenName": [rnd.choice(prenoms)], "personalTitle": ["Mme"]}))
            count += 1
        files["Eleve"].write(requete("Eleve", 1_000_000 + n, {
            "sn": [rnd.choice(noms)], "givenName": [rnd.choice(prenoms)], "ENTPersonDateNaissance": ["01/02/2012"],
            "ENTPersonStructRattach": [etab], "ENTEleveClasses": [f"{etab}${classe}"],
            "ENTElevePersRelEleve": [f"{p}$2$1$1$1$0" for p in parents],
        }))
        count += 1
    for n in range(max(1, eleves // 12)):
        etab = etabs[n % nb_etab]
        classe = _classe(n, nb_etab, classes_par_etab)
        files["PersEducNat"].write(requete("PersEducNat", 9_000_000 + n, {
            "sn": [rnd.choice(noms)], "givenName": [rnd.choice(prenoms)], "ENTPersonStructRattach": [etab],
            "ENTPersonFonctions": [f"{etab}$ENS$ENSEIGNEMENT"], "ENTAuxEnsClasses": [f"{etab}${classe}"],
            "ENTAuxEnsClassesMatieres": [f"{etab}${classe}$020700"],
        }))
        count += 1
    for f in files.values():
        f.close()
    return count


def _classe(n, nb_etab, classes_par_etab):
    if classes_par_etab is None:
        return f"{3 + n % 4}{'ABCDEFGH'[n // nb_etab % 8]}"
    rang = (n // nb_etab) % classes_par_etab
    return f"{3 + rang % 4}{'ABCDEFGH'[rang // 4]}"


def run_import(conf, dossier):
    started = time.monotonic()
    result = subprocess.run([str(BIN / "cartable-import-aaf"), "--zope-conf", str(conf), str(dossier)], capture_output=True, text=True)
    if result.returncode:
        sys.exit(result.stderr[-2000:])
    return time.monotonic() - started, json.loads(result.stdout.strip().splitlines()[-1])


REFERENCE = """
import sys, time, transaction
from persistent.mapping import PersistentMapping
from BTrees.OOBTree import OOBTree
from cartable.ops.zope_app import open_app, close_app
app = open_app(sys.argv[1]); n = int(sys.argv[2])
root = app._p_jar.root(); root["bench"] = tree = OOBTree(); transaction.commit()
started = time.monotonic()
for i in range(n):
    tree[str(i)] = PersistentMapping({"sn": "Martin", "givenName": "Léa", "i": i})
    if i % 500 == 499:
        transaction.commit()
transaction.commit()
print(time.monotonic() - started)
del root["bench"]; transaction.commit(); close_app(app)
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eleves", type=int, default=20000)
    parser.add_argument("--db", help="postgresql://… (an empty database); default: SQLite in the temporary folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cartable-bench-") as tmp:
        tmp = Path(tmp)
        records = ecrire(tmp / "aaf", args.eleves)
        env = {**os.environ, "CARTABLE_DEMO": "0"}
        if args.db:
            env["CARTABLE_DB"] = args.db
        etc = tmp / "etc"
        subprocess.run([str(BIN / "cartable-instance"), "--etc", str(etc), "--var", str(tmp / "var")], env=env, check=True, capture_output=True)
        os.environ.update({k: v for k, v in env.items() if k.startswith("CARTABLE_")})
        subprocess.run([str(BIN / "cartable-site"), "--zope-conf", str(etc / "zope.conf"), "--sans-demo"], check=True, capture_output=True)
        first, summary = run_import(etc / "zope.conf", tmp / "aaf")
        again, summary2 = run_import(etc / "zope.conf", tmp / "aaf")
        ref = subprocess.run([sys.executable, "-c", REFERENCE, str(etc / "zope.conf"), str(records)], capture_output=True, text=True, check=True)
        reference = float(ref.stdout.strip().splitlines()[-1])
        created = sum(c["created"] for c in summary.values())
        unchanged = sum(c["unchanged"] for c in summary2.values())
        storage = "postgresql" if args.db else "sqlite"
        print(f"AAF import benchmark — {records} records ({args.eleves} students), storage {storage}, {os.cpu_count()} cores")
        print(f"{'run':<42} {'records':>8} {'seconds':>8} {'records/s':>10} {'vs reference':>13}")
        rows = [
            ("reference: bare commit, 1 object/record", records, reference),
            ("cartable-import-aaf, first import", created, first),
            ("cartable-import-aaf, same files again", unchanged, again),
        ]
        for name, n, seconds in rows:
            print(f"{name:<42} {n:>8} {seconds:>8.1f} {n / seconds:>10.0f} {(n / seconds) / (records / reference):>12.2f}x")
        print("(import times include the command's Zope start-up, about 3 s)")


if __name__ == "__main__":
    main()
