"""The body limits, decided from the declared length before anything is read (issue 13, item 5)."""

import pytest

from cartable.regles import corps, devoirs, formulaire_devoir, import_edt, transfert_notes


def test_base64_takes_four_characters_for_three_bytes():
    assert [corps.en_base64(n) for n in (0, 1, 2, 3, 4, 300)] == [0, 4, 4, 4, 8, 400]


@pytest.mark.parametrize("longueur", ["abc", "-1", "1e9", "12 34", "١٢", "0x10", "+5"])
def test_an_unreadable_length_is_refused(longueur):
    assert corps.refus_de_longueur(longueur, True, corps.LIMITE_JSON) == (400, corps.LONGUEUR_ILLISIBLE)


def test_a_missing_length_is_refused_only_with_a_body():
    assert corps.refus_de_longueur(None, False, 10) is None
    assert corps.refus_de_longueur("", False, 10) is None
    assert corps.refus_de_longueur(None, True, 10)[0] == 400


def test_past_the_limit_is_a_413_in_french_giving_the_limit():
    assert corps.refus_de_longueur(str(corps.LIMITE_JSON), True, corps.LIMITE_JSON) is None
    status, message = corps.refus_de_longueur(str(corps.LIMITE_JSON + 1), True, corps.LIMITE_JSON)
    assert status == 413 and message == "Corps de la requête trop volumineux : la limite de ce service est de 1 Mo."


def test_a_file_service_reads_what_its_rule_accepts():
    for taille in (import_edt.TAILLE_MAX, transfert_notes.TAILLE_MAX, 10 * devoirs.MO):
        assert corps.refus_de_longueur(str(corps.en_base64(taille) + 1000), True, corps.limite_pour_fichiers(taille)) is None


def test_the_server_ceiling_holds_every_legitimate_body():
    plafond = corps.plafond_serveur()
    assert plafond >= formulaire_devoir.PIECES_MAX * formulaire_devoir.PIECE_MAX_OCTETS
    assert plafond >= corps.limite_pour_fichiers(corps.FICHIER_RENDU_MAX)
    assert plafond >= corps.limite_pour_fichiers(transfert_notes.TAILLE_MAX)
    assert plafond < 1024 * devoirs.MO  # well under the 1 GiB it was
