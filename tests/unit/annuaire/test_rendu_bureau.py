"""Mon bureau's blocks and menu written as HTML (cartable.annuaire.bureau.rendu): the template's markup, every
value escaped."""

from lxml import html as lxml_html

from cartable.annuaire.bureau.rendu import blocs_html, menu_html
from cartable.regles.bureau import bloc, lien, ligne

HOSTILE = "<script>alert(1)</script> \" ' & <b>"


def _bloc(nom="cartable.test", ancre="cartable.test", **valeurs):
    return dict(bloc(**{"titre": "Mes cours", "lignes": [], "vide": "Aucun cours.", **valeurs}), nom=nom, ancre=ancre)


def _arbre(fragment):
    return lxml_html.fragment_fromstring(fragment)


def test_a_block_has_its_heading_its_lines_and_its_links():
    b = _bloc(titre="Mes cours aujourd'hui", sous_titre="Collège Jean Moulin",
              lignes=[ligne("08:00 Mathématiques — 6A", "Salle 12", "https://e/appel", "a_faire", "Appel à faire"),
                      ligne("Sans lien")],
              liens=[lien("Tout l'agenda", "https://e/agenda"), lien("Mes classes", "https://e/classes")])
    section = _arbre(blocs_html([b])).find("section")
    assert section.get("class") == "bloc-bureau bloc-cartable.test"
    assert section.get("id") == "cartable.test"
    assert section.get("aria-labelledby") == "bloc-titre-0" == section.find("h2").get("id")
    assert section.find("h2").text_content() == "Mes cours aujourd'hui Collège Jean Moulin"
    premiere, seconde = section.findall("ul[@class='bloc-lignes']/li")
    assert premiere.get("class") == "ligne etat-a_faire"
    assert premiere.find("a").get("href") == "https://e/appel" and premiere.find("a").text == "08:00 Mathématiques — 6A"
    assert [s.text for s in premiere.findall("span")] == ["Appel à faire", "Salle 12"]
    assert seconde.get("class") == "ligne"  # no state: no « etat-None »
    assert seconde.find("a") is None and seconde.find("span[@class='ligne-texte']").text == "Sans lien"
    assert [(a.text, a.get("href")) for a in section.findall("p[@class='bloc-liens']/a")] == \
        [("Tout l'agenda", "https://e/agenda"), ("Mes classes", "https://e/classes")]
    assert section.find("p[@class='bloc-vide']") is None


def test_an_empty_block_says_its_sentence_and_only_the_first_of_a_kind_is_an_anchor():
    fragment = _arbre(blocs_html([_bloc(), _bloc(ancre=None)]))
    premier, second = fragment.findall("section")
    assert premier.find("p[@class='bloc-vide']").text == "Aucun cours." and premier.find("ul") is None
    assert second.get("id") is None and second.get("aria-labelledby") == "bloc-titre-1"
    assert fragment.get("class") == "bureau-blocs"


def test_no_block_leaves_an_empty_division():
    assert blocs_html([]) == '<div class="bureau-blocs"></div>'


def test_every_value_is_escaped_in_text_and_in_attributes():
    b = _bloc(nom=HOSTILE, ancre=HOSTILE, titre=HOSTILE, sous_titre=HOSTILE,
              lignes=[ligne(HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE)], liens=[lien(HOSTILE, HOSTILE)])
    sortie = blocs_html([b]) + menu_html([{"texte": HOSTILE, "lien": HOSTILE}])
    assert "<script" not in sortie and "<b>" not in sortie
    section = _arbre(blocs_html([b])).find("section")
    assert section.get("id") == HOSTILE and section.find("h2/small").text == HOSTILE
    ligne_ = section.find("ul/li")
    assert ligne_.get("class") == f"ligne etat-{HOSTILE}"
    assert ligne_.find("a").get("href") == HOSTILE and ligne_.find("a").text == HOSTILE
    assert [s.text for s in ligne_.findall("span")] == [HOSTILE, HOSTILE]


def test_the_menu_lists_its_entries_in_order_and_nothing_without_entries():
    nav = _arbre(menu_html([{"texte": "Mon bureau", "lien": "https://e"}, {"texte": "Agenda", "lien": "https://e/@@agenda"}]))
    assert nav.tag == "nav" and nav.get("aria-label") == "Rubriques de Mon bureau"
    assert [(a.text, a.get("href")) for a in nav.findall("ul/li/a")] == [("Mon bureau", "https://e"), ("Agenda", "https://e/@@agenda")]
    assert menu_html([]) == ""
