"""Access-matrix rows of the pedagogy endpoints (socle), merged into MATRICE by test_matrice_acces.

Same shape as MATRICE: (name, method) → (path, expected per role, success status, body).
"""

from tests.integration.matrice_roles import ROLES

GESTION = ("direction", "admin")  # the direction of the establishment and the regional administrators

LIGNES = {
    ("@espaces-libres", "GET"): ("{etab}/@espaces-libres", {r: "ok" if r in GESTION else "non" for r in ROLES}, 200, None),
    # an update of a space that does not exist: the allowed get 404 once the rights are checked
    # (test_espaces_libres: creation, update, refusals)
    ("@espaces-libres", "POST"): ("{etab}/@espaces-libres", {r: 404 if r in GESTION else "non" for r in ROLES}, 404,
                                  {"espace": "pas-un-espace", "membres": []}),
}
