"""@@import-annuaire: the regional administrator imports AAF files in the background.

Files are uploaded (or a server folder under the allowed roots is named),
checked, stored under var/imports/<lot>/, and the import runs as a task; the
page polls its progress (@cartable-tasks/<id>) and shows the summary.
"""

import os
import re
import uuid
from datetime import datetime
from pathlib import Path

from plone import api
from plone.protect import CheckAuthenticator, PostOnly
from Products.Five.browser import BrowserView

from cartable.annuaire import csv_import
from cartable.annuaire.import_aaf import DossierInvalide, racines_autorisees, verifier_dossier
from cartable.core import tasks
from cartable.regles import aaf

TACHE = "cartable.annuaire.import_aaf.tache_import_aaf"
TAILLE_MAX = 512 * 1024 * 1024  # one AAF file of a large académie stays well below
_NOM_SUR = re.compile(r"^[A-Za-z0-9_.-]+\.xml$")


class FichierRefuse(ValueError):
    pass


def enregistrer_envois(fichiers, racine: Path) -> Path:
    """Check and store uploaded files in a new folder under ``racine``; nothing is kept if one is refused."""
    fichiers = [f for f in fichiers if getattr(f, "filename", None)]
    if not fichiers:
        raise FichierRefuse("Aucun fichier envoyé.")
    for fichier in fichiers:
        nom = Path(fichier.filename).name
        est_csv = nom in csv_import.FICHIERS
        if not est_csv and (not _NOM_SUR.match(nom) or aaf.categorie_du_fichier(nom) is None):
            raise FichierRefuse(
                f"« {nom} » n'a pas un nom de fichier AAF (…_Eleve_0000.xml…) ni CSV (eleves.csv, personnels.csv…)."
            )
        fichier.seek(0, os.SEEK_END)
        taille = fichier.tell()
        fichier.seek(0)
        if taille > TAILLE_MAX:
            raise FichierRefuse(f"« {nom} » dépasse {TAILLE_MAX // (1024 * 1024)} Mo.")
        debut = fichier.read(64).lstrip(b"\xef\xbb\xbf").lstrip()
        fichier.seek(0)
        if not est_csv and not debut.startswith(b"<"):
            raise FichierRefuse(f"« {nom} » n'est pas un fichier XML.")
    dossier = racine / f"{datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}"
    dossier.mkdir(parents=True)
    for fichier in fichiers:
        with open(dossier / Path(fichier.filename).name, "wb") as out:
            while chunk := fichier.read(1 << 20):
                out.write(chunk)
    return dossier


class ImportAnnuaireView(BrowserView):
    erreur = None

    def __call__(self):
        if self.request.method == "POST":
            PostOnly(self.request)
            CheckAuthenticator(self.request)
            userid = api.user.get_current().getId()
            cle = self.request.form.get("cle")
            try:
                # a double submit: the first import, and no second copy of the files
                job = tasks.job_for_key(userid, cle) or tasks.enqueue(
                    TACHE, self.context.getPhysicalPath(), userid, {"dossier": str(self._dossier())}, idempotency_key=cle
                )
            except (FichierRefuse, DossierInvalide) as exc:
                self.erreur = str(exc)
                self.request.response.setStatus(400)
            else:
                self.request.response.redirect(f"{self.context.absolute_url()}/@@import-annuaire?job={job}")
                return ""
        return self.index()

    def _dossier(self):
        chemin = (self.request.form.get("dossier") or "").strip()
        if chemin:
            return verifier_dossier(chemin)
        envois = self.request.form.get("fichiers") or []
        if not isinstance(envois, list):
            envois = [envois]
        dossier = enregistrer_envois(envois, racines_autorisees()[0])
        return verifier_dossier(dossier)

    def job(self):
        return self.request.form.get("job")

    def cle(self):
        return uuid.uuid4().hex  # idempotency key of this form: a double submit queues one import

    def racines(self):
        return [str(r) for r in racines_autorisees()]
