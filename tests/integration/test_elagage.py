"""The daily pruning of the first answers kept for replays: the periodic task finds every feature's stores
(the establishments' vie scolaire and grade grids, the cahiers de textes, the students' ticks, the free spaces) and drops
the answers older than a week, keeping the recent ones."""

from datetime import datetime, timedelta

import transaction

from cartable.core import elagage, horloge, idempotence, periodique
from cartable.notes import saisie
from cartable.notes.stockage import carnet_pour_ecrire
from cartable.pedagogie.agenda import stockage as agenda
from cartable.viescolaire import idempotence as idempotence_vs
from cartable.viescolaire.stockage import vie_scolaire_pour_ecrire

LE = datetime(2026, 11, 2, 8, 0)


def test_the_periodic_tour_knows_the_pruning():
    assert "cartable.core.elagage_idempotence" in periodique.taches_enregistrees()


def test_old_answers_go_recent_ones_stay(site, functional_demo):
    portal = functional_demo["portal"]
    vs = vie_scolaire_pour_ecrire(portal[site["paths"]["etab"].rsplit("/", 1)[1]])
    cahier = portal.unrestrictedTraverse(site["paths"]["cahier"][len(site["url"]) + 1:])
    cahier.entrees_pour_ecrire()  # its stores exist from the first write
    horloge.figer(LE)
    idempotence_vs.retenir(vs, "prof", "ancienne", "@incidents", 201, {"id": 1})
    idempotence.retenir(cahier.reponses, "prof", "ancienne", "@cahier-de-textes", 200, {})
    idempotence.retenir(agenda.faits_pour_ecrire(portal).reponses, "eleve", "ancienne", "@agenda", 200, {})
    carnet = carnet_pour_ecrire(portal[site["paths"]["etab"].rsplit("/", 1)[1]])
    carnet.reponses[("prof", "avant-les-dates")] = {"cellules": [], "appreciations": []}  # an answer kept undated
    assert saisie.reponse_connue(carnet, "prof", "avant-les-dates") == {"cellules": [], "appreciations": []}
    horloge.figer(LE + idempotence.CONSERVATION)
    idempotence_vs.retenir(vs, "prof", "recente", "@incidents", 201, {"id": 2})
    horloge.figer(LE + idempotence.CONSERVATION + timedelta(hours=1))

    bilan = elagage.elaguer_les_magasins(portal, None, horloge.instant())

    assert bilan["cartable.viescolaire"] >= 1 and bilan["cartable.pedagogie"] >= 2 and bilan["cartable.notes"] >= 1
    assert saisie.reponse_connue(carnet, "prof", "avant-les-dates") is None
    assert idempotence_vs.reponse_connue(vs, "prof", "ancienne", "@incidents") is None
    assert idempotence_vs.reponse_connue(vs, "prof", "recente", "@incidents") == (201, {"id": 2})
    assert ("prof", "ancienne") not in cahier.reponses
    assert ("eleve", "ancienne") not in agenda.lire_faits(portal).reponses
    transaction.abort()
