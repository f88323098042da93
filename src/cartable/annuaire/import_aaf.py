"""The directory import inside Zope: the background task and the commands share it.

The commands (cartable.ops.import_annuaire) open the instance and call ``importer_dossier``:

    cartable-import-aaf DOSSIER      (make import-aaf DIR=DOSSIER): AAF files
    cartable-import-csv DOSSIER      (make import-csv DIR=DOSSIER): CSV files (see csv_import)

Commits every ``lot`` records, so the import is transactional per batch; it
is idempotent, so running it again after an interruption resumes it.
"""

import os
from pathlib import Path

import transaction
from zope.event import notify

from cartable.annuaire import csv_import
from cartable.annuaire.contenu import CrochetsContenu
from cartable.annuaire.evenements import AnnuaireImporte
from cartable.annuaire.importation import Importateur
from cartable.annuaire.stockage import annuaire_pour_ecrire
from cartable.core.tasks import cartable_task
from cartable.regles import aaf

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
    from cartable.core.site import dossier_var

    roots = [dossier_var() / "imports"]
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
