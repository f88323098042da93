"""The directory import inside Zope: the command line and the background task share it.

    cartable-import-aaf DOSSIER      (make import-aaf DIR=DOSSIER): AAF files
    cartable-import-csv DOSSIER      (make import-csv DIR=DOSSIER): CSV files (see csv_import)

Commits every ``lot`` records, so the import is transactional per batch; it
is idempotent, so running it again after an interruption resumes it.
"""

import argparse
import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path

import transaction
from zope.event import notify

from cartable.annuaire import aaf, csv_import
from cartable.annuaire.contenu import CrochetsContenu
from cartable.annuaire.evenements import AnnuaireImporte
from cartable.annuaire.importation import Importateur
from cartable.annuaire.stockage import annuaire_pour_ecrire
from cartable.core.tasks import cartable_task

LOT = 500


class DossierInvalide(ValueError):
    pass


def fichiers_du_dossier(dossier, format=None) -> tuple[str, list[Path]]:
    """("aaf"|"csv", the files to import in order); DossierInvalide when there are none."""
    dossier = Path(dossier)
    if not dossier.is_dir():
        raise DossierInvalide(f"dossier introuvable : {dossier}")
    presents = [p for p in dossier.iterdir() if p.is_file()]
    if format in (None, "aaf") and aaf.ordonner(presents):
        return "aaf", aaf.ordonner(presents)
    if format in (None, "csv") and csv_import.ordonner(presents):
        return "csv", csv_import.ordonner(presents)
    attendus = {
        "aaf": "…_Eleve_0000.xml, …_EtabEducNat_0000.xml, …",
        "csv": "etablissements.csv, eleves.csv, responsables.csv, personnels.csv",
    }
    noms = attendus[format] if format else " ou ".join(attendus.values())
    raise DossierInvalide(f"aucun fichier {(format or 'AAF ou CSV').upper()} dans {dossier} (noms attendus : {noms})")


def importer_dossier(site, dossier, progression=None, point_de_controle=None, lot=LOT, format=None):
    """Import the AAF or CSV files of ``dossier`` into the site's directory; return the Rapport."""
    format, fichiers = fichiers_du_dossier(dossier, format)
    importateur = Importateur(annuaire_pour_ecrire(site), crochets=CrochetsContenu(site))
    options = dict(progression=progression, point_de_controle=point_de_controle, lot=lot)
    if format == "csv":
        rapport = csv_import.importer_csv(importateur, dossier, **options)
    else:
        rapport = importateur.importer(fichiers, **options)
    notify(AnnuaireImporte(site, rapport))  # followers queue their work after the commit
    return rapport


def rapport_texte(rapport) -> str:
    """Every rejection, and each kind of warning with its count and examples."""
    lines = [f"REJET {rejet}" for rejet in rapport.rejets]
    for genre, nombre in sorted(rapport.avertissements.items()):
        exemples = ", ".join(rapport.exemples.get(genre, []))
        lines.append(f"AVERTISSEMENT {genre} : {nombre} (ex. {exemples})")
    return "\n".join(lines)


def racines_autorisees() -> list[Path]:
    """Server folders a background import may read: uploads under var/imports, and $CARTABLE_IMPORT_ROOT."""
    from cartable.core.instance import REPO

    roots = [Path(os.environ.get("CARTABLE_VAR") or REPO / "var") / "imports"]
    if os.environ.get("CARTABLE_IMPORT_ROOT"):
        roots.append(Path(os.environ["CARTABLE_IMPORT_ROOT"]))
    return [r.resolve() for r in roots]


def verifier_dossier(dossier) -> Path:
    """The folder, resolved, if it lies under an allowed root; DossierInvalide otherwise."""
    path = Path(dossier).resolve()
    if not any(path == root or root in path.parents for root in racines_autorisees()):
        raise DossierInvalide(f"dossier non autorisé : {dossier} (seuls var/imports et $CARTABLE_IMPORT_ROOT le sont)")
    fichiers_du_dossier(path)
    return path


@cartable_task(permission="cartable.annuaire.Importer", title="Import de l'annuaire (AAF ou CSV)")
def tache_import_aaf(site, progress, dossier):
    """Background import; progress in records, commits per batch."""
    dossier = verifier_dossier(dossier)

    def progression(fraction, nombre, fichier):
        progress(round(fraction * 1000), 1000, f"{nombre} enregistrements — {fichier}")

    rapport = importer_dossier(site, dossier, progression=progression, point_de_controle=transaction.commit)
    return {"resume": rapport.resume(), "rejets": [str(r) for r in rapport.rejets[:1000]], "details": rapport_texte(rapport)}


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
    from cartable.core.instance import REPO
    from cartable.core.site import SITE_ID
    from cartable.core.zope_app import close_app, open_app

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
        journal = Path(os.environ.get("CARTABLE_VAR") or REPO / "var") / "log"
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
