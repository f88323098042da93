"""Access-matrix rows of the RGPD pages and services (cartable.policy.rgpd), merged into MATRICE by test_matrice_acces.

Same shape as MATRICE: (name, method) → (path, expected per role, success status, body).
"""

from tests.integration.matrice_roles import ROLES, seuls

CONNECTES = seuls(*(r for r in ROLES if r != "anonyme"))

LIGNES = {
    # « Mes données » of one student: the student, their legal responsable; nobody else (not even the school)
    ("@mes-donnees", "GET"): ("{site}/@mes-donnees?eleve={eleve}", seuls("eleve", "parent"), 200, None),
    # the page (one's own data): everyone logged in
    ("mes-donnees", "page"): ("{site}/@@mes-donnees", CONNECTES, 200, None),
    # the log of reads of students' sensitive records: the direction, the region
    ("@journal-acces", "GET"): ("{etab}/@journal-acces?eleve={eleve}", seuls("direction", "admin"), 200, None),
    ("journal-acces", "page"): ("{etab}/@@journal-acces", seuls("direction", "admin"), 200, None),
    # the retention tour's dry run: the region's administrator
    ("@retention", "GET"): ("{site}/@retention?essai=1", seuls("admin"), 200, None),
    ("durees-de-conservation", "page"): ("{site}/@@durees-de-conservation", seuls("admin"), 200, None),
}
