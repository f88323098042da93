"""Access-matrix rows of the theme endpoints, merged into MATRICE by test_matrice_acces.

Same shape as MATRICE: (name, method) → (path, expected per role, success status, body).
The error pages are Plone's two names, overridden on cartable.theme's layer: ``index.html`` (the exception
view: an unknown page is 404 for everybody) and ``insufficient-privileges`` (where Plone's challenge
sends a logged-in person refused a page: open to all, it shows no data).
"""

from tests.integration.matrice_roles import ROLES, seuls

LIGNES = {
    ("notifications", "page"): ("{site}/@@notifications", seuls(*ROLES[1:]), 200, None),
    ("index.html", "page"): ("{site}/cette-page-n-existe-pas", {r: 404 for r in ROLES}, 404, None),
    ("insufficient-privileges", "page"): ("{site}/@@insufficient-privileges", {r: "ok" for r in ROLES}, 200, None),
    # the login page (annuaire/browser/connexion.py, Plone's form standalone): open to all, it shows no data
    ("login", "page"): ("{site}/@@login", {r: "ok" for r in ROLES}, 200, None),
}
