"""The idempotency helper of the ground floor: replays, refusals, and the pruning by age."""

from datetime import datetime, timedelta

import pytest
from BTrees.OOBTree import OOBTree

from cartable.core import horloge, idempotence
from cartable.core.refus import Conflit, Refus, RequeteInvalide


class Requete:
    def __init__(self, cle):
        self.cle = cle

    def getHeader(self, nom):
        return self.cle if nom == "Idempotency-Key" else None


def test_a_replay_gets_the_first_answer_and_another_service_is_a_conflict():
    reponses = OOBTree()
    assert idempotence.reponse_connue(reponses, "prof", "k1", "@appel") is None
    idempotence.retenir(reponses, "prof", "k1", "@appel", 201, {"id": 1})
    assert idempotence.reponse_connue(reponses, "prof", "k1", "@appel") == (201, {"id": 1})
    assert idempotence.reponse_connue(reponses, "autre", "k1", "@appel") is None  # per login
    with pytest.raises(Conflit) as refus:
        idempotence.reponse_connue(reponses, "prof", "k1", "@suivi")
    assert refus.value.status == 409


def test_no_key_or_no_login_keeps_nothing():
    reponses = OOBTree()
    idempotence.retenir(reponses, None, "k", "@x", 200, {})
    idempotence.retenir(reponses, "prof", None, "@x", 200, {})
    assert len(reponses) == 0


@pytest.mark.parametrize("cle", ["x" * 201, "a\nb"])
def test_a_malformed_key_is_refused_in_french(cle):
    with pytest.raises(RequeteInvalide) as refus:
        idempotence.cle_de(Requete(cle))
    assert refus.value.status == 400 and "Clé d'idempotence invalide" in refus.value.message


def test_pruning_removes_only_answers_older_than_the_keeping_time():
    reponses = OOBTree()
    horloge.figer(datetime(2026, 11, 1, 9, 0))
    idempotence.retenir(reponses, "prof", "vieille", "@x", 200, {})
    reponses[("prof", "sans-date")] = {"statut": 200, "reponse": {}}  # kept before answers had a date
    horloge.figer(datetime(2026, 11, 1, 9, 0) + idempotence.CONSERVATION - timedelta(seconds=1))
    idempotence.retenir(reponses, "prof", "recente", "@x", 200, {})
    horloge.figer(datetime(2026, 11, 1, 9, 0) + idempotence.CONSERVATION + timedelta(seconds=1))
    assert idempotence.elaguer(reponses) == 2
    assert list(reponses) == [("prof", "recente")]
    assert idempotence.elaguer(None) == 0


def test_refusals_say_their_status_either_way():
    assert (Refus(404, "NotFound", "x").status, RequeteInvalide("x").status, Conflit("x").genre) == (404, 400, "Conflict")
    assert RequeteInvalide("Date invalide.").corps() == {"error": {"type": "BadRequest", "message": "Date invalide."}}
    with pytest.raises(TypeError):
        Refus(400, "x")
