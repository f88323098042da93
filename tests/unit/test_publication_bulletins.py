"""regles.publication_bulletins: what publishing a class's bulletins must confirm."""

from datetime import date

from cartable.regles.publication_bulletins import avertissements, etat_classe

AUJOURD_HUI = date(2026, 12, 1)
GENERES = [{"genere_le": "2026-12-01T09:00:00", "publie": False}] * 2


def test_a_council_entry_newer_than_the_pdfs_means_regenerate():
    etat = etat_classe(2, GENERES, "2026-12-01T09:30:00", date(2026, 11, 26), AUJOURD_HUI)
    assert etat["a_regenerer"] is True and etat["etiquette"] == "À régénérer" and etat["avant_conseil"] is False
    assert etat["conseil_texte"] == "Conseil de classe le jeudi 26 novembre"
    assert etat_classe(2, GENERES, "2026-12-01T08:30:00", None, AUJOURD_HUI)["a_regenerer"] is False


def test_a_council_ahead_is_said_with_its_date_in_words():
    etat = etat_classe(2, GENERES, None, date(2026, 12, 8), AUJOURD_HUI)
    assert etat["avant_conseil"] is True and etat["a_regenerer"] is False
    phrases = avertissements([{"libelle": "Classe 3e A", **etat, "date_conseil": date(2026, 12, 8)}], AUJOURD_HUI)
    assert phrases == ["Classe 3e A : le conseil de classe n'a lieu que le mardi 8 décembre ; "
                       "ses avis et mentions ne seront pas sur les bulletins."]


def test_nothing_to_ask_when_the_council_is_past_and_the_pdfs_up_to_date():
    etat = etat_classe(2, GENERES, "2026-11-28T18:00:00", date(2026, 11, 26), AUJOURD_HUI)
    assert avertissements([{"libelle": "Classe 3e A", **etat, "date_conseil": date(2026, 11, 26)}], AUJOURD_HUI) == []
    assert etat_classe(2, GENERES, None, date(2026, 12, 1), AUJOURD_HUI)["avant_conseil"] is False  # the day itself
