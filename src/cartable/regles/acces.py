"""Who may see what in the directory: the access model of DESIGN.md "People".

Pure module (no Zope): every decision is a function of the directory and the
reader's record, made of O(log n) lookups. Views and REST services ask these
functions and answer 401/403 when they say no. The regional administrator
(Plone *Site Administrator* or *Manager*) is decided by the caller.

- élève: themselves;
- responsable: themselves and the children over whom they hold legal authority;
- enseignant: the classes and groups they teach, and the students in them;
- CPE (EDU) and direction (DIR), any number per establishment: everything of
  their establishment; "my classes" is a filter, never a wall;
- staff of an establishment: its directory page (staff by function, classes).
"""

# Function codes of ENTPersonFonctions that matter to the access model.
FONCTION_ENSEIGNANT = "ENS"
FONCTION_CPE = "EDU"
FONCTION_DIRECTION = "DIR"

VIE_SCOLAIRE = frozenset({FONCTION_CPE, FONCTION_DIRECTION})


def fonctions(lecteur, structure) -> set[str]:
    """Function codes of a staff member in one establishment."""
    if lecteur is None or not lecteur.actif or lecteur.categorie != "PersEducNat":
        return set()
    return {code for s, code, _ in lecteur.fonctions if s == structure}


def est_vie_scolaire(lecteur, structure) -> bool:
    """CPE or direction of the establishment: sees all of it."""
    return bool(fonctions(lecteur, structure) & VIE_SCOLAIRE)


def est_direction(lecteur, structure) -> bool:
    return FONCTION_DIRECTION in fonctions(lecteur, structure)


def est_personnel(lecteur, structure) -> bool:
    """Any function in the establishment, or attached to it as staff."""
    if lecteur is None or not lecteur.actif or lecteur.categorie != "PersEducNat":
        return False
    return bool(fonctions(lecteur, structure)) or structure in lecteur.rattachements


def enseigne(annuaire, lecteur, structure, division) -> bool:
    if lecteur is None or not lecteur.actif or lecteur.categorie != "PersEducNat":
        return False
    members = annuaire.enseignants_division.get((structure, division))
    return members is not None and lecteur.id in members


def voit_etablissement(annuaire, lecteur, structure) -> bool:
    """The directory page of an establishment (classes, staff by function)."""
    return est_personnel(lecteur, structure)


def membre_etablissement(annuaire, lecteur, structure) -> bool:
    """Staff, a student attached to it, or a legal responsable of one."""
    if lecteur is None or not lecteur.actif:
        return False
    if lecteur.categorie == "PersEducNat":
        return est_personnel(lecteur, structure)
    if lecteur.categorie == "Eleve":
        return structure in lecteur.rattachements
    return any(structure in enfant.rattachements for enfant in enfants_visibles(annuaire, lecteur))


def voit_division(annuaire, lecteur, structure, division) -> bool:
    """A class or group page: its roster and its teachers."""
    return est_vie_scolaire(lecteur, structure) or enseigne(annuaire, lecteur, structure, division)


def responsable_legal(lecteur, eleve) -> bool:
    if lecteur is None or not lecteur.actif or lecteur.categorie != "PersRelEleve":
        return False
    return any(lien.personne == lecteur.id and lien.representant_legal for lien in eleve.responsables)


def responsables_legaux(annuaire, eleve) -> list:
    """The ids of a student's active legal responsables (who is told of their absences, marks, homework)."""
    ids = []
    for lien in eleve.responsables:
        parent = annuaire.personne(lien.personne)
        if lien.representant_legal and parent is not None and parent.actif:
            ids.append(parent.id)
    return ids


def voit_eleve(annuaire, lecteur, eleve) -> bool:
    """A student's page: the student, their legal responsables, their teachers, vie scolaire."""
    if lecteur is None or eleve is None or eleve.categorie != "Eleve" or not lecteur.actif:
        return False
    if lecteur.id == eleve.id:
        return True
    if responsable_legal(lecteur, eleve):
        return True
    if lecteur.categorie != "PersEducNat":
        return False
    structures = set(eleve.rattachements) | {s for s, _ in eleve.classes}
    if any(est_vie_scolaire(lecteur, s) for s in structures):
        return True
    return any(enseigne(annuaire, lecteur, s, d) for s, d in eleve.classes + eleve.groupes)


def enfants_visibles(annuaire, lecteur) -> list:
    """The children a responsable holds legal authority over (O(children))."""
    if lecteur is None or lecteur.categorie != "PersRelEleve" or not lecteur.actif:
        return []
    enfants = []
    for eleve_id in annuaire.enfants_de(lecteur.id):
        eleve = annuaire.personne(eleve_id)
        if eleve is not None and eleve.actif and responsable_legal(lecteur, eleve):
            enfants.append(eleve)
    return enfants

