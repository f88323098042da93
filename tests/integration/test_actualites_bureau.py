"""Mon bureau's « Actualités de l'établissement »: the news in effect, the same for every reader (kept in RAM
until the catalog changes or the minute moves), never one whose publication time has not come — not even
for an editor, who finds it on the establishment's page."""

from datetime import datetime, timedelta, timezone

from DateTime import DateTime
from plone import api

from cartable.core import horloge
from cartable.etablissement import actualites

MAINTENANT = datetime(2026, 11, 17, 9, 0, tzinfo=timezone.utc)  # the frozen clock's instant


def nouvelle(etab, ident, effective):
    objet = api.content.create(container=etab, type="News Item", id=ident, title=f"Nouvelle {ident}")
    objet.setEffectiveDate(DateTime(effective))
    api.content.transition(obj=objet, transition="publish")
    objet.reindexObject()
    return objet


def test_news_in_effect_only_then_when_their_time_comes(integration_demo):
    portal = integration_demo["portal"]
    etab = portal[integration_demo["cartable_demo"]["chemins"]["etab"].lstrip("/")]
    horloge.figer(MAINTENANT)
    with api.env.adopt_roles(["Manager"]):  # who may see what is not yet in effect
        nouvelle(etab, "deja", MAINTENANT - timedelta(hours=1))
        nouvelle(etab, "demain", MAINTENANT + timedelta(days=1))
        titres = [n["titre"] for n in actualites.lignes_publiees(etab)]
        assert "Nouvelle deja" in titres and "Nouvelle demain" not in titres
        horloge.figer(MAINTENANT + timedelta(days=1, minutes=1))  # nothing changed in the catalog: the minute did
        assert "Nouvelle demain" in [n["titre"] for n in actualites.lignes_publiees(etab)]
