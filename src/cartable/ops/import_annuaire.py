"""The directory import commands: a folder of AAF or CSV files into the region site's directory.

    cartable-import-aaf DOSSIER      (make import-aaf DIR=DOSSIER): AAF files
    cartable-import-csv DOSSIER      (make import-csv DIR=DOSSIER): CSV files (see cartable.annuaire.csv_import)

The import itself, shared with the background task of the directory's panel,
is cartable.annuaire.import_aaf.importer_dossier.
"""

import argparse
import json
import sys
import time
from datetime import datetime

import transaction

from cartable.annuaire.import_aaf import LOT, DossierInvalide, fichiers_du_dossier, importer_dossier, rapport_texte
from cartable.core.site import REPO, SITE_ID, dossier_var


class Barre:
    """A terminal progress bar on stderr (a line per 10 % when it is not a terminal)."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.debut = time.monotonic()
        self.tty = stream.isatty()
        self.dernier_palier = -1

    def __call__(self, fraction, nombre, fichier):
        rate = nombre / max(time.monotonic() - self.debut, 1e-6)
        text = f"[{'#' * int(fraction * 30):<30}] {fraction * 100:5.1f} % {nombre} enregistrements, {rate:.0f}/s {fichier}"
        if self.tty:
            self.stream.write("\r" + text[:150].ljust(150))
        elif int(fraction * 10) > self.dernier_palier:
            self.dernier_palier = int(fraction * 10)
            self.stream.write(text + "\n")
        self.stream.flush()

    def fin(self):
        if self.tty:
            self.stream.write("\n")


def main_csv(argv=None):
    return main(argv, format="csv")


def main(argv=None, format="aaf"):
    from cartable.ops.zope_app import close_app, open_app

    commande = f"cartable-import-{format}"
    parser = argparse.ArgumentParser(prog=commande, description=f"Importe un jeu de fichiers {format.upper()} dans l'annuaire.")
    parser.add_argument("dossier", help=f"dossier contenant les fichiers {format.upper()}")
    parser.add_argument("--zope-conf", default=str(REPO / "instance" / "etc" / "zope.conf"))
    parser.add_argument("--lot", type=int, default=LOT, help="enregistrements par transaction (défaut : 500)")
    args = parser.parse_args(argv)
    try:
        fichiers_du_dossier(args.dossier, format)
    except DossierInvalide as exc:
        print(f"{commande} : {exc}", file=sys.stderr)
        return 2
    app = open_app(args.zope_conf)
    try:
        if SITE_ID not in app.objectIds():
            print(f"{commande} : le site « cartable » n'existe pas ; lancez d'abord make start", file=sys.stderr)
            return 2
        from zope.component.hooks import setSite

        site = app[SITE_ID]
        setSite(site)
        barre = Barre()
        debut = time.monotonic()
        rapport = importer_dossier(
            site, args.dossier, progression=barre, point_de_controle=transaction.commit, lot=args.lot, format=format
        )
        barre.fin()
        duree = time.monotonic() - debut
        total = sum(c.total for c in rapport.categories.values())
        details = rapport_texte(rapport)
        journal = dossier_var() / "log"
        journal.mkdir(parents=True, exist_ok=True)
        chemin = journal / f"import-{format}-{datetime.now():%Y%m%d-%H%M%S}.txt"
        chemin.write_text(details + "\n", encoding="utf-8")
        if details:
            print(details if len(details) < 20000 else details[:20000] + "\n…", file=sys.stderr)
        print(f"{total} enregistrements en {duree:.1f} s ({total / max(duree, 1e-6):.0f}/s) ; rapport complet : {chemin}", file=sys.stderr)
        print(json.dumps(rapport.resume(), ensure_ascii=False))
    finally:
        close_app(app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
