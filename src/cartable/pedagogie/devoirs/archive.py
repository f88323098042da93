"""The zip of all hand-ins of a Devoir, built in the background (big classes), downloaded later.

One folder per student « NOM Prénom », their files renamed with
``regles.devoirs.noms_uniques`` (unique inside the folder), the online text
as a .txt. Drafts are not hand-ins: they are left out. The last zip is a
blob in an annotation of the Devoir, replaced by the next build.
"""

import os
import tempfile
import time
import zipfile

import transaction
from plone import api
from plone.namedfile.file import NamedBlobFile
from zope.annotation.interfaces import IAnnotations

from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge
from cartable.core.tasks import cartable_task, enqueue
from cartable.pedagogie.devoirs.acces import eleves_de_l_espace, espace_de
from cartable.pedagogie.devoirs.correction import rendus_du_devoir
from cartable.pedagogie.devoirs.rendus import etat_de
from cartable.regles import devoirs as regles

CLE = "cartable.pedagogie.rendus_zip"
NOM_DU_TEXTE = "texte en ligne.txt"


def dernier_zip(devoir):
    """{"fichier": NamedBlobFile, "construit_le": iso, "rendus": n} or None."""
    return IAnnotations(devoir).get(CLE)


def ecrire_zip(devoir, chemin, progress=None) -> int:
    """Write the zip of the hand-ins at ``chemin``; the number of students in it."""
    annuaire = lire_annuaire(api.portal.get())
    noms = eleves_de_l_espace(espace_de(devoir), annuaire)
    rendus = [r for r in rendus_du_devoir(devoir) if etat_de(r) != "brouillon"]
    rendus.sort(key=lambda r: (regles.cle_de_tri(noms.get(r.eleve, r.eleve)), r.eleve))
    dossiers = regles.noms_uniques([noms.get(r.eleve, r.eleve) for r in rendus])
    with zipfile.ZipFile(chemin, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for rang, (rendu, dossier) in enumerate(zip(rendus, dossiers), start=1):
            fichiers = rendu.fichiers_liste()
            texte = (rendu.texte or "").strip()
            noms_fichiers = regles.noms_uniques([f.filename for f in fichiers] + ([NOM_DU_TEXTE] if texte else []))
            for fichier, nom in zip(fichiers, noms_fichiers):
                with fichier.open() as source, archive.open(f"{dossier}/{nom}", "w", force_zip64=True) as cible:
                    while bloc := source.read(1 << 20):
                        cible.write(bloc)
            if texte:
                archive.writestr(f"{dossier}/{noms_fichiers[-1]}", rendu.texte.encode("utf-8"))
            if progress is not None:
                progress(rang, len(rendus), f"{rang}/{len(rendus)} rendus")
    return len(rendus)


@cartable_task(permission="zope2.View", title="Rendus d'un devoir (zip)")
def construire_zip(site, progress, devoir):
    """Build the zip of ``devoir`` (a path) and keep it in its annotation (the previous one is replaced)."""
    objet = site.unrestrictedTraverse(devoir)
    debut = time.monotonic()
    descripteur, chemin = tempfile.mkstemp(suffix=".zip")
    os.close(descripteur)
    try:
        nombre = ecrire_zip(objet, chemin, progress)
        nom = regles.nettoyer_nom(f"Rendus - {objet.Title()}.zip") or "rendus.zip"
        with open(chemin, "rb") as flux:  # the blob takes the file over (consumeFile): no copy in memory
            fichier = NamedBlobFile(data=flux, contentType="application/zip", filename=nom)
    finally:
        if os.path.exists(chemin):
            os.unlink(chemin)
    IAnnotations(objet)[CLE] = {"fichier": fichier, "construit_le": horloge.instant().isoformat(timespec="seconds"),
                                "rendus": nombre}
    transaction.commit()
    return {"rendus": nombre, "secondes": round(time.monotonic() - debut, 1)}


def lancer(devoir, login, cle=None):
    """Queue the build (after the request's commit); the job id (the same for a replayed Idempotency-Key)."""
    return enqueue(f"{construire_zip.__module__}.construire_zip", "/".join(api.portal.get().getPhysicalPath()),
                   login, {"devoir": "/".join(devoir.getPhysicalPath())}, idempotency_key=cle)
