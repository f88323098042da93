"""The Établissement type of the annuaire add-on."""

import pytest
from plone import api
from zope.interface import Invalid

from cartable.annuaire.content.etablissement import IEtablissement, valider_uai


def test_fti(portal):
    fti = portal.portal_types["Etablissement"]
    assert fti.schema == "cartable.annuaire.content.etablissement.IEtablissement"


@pytest.mark.parametrize("uai", ["0131234W", "1004001V"])
def test_valid_uai(uai):
    assert valider_uai(uai)


@pytest.mark.parametrize("uai", ["", "013123W", "0131234w", "01312345", "A131234W", "0131234WW"])
def test_invalid_uai(uai):
    with pytest.raises(Invalid):
        valider_uai(uai)


def test_create(portal):
    with api.env.adopt_roles(["Manager"]):
        etab = api.content.create(portal, "Etablissement", title="Collège Jean Moulin", uai="0131234W")
    assert IEtablissement.providedBy(etab)
    assert etab.getId() == "college-jean-moulin"
    assert etab.uai == "0131234W"


def test_demo_region(portal):
    from cartable.policy.demo import ETABLISSEMENTS, creer_region_demo

    with api.env.adopt_roles(["Manager"]):
        creer_region_demo(portal)
        creer_region_demo(portal)  # idempotent
    assert [portal[id_].uai for id_, *_ in ETABLISSEMENTS] == ["0131234W", "0132345D"]
    assert "Site Administrator" in api.user.get_roles(username="admin.region")
    assert "Manager" not in api.user.get_roles(username="admin.region")
    assert "Reader" in api.user.get_roles(username="cpe2.moulin", obj=portal["college-jean-moulin"])
    assert "Bienvenue sur" in portal.text.raw
