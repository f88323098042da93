"""Access-matrix rows of the skills endpoints and pages (issue 17), merged into MATRICE by test_matrice_acces.

Same shape as MATRICE: (name, method) → (path, expected per role, success status, body).
"""

from tests.integration.matrice_roles import seuls

PERSONNELS = ("enseignant", "enseignant_autre", "cpe", "direction", "admin")

LIGNES = {
    # the référentiel: read by the establishment's staff, edited by the direction (an empty list: nothing changes)
    ("@referentiel-competences", "GET"): ("{etab}/@referentiel-competences", seuls(*PERSONNELS), 200, None),
    ("@referentiel-competences", "POST"): ("{etab}/@referentiel-competences", seuls("direction", "admin"), 200, {"items": []}),
    # the positioning grid: like the marks grid (the subject's teacher, the direction)
    ("@saisie-competences", "GET"): ("{etab}/@saisie-competences?division=3A&matiere={matiere}&periode=T1",
                                     seuls("enseignant", "direction", "admin"), 200, None),
    # an empty batch: the staff get an answer, each cell is checked on its own (test_competences)
    ("@saisie-competences", "POST"): ("{etab}/@saisie-competences", seuls(*PERSONNELS), 200, {"cellules": []}),
    ("@bilan-competences", "GET"): ("{etab}/@bilan-competences?division=3A&matiere={matiere}&periode=T1",
                                    seuls("enseignant", "direction", "admin"), 200, None),
    # no elements nor overrides: the rights are checked, nothing changes
    ("@bilan-competences", "POST"): ("{etab}/@bilan-competences", seuls("enseignant", "direction", "admin"), 200,
                                     {"division": "3A", "matiere": "{matiere}", "periode": "T1"}),
    # the end of cycle of a troisième: the direction (the matrix's teacher is not 3A's professeur principal, who
    # reads it and writes the synthesis: test_competences)
    ("@fin-de-cycle", "GET"): ("{etab}/@fin-de-cycle?division=3A", seuls("direction", "admin"), 200, None),
    ("@fin-de-cycle", "POST"): ("{etab}/@fin-de-cycle", seuls("direction", "admin"), 200,
                                {"division": "3A", "eleves": []}),
    # a student's skills: the student, their legal responsables, the direction
    ("@competences-eleve", "GET"): ("{etab}/@competences-eleve?eleve={eleve}&periode=T1",
                                    seuls("eleve", "parent", "direction", "admin"), 200, None),
}

LIGNES.update({
    # the keyboard grid of positions (like the marks grid: the service checks the subject)
    ("saisie-competences", "page"): ("{etab}/@@saisie-competences?division=3A&matiere={matiere}&periode=T1",
                                     seuls(*PERSONNELS), 200, None),
    # a student's skills: like « Mes notes »
    ("competences-eleve", "page"): ("{etab}/@@competences-eleve?eleve={eleve}&periode=T1",
                                    seuls("eleve", "parent", "direction", "admin"), 200, None),
})

LIGNES.update({
    # the end-of-cycle bilan of a class: the direction (and the professeurs principaux of classes ending a cycle)
    ("fin-de-cycle", "page"): ("{etab}/@@fin-de-cycle?division=3A", seuls("direction", "admin"), 200, None),
})
