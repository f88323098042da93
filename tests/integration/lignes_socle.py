"""Access-matrix rows of the pedagogy endpoints (socle), merged into MATRICE by test_matrice_acces.

Same shape as MATRICE: (name, method) → (path, expected per role, success status, body).
"""

LIGNES = {}
