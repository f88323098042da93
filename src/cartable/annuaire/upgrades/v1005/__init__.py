"""1004 → 1005: Mon bureau is the site's home (the site root's default view)."""

from Acquisition import aq_inner, aq_parent

from cartable.annuaire.setuphandlers import accueil_mon_bureau


def mon_bureau(setup_tool):
    accueil_mon_bureau(aq_parent(aq_inner(setup_tool)))
