"""The per-student index of marks: kept as registers change (the roll call through REST: test_appel), rebuilt by the upgrade step
1000 → 1001. (On the demo's four weeks of registers: test_demo_vivante; for any timetable and roll calls:
tests/unit/test_marques_eleves.py.)"""

import transaction

from cartable.annuaire.stockage import lire_annuaire
from cartable.viescolaire import absences
from cartable.viescolaire.registre import Appel
from cartable.viescolaire.stockage import lire_vie_scolaire


def test_roll_calls_keep_the_index_and_the_upgrade_step_builds_the_same(integration_demo):
    portal = integration_demo["portal"]
    etab = portal[integration_demo["cartable_demo"]["chemins"]["etab"].lstrip("/")]
    vs, annuaire = lire_vie_scolaire(etab), lire_annuaire(portal)
    occurrences = [o for o in vs.occurrences(vs.calendrier.debut, vs.calendrier.fin) if o.division[1] == "3A" and not o.annule][:3]
    eleves = sorted(annuaire.eleves(etab.jointure, "3A"))[:3]

    for occ, marques in zip(occurrences, ({eleves[0]: {"type": "absence"}, eleves[1]: {"type": "retard", "minutes": 5}},
                                          {eleves[0]: {"type": "absence"}}, {eleves[2]: {"type": "absence"}})):
        appel = vs.appels.get(occ.cle) or vs.appels.setdefault(occ.cle, Appel(occ.cle))
        vs.poser_marques(appel, marques)
    vs.poser_marques(vs.appels[occurrences[0].cle], {eleves[1]: {"type": "retard", "minutes": 5}})  # the first one corrected
    assert list(vs.cles_marquees(eleves[0])) == [occurrences[1].cle]
    eleve = annuaire.personne(eleves[0])
    assert [o.cle for o, _, _ in absences.marques_de(vs, eleve, etab.jointure, vs.calendrier.debut, vs.calendrier.fin)] == [occurrences[1].cle]
    garde = {e: sorted(c) for e, c in vs.marques_eleves.items() if len(c)}
    vs.marques_eleves = None
    setup_tool = portal.portal_setup
    setup_tool.setLastVersionForProfile("cartable.viescolaire:default", "1000")
    setup_tool.upgradeProfile("cartable.viescolaire:default")
    assert setup_tool.getLastVersionForProfile("cartable.viescolaire:default") == ("1001",)
    assert {e: sorted(c) for e, c in vs.marques_eleves.items()} == garde
    transaction.abort()
