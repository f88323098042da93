"""Grade cells: what is accepted, what is refused, and how it is shown back."""

from decimal import Decimal

import pytest

from cartable.regles.saisie_notes import SaisieRefusee, afficher, lire_saisie


@pytest.mark.parametrize(
    "texte, attendu",
    [
        ("12,5", Decimal("12.5")), ("12.5", Decimal("12.5")), (" 7 ", Decimal("7")), ("0", Decimal("0")), ("20", Decimal("20")),
        ("19,75", Decimal("19.75")), ("ABS", "ABS"), ("abs.", "ABS"), ("a", "ABS"), ("Disp", "DISP"), ("d", "DISP"),
        ("nn", "NN"), ("N", "NN"), ("NR", "NR"), ("r.", "NR"), ("", None), ("   ", None),
    ],
)
def test_accepted(texte, attendu):
    assert lire_saisie(texte) == attendu


@pytest.mark.parametrize(
    "texte, message",
    [
        ("21", r"dépasse le barème \(/20\)"), ("20,01", "dépasse le barème"), ("-1", "n'est pas une note"), ("12,555", "n'est pas une note"),
        ("1/2", "n'est pas une note"), ("12 5", "n'est pas une note"), ("douze", "n'est pas une note"), ("1e1", "n'est pas une note"),
        ("absent", "n'est pas une note"),
    ],
)
def test_refused_with_a_french_message(texte, message):
    with pytest.raises(SaisieRefusee, match=message):
        lire_saisie(texte)


def test_other_scales():
    assert lire_saisie("8", bareme=10) == Decimal("8")
    with pytest.raises(SaisieRefusee, match=r"/10\)"):
        lire_saisie("10,5", bareme=10)
    assert lire_saisie("95", bareme=100) == Decimal("95")


@pytest.mark.parametrize("valeur, texte", [(Decimal("12.50"), "12,5"), (Decimal("20"), "20"), (Decimal("7.25"), "7,25"), ("ABS", "ABS"), (None, "")])
def test_shown_back(valeur, texte):
    assert afficher(valeur) == texte
