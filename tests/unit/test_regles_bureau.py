"""The shapes of Mon bureau (cartable.regles.bureau): one block and line shape whoever builds them."""

from cartable.regles.bureau import adresse, bloc, lien, ligne


def test_a_block_keeps_its_sentence_for_nothing_and_copies_its_lists():
    lignes, liens = [ligne("Maths")], (lien("Agenda", "https://e/agenda"),)
    b = bloc("Travail à faire", lignes, "Rien à faire.", sous_titre="Collège", liens=liens)
    assert b == {"titre": "Travail à faire", "sous_titre": "Collège", "lignes": lignes, "vide": "Rien à faire.",
                 "liens": [{"texte": "Agenda", "lien": "https://e/agenda"}]}
    lignes.append(ligne("Français"))
    assert len(b["lignes"]) == 1  # built once, not changed behind the page's back


def test_a_line_has_every_key_and_an_empty_detail_is_none():
    assert ligne("Absence", "") == {"texte": "Absence", "detail": None, "lien": None, "etat": None, "etiquette": None}
    assert ligne("Absence", "lundi", "u", "a_faire", "À justifier")["etiquette"] == "À justifier"


def test_an_address_leaves_out_parameters_without_value():
    assert adresse("https://e/0139101x", "appel") == "https://e/0139101x/@@appel"
    assert adresse("https://e/x", "bulletins", periode="", division=None) == "https://e/x/@@bulletins"
    assert adresse("https://e/x", "declarer-absence", eleve="3100909", du="2026-11-17") == \
        "https://e/x/@@declarer-absence?eleve=3100909&du=2026-11-17"
    assert adresse("https://e/x", "p", q="a b&c") == "https://e/x/@@p?q=a+b%26c"
