"""The draft saved as typed (issue 16): anything may still be empty, only shapes and sizes are checked."""

import pytest

from cartable.regles import messagerie as m


def test_a_draft_keeps_what_was_typed_even_incomplete():
    assert m.valider_brouillon({"sujet": "Sortie", "texte": ""}) == {
        "sujet": "Sortie", "texte": "", "destinataires": [], "groupes": [], "a_signer": False, "aux_familles": False}
    brouillon = m.valider_brouillon({"texte": "Bonjour ", "destinataires": [{"id": "p1", "nom": "Claire Martin"}, {"id": "p1"}],
                                     "groupes": ["parents:0750001A:3A", "parents:0750001A:3A"], "a_signer": True})
    assert brouillon["destinataires"] == [{"id": "p1", "nom": "Claire Martin", "eleve": False}]
    assert brouillon["texte"] == "Bonjour " and brouillon["groupes"] == ["parents:0750001A:3A"] and brouillon["a_signer"] is True


def test_an_empty_draft_is_none():
    assert m.valider_brouillon({}) is None
    assert m.valider_brouillon({"sujet": "", "texte": "", "destinataires": [], "groupes": []}) is None


@pytest.mark.parametrize("donnees, motif", [
    ([], "Corps attendu"),
    ({"sujet": 3}, "du texte"),
    ({"sujet": "x" * (m.SUJET_MAX + 1)}, "trop long"),
    ({"texte": "x" * (m.TEXTE_MAX + 1)}, "trop long"),
    ({"destinataires": ["p1"]}, "Destinataires attendus"),
    ({"destinataires": [{"id": ""}]}, "Destinataires attendus"),
    ({"destinataires": [{"id": f"p{i}"} for i in range(m.DESTINATAIRES_MAX + 1)]}, "Destinataires attendus"),
    ({"groupes": "parents:A:3A"}, "Groupes attendus"),
    ({"groupes": ["inconnu:A:3A"]}, "Groupe de destinataires inconnu"),
])
def test_a_malformed_draft_is_refused_in_french(donnees, motif):
    with pytest.raises(m.MessageInvalide, match=motif):
        m.valider_brouillon(donnees)
