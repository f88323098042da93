"""Access-matrix rows of cartable.etablissement (editors, home pages) and of the PWA (manifest, service worker),
merged into MATRICE by test_matrice_acces.

Same shape as MATRICE: (name, method) → (path, expected per role, success status, body).
The matrix's fixture names no editor: the direction (and the region) are the editors there.
"""

from tests.integration.matrice_roles import ROLES, seuls

PERSONNELS = ("enseignant", "enseignant_autre", "cpe", "direction", "admin")
DIRECTION = ("direction", "admin")


LIGNES = {
    # its staff read the list of editors; the direction and the region name and remove them
    ("@editeurs", "GET"): ("{etab}/@editeurs", seuls(*PERSONNELS), 200, None),
    # a student cannot be named: refused as bad input (400) for those who may name, nothing written
    ("@editeurs", "POST"): ("{etab}/@editeurs", {r: 400 if r in DIRECTION else "non" for r in ROLES}, 400,
                            {"personne": "{eleve}"}),
    # removing somebody who is no editor changes nothing and answers the list (a replay is harmless)
    ("@editeurs", "DELETE"): ("{etab}/@editeurs/personne-inconnue", seuls(*DIRECTION), 200, None),
    ("editeurs", "page"): ("{etab}/@@editeurs", seuls(*DIRECTION), 200, None),
    ("espaces-libres-gestion", "page"): ("{etab}/@@espaces-libres-gestion?classe=3A", seuls(*DIRECTION), 200, None),
    # the establishment's home page and the public list: published items only, for everybody
    ("accueil", "page"): ("{etab}/@@accueil", {r: "ok" for r in ROLES}, 200, None),
    ("etablissements-publics", "page"): ("{site}/@@etablissements-publics", {r: "ok" for r in ROLES}, 200, None),
    # the PWA: the manifest and the service worker are the same for everybody (no personal data)
    ("manifest.webmanifest", "page"): ("{site}/manifest.webmanifest", {r: "ok" for r in ROLES}, 200, None),
    ("sw.js", "page"): ("{site}/sw.js", {r: "ok" for r in ROLES}, 200, None),
}
