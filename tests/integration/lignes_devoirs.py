"""Access-matrix rows of the pedagogy endpoints (devoirs), merged into MATRICE by test_matrice_acces.

Same shape as MATRICE: (name, method) → (path, expected per role, success status, body).
The Devoir's own page is registered as ``view`` (its default view), a key MATRICE already has for the
Classe: its access is checked in test_devoirs_rendus (test_devoir_page_*).
"""

from tests.integration.matrice_roles import ROLES, seuls


def statut(status, *roles):
    return {role: status if role in roles else "non" for role in ROLES}


LIGNES = {
    # the teacher of the space (the regional admin passes every page's guard, as elsewhere)
    ("nouveau-devoir", "page"): ("{espace}/@@nouveau-devoir", seuls("enseignant", "admin"), 200, None),
    ("correction", "page"): ("{devoir}/@@correction", seuls("enseignant", "direction", "admin"), 200, None),
    # a student's own hand-in; « non rendu » before any (never a 404)
    ("@rendu", "GET"): ("{devoir}/@rendu", seuls("eleve"), 200, None),
    # nothing asked: nothing written, the rights are checked
    ("@rendu", "POST"): ("{devoir}/@rendu", seuls("eleve"), 200, {"fichiers": [], "remettre": False}),
    # no hand-in in the fixture: the allowed get 404 (test_devoirs_rendus covers the real download)
    ("@rendu-fichier", "GET"): ("{devoir}/@rendu-fichier?eleve={eleve}&nom=copie.pdf",
                                statut(404, "eleve", "enseignant", "direction", "admin"), 404, None),
    ("@correction", "GET"): ("{devoir}/@correction", seuls("enseignant", "direction", "admin"), 200, None),
    ("@correction", "POST"): ("{devoir}/@correction", seuls("enseignant", "admin"), 200, {"action": "restituer_tout"}),
    ("@rendus-zip", "POST"): ("{devoir}/@rendus-zip", seuls("enseignant", "direction", "admin"), 202, {}),
    ("@rendus-zip", "GET"): ("{devoir}/@rendus-zip", statut(404, "enseignant", "direction", "admin"), 404, None),
}
