"""A roll-call POST's answer kept for its Idempotency-Key (viescolaire.registre.ReponseGardee): an object of its own,
so that the register's index of keys holds references, and the answers kept before it (the dict itself) still replay."""

from persistent import Persistent

from cartable.viescolaire.registre import Appel, ReponseGardee, reponse_gardee


def test_a_kept_answer_is_its_own_persistent_object_and_replays_as_given():
    appel = Appel("2026-11-17@c1")
    reponse = {"cle": appel.cle, "etat": "en_cours", "eleves": [{"id": "e1", "marque": {"type": "absence"}}]}
    appel.reponses["k-1"] = ReponseGardee(reponse)
    assert isinstance(appel.reponses["k-1"], Persistent)
    assert reponse_gardee(appel.reponses.get("k-1")) == reponse
    assert appel.reponses.get("k-2") is None


def test_an_answer_kept_before_as_a_dict_replays_too():
    appel = Appel("2026-11-17@c1")
    appel.reponses["ancienne"] = {"etat": "fait"}
    assert reponse_gardee(appel.reponses["ancienne"]) == {"etat": "fait"}


def test_what_a_post_rewrites_is_the_index_of_keys_not_the_answers():
    """A new key rewrites the register's bucket of keys: with 30 answers of a 30-student register kept, that record
    stays small (references), each answer being a record of its own."""
    import transaction
    import ZODB

    db = ZODB.DB(None)
    try:
        connexion = db.open()
        appel = connexion.root()["appel"] = Appel("2026-11-17@c1")
        grosse = {"eleves": [{"id": f"e{i:03d}", "nom": "Dupont-Martin", "prenom": "Jeanne", "marque": None} for i in range(30)]}
        for i in range(30):
            appel.reponses[f"k-{i:02d}"] = ReponseGardee(dict(grosse))
        transaction.commit()
        index, _ = db.storage.load(appel.reponses._p_oid)
        reponse, _ = db.storage.load(appel.reponses["k-00"]._p_oid)
        assert len(index) < 2000 < 30 * len(reponse)
        assert reponse_gardee(appel.reponses["k-29"]) == grosse
        connexion.close()
    finally:
        transaction.abort()
        db.close()
