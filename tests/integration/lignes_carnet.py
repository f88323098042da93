"""Access-matrix rows of the grade book's new endpoints (issue 15), merged into MATRICE by test_matrice_acces.

Same shape as MATRICE: (name, method) → (path, expected per role, success status, body).
"""

from tests.integration.matrice_roles import ROLES


def statut(status, *roles):
    return {role: status if role in roles else "non" for role in ROLES}


LIGNES = {
    # an unknown evaluation: the establishment's staff get 404 once their rights are checked (test_carnet_evaluations:
    # the real deletion, refused while it has a mark, and the subject teacher only)
    ("@evaluations", "DELETE"): ("{etab}/@evaluations/inconnue",
                                 statut(404, "enseignant", "enseignant_autre", "cpe", "direction", "admin"), 404, None),
}
