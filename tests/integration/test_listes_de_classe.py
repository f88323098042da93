"""The directory's class lists (upgrade 1008): a register reads its students' names from one index entry, and
says exactly what the students' records say, in the same order, on every division of the demo region."""

from cartable.annuaire.stockage import lire_annuaire


def par_les_fiches(annuaire):
    """Every division's list read from the records (what a register read before the index)."""
    index, annuaire.listes_division = annuaire.listes_division, None
    try:
        return {division: annuaire.inscrits(*division) for division in annuaire.eleves_division.keys()}
    finally:
        annuaire.listes_division = index


def test_every_division_reads_the_same_students_in_the_same_order(integration_demo):
    annuaire = lire_annuaire(integration_demo["portal"])
    attendu = par_les_fiches(annuaire)
    assert len(attendu) > 20 and sum(map(len, attendu.values())) > 500
    assert {division: annuaire.inscrits(*division) for division in attendu} == attendu


def test_the_upgrade_builds_the_lists_of_a_directory_made_before(integration_demo):
    portal = integration_demo["portal"]
    annuaire = lire_annuaire(portal)
    attendu = par_les_fiches(annuaire)
    annuaire.listes_division = None  # a directory from before 1008
    setup_tool = portal.portal_setup
    setup_tool.setLastVersionForProfile("cartable.annuaire:default", "1007")
    setup_tool.upgradeProfile("cartable.annuaire:default")
    assert setup_tool.getLastVersionForProfile("cartable.annuaire:default") == ("1008",)
    assert annuaire.listes_division is not None
    assert {division: annuaire.inscrits(*division) for division in attendu} == attendu


def test_a_class_roster_lists_its_students_from_the_class_list(integration_demo):
    """The directory's class page and @annuaire-classe: the class's students by name, no record needed."""
    from cartable.annuaire.browser.annuaire import fiche_division

    annuaire = lire_annuaire(integration_demo["portal"])
    structure, classe = next(k for k in annuaire.eleves_division.keys() if (k[0], "classe", k[1]) in annuaire.divisions)
    fiches = [annuaire.personne(i) for i in annuaire.eleves(structure, classe)]
    eleves = fiche_division(annuaire, structure, "classe", classe)["eleves"]
    assert sorted(e["id"] for e in eleves) == sorted(p.id for p in fiches if p.actif)
    assert all(e["nom"] == annuaire.personne(e["id"]).nom and e["prenom"] == annuaire.personne(e["id"]).prenom for e in eleves)
    assert [(e["nom"].lower(), e["prenom"].lower()) for e in eleves] == sorted((e["nom"].lower(), e["prenom"].lower()) for e in eleves)
