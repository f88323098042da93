"""Access-matrix rows of the course space's page as JSON (merged into MATRICE by test_matrice_acces).

The page itself is the space's ``view`` (its default view), a key MATRICE already has for the Classe:
its access per role is checked in test_espace_cours (test_who_opens_the_space_page), as the Devoir's is.
The space's members: its teacher, its student and their parent, the vie scolaire and the direction of its
school (readers), the region's administrator; never another class's teacher, another family, another school.
"""

from tests.integration.matrice_roles import seuls

LIGNES = {
    ("@espace-cours", "GET"): ("{espace}/@espace-cours", seuls("eleve", "parent", "parent_autre", "enseignant", "cpe", "direction", "admin"), 200, None),
}
