"""The roles of the access matrix and the helpers its rows are written with (test_matrice_acces.py and every
lignes_<area>.py import them from here: the matrix imports the rows, so the rows cannot import the matrix)."""

ROLES = ("anonyme", "eleve", "parent", "parent_autre", "enseignant", "enseignant_autre", "cpe", "direction",
         "cpe_autre", "admin")
OK, NON = "ok", "non"
TOUS = {role: OK for role in ROLES}


def seuls(*roles):
    """Expected: allowed for ``roles``, refused for every other role."""
    return {role: OK if role in roles else NON for role in ROLES}
