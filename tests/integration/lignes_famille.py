"""Access-matrix rows of a family's vie scolaire pages, merged into MATRICE by test_matrice_acces.

Same shape as MATRICE: (name, method) → (path, expected per role, success status, body).
"""

from tests.integration.matrice_roles import seuls

LIGNES = {
    # « Absences et retards »: the child, their legal responsables, this establishment's vie scolaire
    ("absences-eleve", "page"): ("{etab}/@@absences-eleve?eleve={eleve}", seuls("eleve", "parent", "cpe", "direction", "admin"), 200, None),
}
