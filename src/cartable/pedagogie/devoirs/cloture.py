"""Closing the Devoirs nobody can hand in to any more (called by a periodic job)."""

from plone import api

from cartable.core import horloge
from cartable.regles import devoirs as regles


def clore_les_devoirs_echus(site) -> list[str]:
    """Close (transition « clore ») every published Devoir for which ``regles.devoirs.doit_etre_clos``;
    the paths of those closed. Runs as a system job: the catalog is searched unrestricted and the
    transition made with the Manager role (the rule, not a person, decides)."""
    maintenant = horloge.instant()
    catalogue = api.portal.get_tool("portal_catalog")
    clos = []
    with api.env.adopt_roles(["Manager"]):
        for marque in catalogue.unrestrictedSearchResults(portal_type="Devoir", review_state="publie"):
            devoir = marque._unrestrictedGetObject()
            try:
                echu = regles.doit_etre_clos(devoir.regle(etat="publie"), maintenant)
            except regles.DevoirInvalide:
                continue  # dates that disagree: left for a teacher to see, never closed by guess
            if echu:
                api.content.transition(obj=devoir, transition="clore")
                clos.append("/".join(devoir.getPhysicalPath()))
    return clos
