"""After a directory import commits, the course spaces follow in the background (espaces.synchroniser_espaces)."""

import transaction
from plone import api

from cartable.annuaire import import_aaf
from cartable.annuaire.contenu import id_division
from cartable.core import periodique, tasks
from cartable.pedagogie import espaces
from cartable.pedagogie.content.espace import IEspaceCours


def synchronisations_en_attente():
    """The queued sync jobs (taken off the queue), as (site, user, params)."""
    huey = tasks.get_huey()
    trouvees = []
    while (message := huey.dequeue()) is not None:
        _, nom, chemin, utilisateur, params = message.args
        if nom == espaces.TACHE_SYNCHRONISATION:
            trouvees.append((chemin, utilisateur, params))
    return trouvees


def test_an_import_queues_the_sync_which_creates_each_teaching_s_space_once(functional_demo, site, region):
    portal = functional_demo["portal"]
    # the demo region's import committed: one sync queued, for the technical user (a command-line import has none)
    assert synchronisations_en_attente() == [("/plone", periodique.TECHNIQUE, {})]
    fn = periodique.fonction_interne(espaces.TACHE_SYNCHRONISATION)
    premier = periodique.executer(functional_demo["zodbDB"], "/plone", fn, None, {})
    assert premier["crees"] > 100  # the demo region's teachings (the matrix's own 3A space existed)
    assert premier["existants"] >= 1
    transaction.begin()
    from cartable.annuaire.stockage import lire_annuaire

    annuaire = lire_annuaire(portal)
    autre = annuaire.par_login(site["logins"]["enseignant_autre"])
    structure, division, matiere = next((s, d, m) for s, d, m in autre.enseignements if d == "3B" and m)
    etablissement = next(o for o in portal.objectValues() if getattr(o, "jointure", None) == structure)
    classe = etablissement[id_division("classe", division)]
    espace = espaces.espace_de_division(classe, matiere)
    assert IEspaceCours.providedBy(espace) and "cahier-de-textes" in espace.objectIds()

    # the same files again: the import changes nothing, the sync runs and creates nothing
    with api.env.adopt_roles(["Manager"]):
        import_aaf.importer_dossier(portal, region["dossier"])
    transaction.commit()
    assert synchronisations_en_attente() == [("/plone", periodique.TECHNIQUE, {})]
    second = periodique.executer(functional_demo["zodbDB"], "/plone", fn, None, {})
    assert second == {"crees": 0, "existants": premier["crees"] + premier["existants"]}


def test_an_aborted_import_queues_nothing(functional_demo, site, region):
    synchronisations_en_attente()
    with api.env.adopt_roles(["Manager"]):
        import_aaf.importer_dossier(functional_demo["portal"], region["dossier"])
    transaction.abort()
    transaction.commit()
    assert synchronisations_en_attente() == []
