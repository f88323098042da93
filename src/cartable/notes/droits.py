"""Who may read and write grades (DESIGN.md "People"), from the directory only.

Pure module: functions of the directory and the reader's record.
- a teacher writes the evaluations of the subjects they teach in a division
  (co-teachers share them), until the period's closing date;
- the professeur principal reads every grade of their class;
- the direction reads everything and writes after the closing date too;
- a student reads their own published grades, a parent their children's.
"""

from cartable.regles import acces


def enseigne_matiere(personne, structure, division, matiere) -> bool:
    if personne is None or not personne.actif or personne.categorie != "PersEducNat":
        return False
    return (structure, division, matiere) in set(personne.enseignements)


def est_principal(annuaire, personne, structure, division) -> bool:
    if personne is None or not personne.actif:
        return False
    principaux = annuaire.principaux.get((structure, division))
    return principaux is not None and personne.id in principaux


def est_direction(personne, structure) -> bool:
    return acces.est_direction(personne, structure)


def peut_saisir(personne, structure, division, matiere, cloturee: bool) -> bool:
    """Write marks and appreciations of a subject in a division."""
    if est_direction(personne, structure):
        return True
    return enseigne_matiere(personne, structure, division, matiere) and not cloturee


def lit_division(annuaire, personne, structure, division, matiere=None) -> bool:
    """Read the grid of a division (a subject of it when ``matiere`` is given)."""
    if est_direction(personne, structure) or est_principal(annuaire, personne, structure, division):
        return True
    return matiere is not None and enseigne_matiere(personne, structure, division, matiere)


def lit_eleve(annuaire, personne, eleve, structure) -> str | None:
    """'tout' (staff who see every grade of the student), 'publie' (the student, a parent), or None."""
    if personne is None or eleve is None or not personne.actif:
        return None
    if personne.id == eleve.id or acces.responsable_legal(personne, eleve):
        return "publie"
    if est_direction(personne, structure) and structure in eleve.rattachements:
        return "tout"  # the direction's own students: an identifier of another establishment is not a name to it
    if any(est_principal(annuaire, personne, s, c) for s, c in eleve.classes if s == structure):
        return "tout"
    return None
