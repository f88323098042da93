"""The directory seen by the messagerie: a person's ``Profil`` for the rule, a group's members, the contacts a
family is offered, a person's card (name and role in words). Reads only, O(children + classes) per person."""

from cartable.regles import acces
from cartable.regles import messagerie as regles

CATEGORIES = {"Eleve": regles.ELEVE, "PersRelEleve": regles.PARENT, "PersEducNat": regles.PERSONNEL}
ROLES = {"eleve": "Élève", "parent": "Parent", "enseignant": "Enseignant", "vie_scolaire": "Vie scolaire",
         "personnel": "Personnel"}
CHERCHES = 200  # names read from the index per search before the rule filters them


def profil(annuaire, personne):
    """The person as the rule sees them (None for None)."""
    if personne is None:
        return None
    categorie = CATEGORIES.get(personne.categorie, "")
    if categorie == regles.ELEVE:
        divisions = frozenset(personne.classes + personne.groupes)
        return regles.Profil(personne.id, categorie, actif=personne.actif,
                             etablissements=frozenset(personne.rattachements) | {s for s, _ in divisions},
                             divisions=divisions, parents=frozenset(acces.responsables_legaux(annuaire, personne)))
    if categorie == regles.PARENT:
        enfants = acces.enfants_visibles(annuaire, personne) if personne.actif else []
        divisions = frozenset(d for e in enfants for d in e.classes + e.groupes)
        structures = frozenset(s for e in enfants for s in e.rattachements) | {s for s, _ in divisions}
        return regles.Profil(personne.id, categorie, actif=personne.actif, etablissements=structures,
                             enfants=frozenset(e.id for e in enfants), divisions_enfants=divisions)
    if categorie == regles.PERSONNEL:
        fonctions = frozenset((s, code) for s, code, _ in personne.fonctions)
        divisions = frozenset(personne.classes + personne.groupes) | {(s, d) for s, d, _ in personne.enseignements}
        return regles.Profil(personne.id, categorie, actif=personne.actif,
                             etablissements=frozenset(personne.rattachements) | {s for s, _ in fonctions},
                             fonctions=fonctions, divisions=divisions,
                             principal=frozenset(personne.classes_principal))
    return regles.Profil(personne.id, "", actif=False)


class Profils:
    """Profiles read once per request (a group of 900 parents reads each parent once)."""

    def __init__(self, annuaire):
        self.annuaire = annuaire
        self._vus = {}

    def __call__(self, ident):
        if ident not in self._vus:
            self._vus[ident] = profil(self.annuaire, self.annuaire.personne(ident))
        return self._vus[ident]


def eleves_du_groupe(annuaire, groupe) -> list:
    """The students whose families a group of parents reaches: a class's or group's, or every class's of the
    establishment (« les parents de l'établissement »)."""
    if groupe.genre == regles.FAMILLES:
        divisions = sorted(annuaire.divisions_de(groupe.structure, "classe"))
        return list(dict.fromkeys(e for d in divisions for e in annuaire.eleves(groupe.structure, d)))
    return annuaire.eleves(groupe.structure, groupe.division) if groupe.division else []


def membres_groupe(annuaire, groupe) -> list:
    """The ids the directory lists in a group (the rule then keeps those the sender may write to)."""
    s, d = groupe.structure, groupe.division
    if groupe.genre == regles.ELEVES_DE:
        return annuaire.eleves(s, d)
    if groupe.genre in (regles.PARENTS_DE, regles.FAMILLES):
        ids = []
        for eleve_id in eleves_du_groupe(annuaire, groupe):
            eleve = annuaire.personne(eleve_id)
            if eleve is not None and eleve.actif:
                ids += acces.responsables_legaux(annuaire, eleve)
        return list(dict.fromkeys(ids))
    if groupe.genre == regles.PROFESSEURS_DE:
        return list(dict.fromkeys(annuaire.enseignants_de(s, d) + list(annuaire.principaux.get((s, d), ()))))
    if groupe.genre == regles.PERSONNELS:
        ids = [i for membres in annuaire.personnel_de(s).values() for i in membres]
        return list(dict.fromkeys(ids))
    return []


def contacts(annuaire, exp) -> list:
    """The people a family is offered before typing a name: for a student or a parent, the teachers and the
    professeur principal of each class and group of the child(ren), the CPE and the direction of each
    establishment; a parent's children and a student's parents. Staff type a name (their reach is wide)."""
    if exp is None or exp.categorie not in (regles.ELEVE, regles.PARENT):
        return []
    divisions = exp.divisions if exp.categorie == regles.ELEVE else exp.divisions_enfants
    ids = []
    for s, d in sorted(divisions):
        ids += list(annuaire.principaux.get((s, d), ())) + annuaire.enseignants_de(s, d)
    for s in sorted(exp.etablissements):
        ids += annuaire.membres_fonction(s, regles.FONCTION_CPE) + annuaire.membres_fonction(s, regles.FONCTION_DIRECTION)
    ids += sorted(exp.enfants) + sorted(exp.parents)
    return list(dict.fromkeys(ids))


def permis(annuaire, exp, ids, reglages, profils=None) -> list:
    """The ids among ``ids`` the sender may write to, in order."""
    profils = profils or Profils(annuaire)
    return regles.destinataires_permis(exp, [p for p in map(profils, ids) if p is not None], reglages)


def chercher(annuaire, exp, texte, reglages, limite=20) -> list:
    """People whose name starts as typed and whom the sender may write to (bounded: CHERCHES names read)."""
    ids = annuaire.chercher_nom(texte, limite=CHERCHES) if texte and texte.strip() else []
    return permis(annuaire, exp, ids, reglages)[:limite]


def libelle_matiere(annuaire, code):
    enregistrement = annuaire.matieres.get(code)
    libelle = enregistrement.valeur("ENTLibelleMatiere") if enregistrement is not None else ""
    return (libelle or code).capitalize()


def fiche(annuaire, ident, structures=()):
    """{"id", "nom", "detail"}: the name and the role in words (« Enseignant, Mathématiques — 3A »)."""
    personne = annuaire.personne(ident)
    if personne is None:
        return {"id": ident, "nom": "Personne inconnue", "detail": "", "eleve": False}
    p = profil(annuaire, personne)
    structure = next((s for s in structures if s in p.etablissements), next(iter(sorted(p.etablissements)), None))
    role = regles.role(p, structure) if structure else None
    detail = ROLES.get(role, "")
    if role == "enseignant":
        matieres = sorted({libelle_matiere(annuaire, m) for s, _, m in personne.enseignements if s == structure and m})
        detail = f"{detail} ({', '.join(matieres[:3])})" if matieres else detail
    elif role == "vie_scolaire":
        codes = {c for s, c in p.fonctions if s == structure}
        detail = "Direction" if regles.FONCTION_DIRECTION in codes else "Conseiller principal d'éducation"
    elif role == "eleve":
        classes = [d for s, d in personne.classes if s == structure]
        detail = f"Élève de {classes[0]}" if classes else detail
    elif role == "parent":
        enfants = [annuaire.personne(e) for e in sorted(p.enfants)]
        prenoms = [e.prenom for e in enfants if e is not None]
        detail = f"Parent de {', '.join(prenoms)}" if prenoms else detail
    if not personne.actif:
        detail = f"{detail} (compte désactivé)" if detail else "Compte désactivé"
    return {"id": ident, "nom": personne.nom_complet or "Sans nom", "detail": detail, "eleve": role == "eleve"}
