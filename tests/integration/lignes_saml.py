"""Access-matrix rows of Cartable's SAML service provider (cartable.annuaire.saml), merged into MATRICE by
test_matrice_acces.

Same shape as MATRICE: (name, method) → (path, expected per role, success status, body).
"""

from tests.integration.matrice_roles import TOUS

LIGNES = {
    # saml/…: public by nature (the anonymous come back from the identity provider there); saml/sls, the page
    # « Vous êtes déconnecté », answers everyone. The flows (login, acs, refusals, logout, metadata) with a
    # configured region and a real identity provider: tests/integration/test_saml.py
    ("saml", "page"): ("{site}/saml/sls", TOUS, 200, None),
}
