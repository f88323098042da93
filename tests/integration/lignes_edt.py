"""Access-matrix rows of the timetable pages (issue 15), merged into MATRICE by test_matrice_acces.

Same shape as MATRICE: (name, method) → (path, expected per role, success status, body).
"""

from tests.integration.matrice_roles import seuls

LIGNES = {
    # the hourly week grid of a student: the student, their legal responsables, their teachers, the vie scolaire
    # (rendered by the page itself since issue 15: a parent of another child no longer gets an empty frame)
    ("emploi-du-temps", "page"): (
        "{etab}/@@emploi-du-temps?eleve={eleve}",
        seuls("eleve", "parent", "enseignant", "cpe", "direction", "admin"),
        200,
        None,
    ),
}
