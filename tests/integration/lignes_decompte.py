"""Access-matrix rows of the counting settings (issue 20), merged into MATRICE by test_matrice_acces.

Same shape as MATRICE: (name, method) → (path, expected per role, success status, body). The vie
scolaire reads them, the direction and the region change them (the region's POST, after the
direction's same change, changes nothing and still answers 200); the page: the vie scolaire.
"""

from tests.integration.matrice_roles import seuls

LIGNES = {
    ("@reglages-decompte", "GET"): ("{etab}/@reglages-decompte", seuls("cpe", "direction", "admin"), 200, None),
    ("@reglages-decompte", "POST"): ("{etab}/@reglages-decompte", seuls("direction", "admin"), 200,
                                     {"a_partir_du": "2026-12-01", "mode": "calculees"}),
    ("reglages-decompte", "page"): ("{etab}/@@reglages-decompte", seuls("cpe", "direction", "admin"), 200, None),
}
