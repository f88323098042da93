"""Access-matrix rows of the bureau endpoints, merged into MATRICE by test_matrice_acces.

Same shape as MATRICE: (name, method) → (path, expected per role, success status, body).
"""

from tests.integration.matrice_roles import ROLES, seuls

CONNECTES = {role: "non" if role == "anonyme" else "ok" for role in ROLES}

LIGNES = {
    # the site's home: anonymous visitors get the public home, everyone else their own bureau
    ("mon-bureau", "page"): ("{site}/@@mon-bureau", {role: "ok" for role in ROLES}, 200, None),
    ("@bureau", "GET"): ("{site}/@bureau", CONNECTES, 200, None),
    ("preferences-notifications", "page"): ("{site}/@@preferences-notifications", CONNECTES, 200, None),
    ("@preferences-notifications", "GET"): ("{site}/@preferences-notifications", CONNECTES, 200, None),
    ("@preferences-notifications", "POST"): ("{site}/@preferences-notifications", CONNECTES, 200, {"devoir": "resume"}),
    ("@heures-calmes", "GET"): ("{etab}/@heures-calmes", seuls("cpe", "direction", "admin"), 200, None),
    ("@heures-calmes", "POST"): ("{etab}/@heures-calmes", seuls("direction", "admin"), 200, {"debut": "20:00", "fin": "07:00"}),
}
