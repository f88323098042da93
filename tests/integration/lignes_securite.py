"""Access-matrix rows of the securite endpoints, merged into MATRICE by test_matrice_acces.

Same shape as MATRICE: (name, method) → (path, expected per role, success status, body).
"""

from tests.integration.matrice_roles import ROLES

LIGNES = {
    # plone.restapi's @login, overridden so that an unknown login is checked (and throttled) like any other:
    # an invented login with a wrong password is 401 for everybody, whoever is logged in
    ("@login", "POST"): ("{site}/@login", {r: 401 for r in ROLES}, 401, {"login": "personne.inventee", "password": "mauvais"}),
    # Plone's author page (a login → a full name), gone: 404 for everybody
    ("author", "page"): ("{site}/author/quelqu-un", {r: 404 for r in ROLES}, 404, None),
    # plone.restapi's @logout, overridden so that the token's revocation is kept: without a Bearer token
    # (Basic auth here) there is nothing to revoke, 400 for everybody (tests/security/test_jetons.py: with one)
    ("@logout", "POST"): ("{site}/@logout", {r: 400 for r in ROLES}, 400, None),
    # « Mot de passe oublié »: one French page for everybody, whatever login is typed (test_mot_de_passe_oublie)
    ("mail_password_form", "page"): ("{site}/mail_password_form", {r: "ok" for r in ROLES}, 200, None),
    ("mail_password", "page"): ("{site}/mail_password?userid=quelqu-un", {r: "ok" for r in ROLES}, 200, None),
    ("passwordreset", "page"): ("{site}/passwordreset/jeton", {r: "ok" for r in ROLES}, 200, None),
}
