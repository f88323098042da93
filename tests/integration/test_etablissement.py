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


def test_demo_region(portal, tmp_path, monkeypatch):
    from cartable.annuaire.stockage import lire_annuaire
    from cartable.demo.region import creer_region_demo, identifiants_demo

    monkeypatch.setenv("CARTABLE_VAR", str(tmp_path))
    with api.env.adopt_roles(["Manager"]):
        comptes = creer_region_demo(portal)
        assert creer_region_demo(portal) == comptes  # idempotent
    annuaire = lire_annuaire(portal)
    assert annuaire.effectif("Eleve") > 600
    assert [e.portal_type for e in (portal["0139101x"], portal["0139102y"], portal["0139103z"])] == ["Etablissement"] * 3
    logins = [login for login, *_ in identifiants_demo(portal)]
    assert logins[0] == "admin.region" and len(logins) == 16  # 12 personas, 2 + 3 CPE counted one by one
    # the collège's documentaliste is its editor (cartable.etablissement), as a direction names one
    from cartable.etablissement import editeurs
    documentaliste = next(login for login, _, _, role in identifiants_demo(portal) if role.startswith("documentaliste"))
    assert editeurs.lire(portal["0139101x"]) == {annuaire.par_login(documentaliste).id}
    assert "Site Administrator" in api.user.get_roles(username="admin.region")
    for login in logins[1:]:
        assert annuaire.par_login(login).code_activation is None  # demo password set instead
    assert "Bienvenue sur" in portal.text.raw
