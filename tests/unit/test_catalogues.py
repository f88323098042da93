"""Every message id a template translates is in the add-on's French and English catalogs (English is the second language)."""

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "cartable"
ADDONS = sorted(p.parent.parent.name for p in SRC.glob("*/locales/fr"))


def ids_des_gabarits(addon):
    ids = set()
    for gabarit in (SRC / addon).rglob("*.pt"):
        ids |= set(re.findall(r'i18n:translate="([\w.-]+)"', gabarit.read_text(encoding="utf-8")))
    return ids


def ids_du_catalogue(addon, langue):
    (catalogue,) = (SRC / addon / "locales" / langue / "LC_MESSAGES").glob("*.po")
    texte = catalogue.read_text(encoding="utf-8")
    return {m.group(1) for m in re.finditer(r'^msgid "([^"]+)"\nmsgstr "([^"]+)"', texte, re.M)}


@pytest.mark.parametrize("addon", ADDONS)
@pytest.mark.parametrize("langue", ["fr", "en"])
def test_every_template_message_is_translated(addon, langue):
    manquants = ids_des_gabarits(addon) - ids_du_catalogue(addon, langue)
    assert not manquants, f"{addon} ({langue}) : {sorted(manquants)}"


def test_the_check_sees_the_templates():
    assert {"annuaire", "viescolaire", "notes"} <= set(ADDONS)
    assert "saisie_titre" in ids_des_gabarits("notes")
