"""Retention (RGPD) of the students' hand-ins: a Rendu (its text, its files, the mark and feedback) goes
when its school year is over by the years in force (cartable.regles.retention). Found by one catalog
query on the creation date (a range of the ``created`` index), never by walking the spaces."""

from Acquisition import aq_parent
from DateTime import DateTime
from plone import api

from cartable.regles import retention as regles


def rendus_perimes(aujourd_hui, base, annees):
    """[(Rendu, day it was created)] aged today."""
    seuil = regles.seuil(aujourd_hui, base, annees)
    catalogue = api.portal.get_tool("portal_catalog")
    trouves = []
    limite = DateTime(seuil.isoformat())  # created strictly before the threshold day (range max is inclusive: 00:00)
    for marque in catalogue.unrestrictedSearchResults(portal_type="Rendu", created={"query": limite, "range": "max"}):
        objet = marque._unrestrictedGetObject()
        cree = objet.created()
        jour = cree.asdatetime().date() if cree is not None else None
        if jour is not None and regles.perime(aujourd_hui, base, annees, jour=jour):
            trouves.append((objet, jour))
    return trouves


def retirer_rendus(trouves, essai) -> int:
    """Each Rendu leaves its Devoir with its files (the blobs go at the next pack of the database)."""
    if not essai:
        for objet, _ in trouves:
            devoir = aq_parent(objet)
            devoir._delObject(objet.getId(), suppress_events=False)
    return len(trouves)
