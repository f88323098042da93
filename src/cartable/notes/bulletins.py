"""Report cards: gathered from the grades, the council and the half-day module, rendered in the background.

The task renders a class at a time and commits after each class, so a
worker killed in the middle resumes where it was: the students whose
bulletin of this run is stored are skipped (the run's id is kept with it).
"""

import time
import uuid

import transaction
from plone import api
from plone.namedfile.file import NamedBlobFile

from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge
from cartable.core.tasks import cartable_task, enqueue
from cartable.notes import bulletin_pdf
from cartable.notes.conseil import MENTIONS, compter_absences
from cartable.notes.stockage import carnet_pour_ecrire
from cartable.regles.releve import releve_classe, texte
from cartable.viescolaire.stockage import lire_vie_scolaire


def _annee(periode):
    debut = periode["du"].year if periode["du"].month >= 8 else periode["du"].year - 1
    return f"{debut}-{debut + 1}"


def _nom(annuaire, ident):
    personne = annuaire.personne(ident)
    return personne.nom_complet if personne is not None else ident


def donnees_classe(carnet, annuaire, vs, structure, division, code_periode):
    """The bulletin_pdf input of every student of a class."""
    periode = carnet.periodes[code_periode]
    etablissement = annuaire.structures.get(structure)
    lignes, matieres, stats, stats_generale = releve_classe(carnet, annuaire, structure, division, code_periode, publiees=False)
    enseignants = {}
    for ident in annuaire.enseignants_de(structure, division):
        personne = annuaire.personne(ident)
        for s, d, m in personne.enseignements if personne is not None else ():
            if s == structure and d == division:
                enseignants.setdefault(m, []).append(personne.nom_complet)
    principaux = sorted(annuaire.principaux.get((structure, division), ()))
    libelle_classe = annuaire.divisions_de(structure, "classe").get(division) or division
    conseil = carnet.conseils.get((code_periode, division)) or {}
    result = []
    for eleve, par_matiere, generale in lignes:
        decision = carnet.decisions.get((code_periode, eleve.id)) or {}
        absences = compter_absences(vs, eleve, structure, periode) or {}
        result.append((eleve, {
            "etablissement": {"nom": etablissement.nom if etablissement else structure, "uai": etablissement.uai if etablissement else ""},
            "annee": _annee(periode),
            "periode": {"libelle": periode["libelle"], "du": periode["du"].isoformat(), "au": periode["au"].isoformat()},
            "eleve": {"nom": eleve.nom, "prenom": eleve.prenom, "classe": libelle_classe,
                      "date_naissance": eleve.date_naissance.isoformat() if eleve.date_naissance else None},
            "professeur_principal": ", ".join(_nom(annuaire, i) for i in principaux) or None,
            "matieres": [
                {"libelle": annuaire.matieres[m].valeur("ENTLibelleMatiere") if m in annuaire.matieres else m,
                 "enseignants": sorted(enseignants.get(m, [])), "coefficient": carnet.coefficient(division, m).replace(".", ","),
                 "moyenne": texte(par_matiere.get(m)), "classe": {k: texte(v) for k, v in stats[m].items()},
                 "appreciation": (carnet.appreciations.get((code_periode, m, eleve.id)) or {}).get("texte", "")}
                for m in matieres if m in par_matiere
            ],
            "moyenne_generale": texte(generale),
            "classe_generale": {k: texte(v) for k, v in stats_generale.items()},
            "appreciation_generale": (carnet.appreciations_generales.get((code_periode, eleve.id)) or {}).get("texte", ""),
            "conseil": {"date": conseil.get("date"), "avis": decision.get("avis", ""), "mention": MENTIONS.get(decision.get("mention"))},
            "vie_scolaire": {
                "demi_journees_justifiees": _nombre(absences.get("justifiees")),
                "demi_journees_non_justifiees": _nombre(absences.get("non_justifiees")),
                "retards": absences.get("retards"), "heures_manquees": _nombre(absences.get("heures_manquees")),
            },
        }))
    return result


def _nombre(valeur):
    return None if valeur is None else f"{valeur:g}".replace(".", ",")


@cartable_task(permission="cmf.ManagePortal", title="Bulletins", reprise=True)  # resumable by its lancement
def generer_bulletins(site, progress, etablissement, periode, divisions, lancement):
    """Render and store the bulletins of ``divisions`` (committed class by class; resumable)."""
    etab = site.unrestrictedTraverse(etablissement)
    annuaire = lire_annuaire(site)
    structure = etab.jointure
    total = sum(len(annuaire.eleves(structure, d)) for d in divisions)
    faits, debut = 0, time.monotonic()
    for division in divisions:
        carnet = carnet_pour_ecrire(etab)
        for eleve, donnees in donnees_classe(carnet, annuaire, lire_vie_scolaire(etab), structure, division, periode):
            existant = carnet.bulletins.get((periode, eleve.id))
            if existant is None or existant.get("lancement") != lancement:  # already done by this run before a restart
                pdf = bulletin_pdf.rendre(donnees, edite_le=horloge.maintenant().date())
                nom = f"bulletin-{periode}-{eleve.nom}-{eleve.prenom}.pdf".replace(" ", "-").replace("/", "-")
                carnet.bulletins[(periode, eleve.id)] = {
                    "fichier": NamedBlobFile(data=pdf, contentType="application/pdf", filename=nom),
                    "genere_le": horloge.maintenant().isoformat(timespec="seconds"), "publie": False, "division": division,
                    "lancement": lancement}
            faits += 1
            progress(faits, total, f"{division} : {faits}/{total}")
        transaction.commit()
    return {"bulletins": faits, "secondes": round(time.monotonic() - debut, 1)}


def lancer(etab, lecteur, periode, divisions):
    """Queue the generation; the job's progress is at @cartable-tasks/<id> for whoever asked."""
    return enqueue(f"{generer_bulletins.__module__}.generer_bulletins", "/".join(api.portal.get().getPhysicalPath()),
                   lecteur.login, {"etablissement": "/".join(etab.getPhysicalPath()), "periode": periode,
                                   "divisions": divisions, "lancement": uuid.uuid4().hex})
