"""The vie scolaire's statistics per class and month, and the list of a period's absences.

Each student's figures come from the half-day rule through
``absences.entree_decompte``: ``decompter`` (half-days) and
``complements_par_mois`` (expected half-days, lateness) read the same input,
with the establishment's settings timeline (each day's boundary and mode).
``cartable.regles.statistiques`` adds them up per class and month.
"""

from datetime import date

from cartable.annuaire.lecteur import Lecteur
from cartable.core.refus import Refus
from cartable.core.tasks import cartable_task
from cartable.regles import statistiques as regles
from cartable.regles.decompte import complements_par_mois, decompter
from cartable.viescolaire.absences import entree_decompte, evenements
from cartable.viescolaire.stockage import lire_vie_scolaire

TYPES = {"absence": "Absence", "retard": "Retard", "depart": "Départ anticipé"}
NOM_TACHE = "cartable.viescolaire.statistiques.tache_statistiques"
# Measured on the demo collège (263 students): one month (~7,900 student-days) takes
# about a second; anything larger is computed in the background.
ELEVES_JOURS_MAX = 8000
COLONNES_ABSENCES = ("Élève", "Classe", "Date", "Horaire", "Cours", "Type", "Minutes", "Motif", "Justifiée")


def classes_choisies(annuaire, structure, demandees):
    """The establishment's class codes, or those asked for (an unknown code is refused)."""
    toutes = annuaire.divisions_de(structure, "classe")
    if demandees is None:
        return sorted(toutes)
    inconnues = sorted(set(demandees) - set(toutes))
    if inconnues:
        raise Refus(400, "BadRequest", f"Classe inconnue dans cet établissement : {', '.join(inconnues)}.")
    return sorted(set(demandees))


def eleves_des_classes(annuaire, structure, classes):
    """[(class code, active student)] of the classes, in class then name order."""
    result = []
    for classe in classes:
        eleves = (annuaire.personne(i) for i in annuaire.eleves(structure, classe))
        result += [(classe, e) for e in sorted((e for e in eleves if e is not None and e.actif), key=lambda e: (e.nom, e.prenom, e.id))]
    return result


def calculer(vs, annuaire, structure, du, au, classes, progression=None):
    """{"du", "au", "mois", "classes", "lignes"}: one row per class and month (see regles.statistiques)."""
    try:
        mois = regles.mois_de(du, au)
    except regles.PeriodeInvalide as exc:
        raise Refus(400, "BadRequest", str(exc)) from None
    eleves = eleves_des_classes(annuaire, structure, classes)
    chronologie = vs.chronologie_decompte()  # each day counted with the settings in force that day
    chiffres = []
    for rang, (classe, eleve) in enumerate(eleves):
        entree, _ = entree_decompte(vs, eleve, structure, du, au)
        chiffres.append({"classe": classe, "decompte": decompter(entree, chronologie),
                         "complements": complements_par_mois(entree, chronologie)})
        if progression is not None and rang % 25 == 0:
            progression(rang, len(eleves))
    return {"du": du.isoformat(), "au": au.isoformat(), "mois": mois, "classes": classes,
            "lignes": regles.par_classe_et_mois(chiffres, mois)}


def calcul_court(eleves, du, au) -> bool:
    """Whether the statistics of ``eleves`` students over [du, au] fit in a request (about a second)."""
    return eleves * ((au - du).days + 1) <= ELEVES_JOURS_MAX


@cartable_task(permission="zope2.View", title="Statistiques de la vie scolaire")
def tache_statistiques(site, progress, etablissement, du, au, classes):
    """The statistics of a long period, in the background, for the vie scolaire that asked (checked again here)."""
    lecteur = Lecteur(site)
    etab = site.get(etablissement)
    if etab is None or not hasattr(etab, "jointure"):
        raise Refus(404, "NotFound", "Établissement introuvable.")
    lecteur.exiger_vie_scolaire(etab.jointure, "Les statistiques sont réservées à la vie scolaire et à la direction.")
    classes = classes_choisies(lecteur.annuaire, etab.jointure, classes)

    def progression(fait, total):
        progress(fait, total, f"{fait} élèves sur {total}")

    resultat = calculer(lire_vie_scolaire(etab), lecteur.annuaire, etab.jointure, date.fromisoformat(du), date.fromisoformat(au),
                        classes, progression=progression)
    progress(1, 1, "Terminé")
    return {**resultat, "etablissement": etab.jointure}


def statistiques_csv(resultat):
    return regles.statistiques_csv(resultat["lignes"])


def _justifiee(vs, marque, motif):
    if marque["type"] != "absence":
        return None
    return motif is not None and bool(vs.motifs.get(motif, {}).get("recevable"))


def absences_periode(vs, annuaire, structure, du, au, classes):
    """Every absence, lateness and early departure of the period's registers for students of ``classes``.

    Only students with a mark in the registers of the courses held in the period are read.
    """
    classes = set(classes)
    marques = set()
    for _, appel in vs.appels_tenus(du, au):
        marques.update(appel.marques)
    lignes = []
    for ident in sorted(marques):
        eleve = annuaire.personne(ident)
        if eleve is None or eleve.categorie != "Eleve":
            continue
        les_classes = [c for s, c in eleve.classes if s == structure and c in classes]
        if not les_classes:
            continue
        _, marquees = evenements(vs, eleve, structure, du, au)
        for occ, marque, motif in marquees:
            matiere = annuaire.matieres.get(occ.matiere)
            lignes.append({
                "eleve": eleve.id, "nom": eleve.nom_complet, "classe": les_classes[0], "date": occ.date.isoformat(),
                "debut": occ.debut, "fin": occ.fin, "cours": matiere.valeur("ENTLibelleMatiere") if matiere is not None else occ.matiere,
                "type": marque["type"], "minutes": marque.get("minutes"),
                "motif": vs.motifs[motif]["libelle"] if motif in vs.motifs else None,
                "justifiee": _justifiee(vs, marque, motif),
            })
    return sorted(lignes, key=lambda a: (a["date"], a["debut"], a["classe"], a["nom"]))


def absences_csv(lignes):
    return regles.en_csv(COLONNES_ABSENCES, (
        [a["nom"], a["classe"], a["date"], f"{a['debut']}-{a['fin']}", a["cours"], TYPES.get(a["type"], a["type"]),
         a["minutes"], a["motif"] or ("À régulariser" if a["type"] == "absence" else None), a["justifiee"]]
        for a in lignes
    ))
