"""Every page says dates in words and people by name (issue 15): rendered as each role the access matrix lets
in, no page's visible text holds an ISO date (2026-11-16) or the login of a demo person.

Visible text: the HTML without its scripts, styles and tags (attribute values — form fields' values, data
for the scripts — are the machine's, not the reader's). What the pages' scripts write after loading is
checked by tests/unit/test_scripts_en_mots.py (no script writes a raw identifier or date field, nor makes an
ISO date) and, for the fields it lets through because the service says them in words, here
(test_script_fields_are_words, against the services themselves). Dexterity content's views, as their readers
see them: tests/integration/test_vues_dexterity.py.
"""

import re

import pytest

from tests.integration.requetes import client
from tests.integration.test_matrice_acces import MATRICE, OK, ROLES
from tests.unit.test_scripts_en_mots import CHAMPS_DE_SERVICE

ISO = re.compile(r"\b(?:19|20)\d\d-[01]\d-[0-3]\d\b")
PAGES = sorted(k for k in MATRICE if k[1] == "page")
# files and feeds, not pages a person reads
HORS_PAGES = {"codes-activation", "manifest.webmanifest", "sw.js", "agenda.ics", "cahier-de-textes-piece", "rendu-fichier"}


def visible(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    html = re.sub(r"<!--.*?-->", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("key", [k for k in PAGES if k[0] not in HORS_PAGES], ids=lambda k: k[0])
def test_no_iso_date_nor_login_on_a_page(site, key):
    path, expected, success, _ = MATRICE[key]
    logins = {login for login in site["logins"].values() if "." in login}
    problemes = []
    for role in ROLES:
        if expected[role] != OK:
            continue
        reponse = client(site, role).page(path.format(**site["paths"]))
        if reponse.status_code != 200 or "html" not in reponse.headers.get("Content-Type", ""):
            continue
        texte = visible(reponse.text)
        if ISO.search(texte):
            problemes.append(f"{role}: ISO date {sorted(set(ISO.findall(texte)))[:3]}")
        if role == "admin":  # Plone's editing toolbar names the administrator by login in its user menu
            texte = texte.replace(site["logins"]["admin"], " ")
        montres = sorted(l for l in logins if re.search(rf"(?<![\w.@/]){re.escape(l)}(?![\w.@])", texte))
        if montres:
            problemes.append(f"{role}: login shown {montres}")
    assert problemes == [], "\n".join(problemes)


def valeurs(donnees, champ):
    """Every value of ``champ`` anywhere in a JSON answer (lists flattened)."""
    if isinstance(donnees, dict):
        for cle, valeur in donnees.items():
            if cle == champ:
                yield from valeur if isinstance(valeur, list) else [valeur]
            else:
                yield from valeurs(valeur, champ)
    elif isinstance(donnees, list):
        for element in donnees:
            yield from valeurs(element, champ)


@pytest.mark.parametrize("cle", sorted(CHAMPS_DE_SERVICE), ids=lambda k: f"{k[0].rsplit('/', 1)[1]}:{k[1]}")
def test_script_fields_are_words(site, functional_demo, cle):
    """A field a script writes as it comes, because its service says it in words: the service's answer holds
    names there — no login, directory id, subject code nor ISO date."""
    from cartable.annuaire.stockage import lire_annuaire

    chemin, role = CHAMPS_DE_SERVICE[cle]
    reponse = client(site, role).get(chemin.format(**site["paths"]))
    assert reponse.status_code == 200, reponse.text
    trouvees = [v for v in valeurs(reponse.json(), cle[1]) if v]
    assert trouvees, f"{chemin}: no « {cle[1]} » in the answer: nothing checked"
    annuaire = lire_annuaire(functional_demo["portal"])
    logins = set(site["logins"].values())
    for valeur in trouvees:
        assert isinstance(valeur, str) and not ISO.search(valeur), valeur
        assert valeur not in logins and annuaire.personne(valeur) is None and valeur not in annuaire.matieres, valeur
