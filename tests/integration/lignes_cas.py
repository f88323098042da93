"""Access-matrix rows of Cartable's CAS server (cartable.annuaire.cas), merged into MATRICE by test_matrice_acces.

Same shape as MATRICE: (name, method) → (path, expected per role, success status, body).
"""

from tests.integration.matrice_roles import ROLES, seuls

CONNECTES = seuls(*(r for r in ROLES if r != "anonyme"))
SERVICE = {"motif": "https://appli.example.org/cas", "nom": "Appli de la matrice", "attributs": ["login"]}

LIGNES = {
    # cas/login without a service: « vous êtes connecté » for anyone logged in, the login form for the anonymous
    # (the flows with a service, the validations, logout: tests/integration/test_cas.py)
    ("cas", "page"): ("{site}/cas/login", CONNECTES, 200, None),
    # the registered services: the region's administrator only (the page, from Mon bureau's menu, and REST)
    ("services-cas", "page"): ("{site}/@@services-cas", seuls("admin"), 200, None),
    ("@cas-services", "GET"): ("{site}/@cas-services", seuls("admin"), 200, None),
    ("@cas-services", "POST"): ("{site}/@cas-services", seuls("admin"), 201, SERVICE),
    # nothing registered under this pattern in the fresh demo: the administrator gets through to a 404
    ("@cas-services", "DELETE"): ("{site}/@cas-services", {**seuls(), "admin": 404}, 200, {"motif": SERVICE["motif"]}),
}
