"""The LSU file of a period, from the grades, the directory and the half-day module.

The rules and the writing are cartable.regles.lsu; this gathers its input.
What the directory does not carry (teachers' STS ids, a subject's modalité
d'élection other than tronc commun, a student's Base élèves id when the
directory id is not numeric) the direction gives once through
POST @lsu {"enseignants": {id: sts}, "eleves": {id: id_be}, "modalites": {code: "S"}};
it is kept in the carnet (``lsu``).
"""

from BTrees.OOBTree import OOBTree

from cartable.regles import lsu
from cartable.regles.acces import FONCTION_DIRECTION
from cartable.regles.releve import calculer_eleve, evaluations_eleve
from cartable.viescolaire.absences import decompte

MODALITE_PAR_DEFAUT = "S"  # tronc commun


def _civilite(titre):
    """AAF's personalTitle (M., Mme, Mlle) → the LSU's M / MME."""
    if not titre:
        return {}
    return {"civilite": "MME" if titre.lower().startswith(("mme", "mlle")) else "M"}


def identifiants(carnet):
    """{"enseignants", "eleves", "modalites"}: what the direction gave for the LSU."""
    return getattr(carnet, "lsu", None) or {}


def definir_identifiants(carnet, donnees):
    """Merge the given ids (checked by the export itself: a wrong one is listed there). All checked, then written."""
    for genre in ("enseignants", "eleves", "modalites"):
        valeurs = donnees.get(genre) or {}
        if not isinstance(valeurs, dict) or not all(isinstance(k, str) and isinstance(v, (str, int)) for k, v in valeurs.items()):
            raise ValueError(f"{genre} : un objet {{identifiant: valeur}} est attendu.")
    if getattr(carnet, "lsu", None) is None:
        carnet.lsu = OOBTree()
    for genre in ("enseignants", "eleves", "modalites"):
        valeurs = donnees.get(genre) or {}
        actuelles = dict(carnet.lsu.get(genre, {}))
        actuelles.update({k: str(v).strip() for k, v in valeurs.items()})
        carnet.lsu[genre] = actuelles


def donnees(carnet, annuaire, vs, structure, code_periode, classes_voulues=None):
    """The input of cartable.regles.lsu for every class of the establishment (or those of ``classes_voulues``)."""
    ids = identifiants(carnet)
    periodes = sorted(carnet.periodes.values(), key=lambda p: p["du"])
    periode = carnet.periodes[code_periode]
    etablissement = annuaire.structures[structure]
    directeurs = [annuaire.personne(i) for i in annuaire.membres_fonction(structure, FONCTION_DIRECTION)]
    responsable = ", ".join(sorted(p.nom_complet for p in directeurs if p is not None))
    annee = periode["du"].year if periode["du"].month >= 8 else periode["du"].year - 1
    enseignants, matieres, classes, eleves = {}, {}, [], []
    for classe in sorted(annuaire.divisions_de(structure, "classe")):
        if classes_voulues is not None and classe not in classes_voulues:
            continue
        conseil = carnet.conseils.get((code_periode, classe)) or {}
        classes.append({"code": classe, "libelle": annuaire.divisions_de(structure, "classe")[classe],
                        **({"date_conseil": conseil["date"]} if conseil.get("date") else {}),
                        "professeurs_principaux": sorted(annuaire.principaux.get((structure, classe), ()))})
        par_matiere_enseignants = {}
        for ident in annuaire.enseignants_de(structure, classe):
            personne = annuaire.personne(ident)
            for s, d, m in personne.enseignements if personne is not None else ():
                if s == structure and d == classe and m:
                    par_matiere_enseignants.setdefault(m, []).append(ident)
                    enseignants[ident] = {"id": ident, "id_sts": ids.get("enseignants", {}).get(ident, ""), "nom": personne.nom,
                                          "prenom": personne.prenom,
                                          **_civilite(personne.civilite)}
        for ident in sorted(annuaire.eleves(structure, classe)):
            eleve = annuaire.personne(ident)
            if eleve is None or not eleve.actif:
                continue
            par_matiere, _ = calculer_eleve(carnet, eleve.id, evaluations_eleve(carnet, eleve, structure, code_periode, publiees=False))
            for m in par_matiere:
                enregistrement = annuaire.matieres.get(m)
                matieres[m] = {"code": m, "libelle": (enregistrement.valeur("ENTLibelleMatiere") if enregistrement is not None else m)[:40],
                               "modalite": ids.get("modalites", {}).get(m, MODALITE_PAR_DEFAUT)}
            compte = None
            if vs is not None and vs.calendrier is not None:
                compte, _ = decompte(vs, eleve, structure, periode["du"], min(periode["au"], vs.calendrier.fin))
            eleves.append({
                "id": eleve.id, "id_be": ids.get("eleves", {}).get(eleve.id, eleve.id if eleve.id.isdigit() else ""),
                "nom": eleve.nom, "prenom": eleve.prenom, "classe": classe,
                "acquis": [{"matiere": m, "enseignants": sorted(par_matiere_enseignants.get(m, [])), "moyenne": moyenne,
                            "appreciation": (carnet.appreciations.get((code_periode, m, eleve.id)) or {}).get("texte", "")}
                           for m, moyenne in sorted(par_matiere.items())],
                "appreciation_generale": (carnet.appreciations_generales.get((code_periode, eleve.id)) or {}).get("texte", ""),
                "vie_scolaire": lsu.vie_scolaire_du_decompte(compte) if compte is not None
                else {"retards": 0, "abs_justifiees": 0, "abs_injustifiees": 0},
            })
    return {
        "editeur": "Cartable", "application": "Cartable",
        "etablissement": {"uai": etablissement.uai, "nom": etablissement.nom, "responsable": responsable},
        "millesime": str(annee),
        "periode": {"indice": [p["code"] for p in periodes].index(code_periode) + 1, "nb_periodes": len(periodes),
                    "debut": periode["du"], "fin": periode["au"]},
        "enseignants": list(enseignants.values()), "matieres": list(matieres.values()), "classes": classes, "eleves": eleves,
    }
