"""The upgrade step cartable.notes 1000 → 1001 run by GenericSetup on the demo region: every carnet's trees are
fiches afterwards, a carnet kept as 1000 did is moved, and nothing read changes."""

import transaction
from BTrees.OOBTree import OOBTree

from cartable.notes.registre import Fiche, Fiches
from cartable.notes.stockage import lire_carnet


def test_the_upgrade_step_moves_an_old_carnet_and_reads_the_same(integration_demo):
    portal = integration_demo["portal"]
    etab = portal[integration_demo["cartable_demo"]["chemins"]["etab"].lstrip("/")]
    carnet = lire_carnet(etab)
    avant = {cle: f.get("texte") for cle, f in carnet.appreciations.items()}
    assert avant and all(isinstance(f, Fiche) for f in carnet.appreciations.values())  # the demo writes fiches
    ancien = OOBTree()  # as 1000 kept them
    for cle, fiche in carnet.appreciations.items():
        ancien[cle] = dict(fiche.valeur)
    carnet.appreciations = ancien
    del carnet.reponses_par_login
    try:
        setup_tool = portal.portal_setup
        setup_tool.setLastVersionForProfile("cartable.notes:default", "1000")
        setup_tool.upgradeProfile("cartable.notes:default")
        assert setup_tool.getLastVersionForProfile("cartable.notes:default") == ("1001",)
        assert isinstance(carnet.appreciations, Fiches) and len(carnet.reponses_par_login) == 0
        assert {cle: f.get("texte") for cle, f in carnet.appreciations.items()} == avant
    finally:
        transaction.abort()
