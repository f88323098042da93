"""Access-matrix rows of the pedagogy endpoints (cahier de textes, agenda, charge, feeds), merged into MATRICE
by test_matrice_acces.

Same shape as MATRICE: (name, method) → (path, expected per role, success status, body).
The parent of another family reads 3A's cahier (their child is in 3A too), never the student's agenda.
"""

from tests.integration.matrice_roles import ROLES, seuls

MEMBRES_3A = ("eleve", "parent", "parent_autre", "enseignant", "cpe", "direction", "admin")
LECTEURS_AGENDA = ("eleve", "parent", "cpe", "direction", "admin")
PERSONNES = ("eleve", "parent", "parent_autre", "enseignant", "enseignant_autre", "cpe", "direction", "cpe_autre")

LIGNES = {
    ("@cahier-de-textes", "GET"): ("{espace}/@cahier-de-textes?du=2026-11-01&au=2026-11-30", seuls(*MEMBRES_3A), 200, None),
    ("@cahier-de-textes", "POST"): ("{espace}/@cahier-de-textes", seuls("enseignant"), 200,
                                    {"date": "2026-11-16", "contenu": "Séance de la matrice"}),
    ("@cahier-de-textes-historique", "GET"): ("{espace}/@cahier-de-textes-historique?cle=2026-11-16@hors-edt-1",
                                              seuls("enseignant", "direction", "admin"), 200, None),
    ("@cahier-de-textes-visa", "POST"): ("{espace}/@cahier-de-textes-visa", seuls("direction", "admin"), 200, {"au": "2026-11-01"}),
    ("cahier-de-textes", "page"): ("{espace}/@@cahier-de-textes", seuls(*MEMBRES_3A), 200, None),
    # nothing attached in the fixture: the members get 404, the others the refusal
    ("cahier-de-textes-piece", "page"): ("{espace}/@@cahier-de-textes-piece?cle=2026-11-16@x&id=y",
                                         {r: 404 if r in MEMBRES_3A else "non" for r in ROLES}, 404, None),
    ("@agenda", "GET"): ("{site}/@agenda?eleve={eleve}", seuls(*LECTEURS_AGENDA), 200, None),
    # only the student ticks; an unknown work item is 404 once the rights are checked (test_agenda_*: real ticks)
    ("@agenda", "POST"): ("{site}/@agenda", {r: 404 if r == "eleve" else "non" for r in ROLES}, 404,
                          {"travail": "inconnu", "fait": True, "eleve": "{eleve}"}),
    ("agenda", "page"): ("{site}/@@agenda?eleve={eleve}", seuls(*LECTEURS_AGENDA), 200, None),
    ("@charge-de-travail", "GET"): ("{etab}/@charge-de-travail?division=3A&du=2026-11-30&au=2026-12-06",
                                    seuls("enseignant", "cpe", "direction", "admin"), 200, None),
    # a feed is a person's of the directory (the regional admin has none)
    ("@agenda-jeton", "GET"): ("{site}/@agenda-jeton", seuls(*PERSONNES), 200, None),
    ("@agenda-jeton", "POST"): ("{site}/@agenda-jeton", seuls(*PERSONNES), 200, {}),
    ("@agenda-jeton", "DELETE"): ("{site}/@agenda-jeton", seuls(*PERSONNES), 200, None),
    # anonymous by design: an unknown token is 404 for everybody
    ("agenda.ics", "page"): ("{site}/@@agenda.ics?jeton=inconnu", {r: 404 for r in ROLES}, 404, None),
}
