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
        assert setup_tool.getLastVersionForProfile("cartable.notes:default") == ("1002",)
        assert isinstance(carnet.appreciations, Fiches) and len(carnet.reponses_par_login) == 0
        assert {cle: f.get("texte") for cle, f in carnet.appreciations.items()} == avant
    finally:
        transaction.abort()


def test_the_class_horodatages_say_what_reading_every_fiche_says_and_step_1002_builds_them(integration_demo):
    """The direction's bulletins block reads one Horodatage per class (cartable.notes.bureau.derniere_modification);
    the demo's saves wrote them, they agree with reading every fiche of the period, and the upgrade step 1001 → 1002
    builds the same for a carnet that had none."""
    from cartable.notes.bureau import derniere_modification

    portal = integration_demo["portal"]
    etab = portal[integration_demo["cartable_demo"]["chemins"]["etab"].lstrip("/")]
    carnet = lire_carnet(etab)
    divisions = {f.get("division") for f in carnet.appreciations.values()}
    assert divisions and len(carnet.modifications)
    par_horodatage = derniere_modification(carnet, "T1", divisions)
    garde = carnet.modifications
    try:
        carnet.modifications = None  # a carnet made before 1002: every fiche is read
        en_lisant_tout = derniere_modification(carnet, "T1", divisions)
        assert par_horodatage == en_lisant_tout and set(en_lisant_tout) == divisions
        setup_tool = portal.portal_setup
        setup_tool.setLastVersionForProfile("cartable.notes:default", "1001")
        setup_tool.upgradeProfile("cartable.notes:default")
        assert setup_tool.getLastVersionForProfile("cartable.notes:default") == ("1002",)
        assert carnet.modifications is not garde and derniere_modification(carnet, "T1", divisions) == en_lisant_tout
    finally:
        transaction.abort()
