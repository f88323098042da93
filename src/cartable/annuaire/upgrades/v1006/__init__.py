"""1005 → 1006: REST tokens revocable (at logout, at deactivation)."""

from Acquisition import aq_inner, aq_parent

from cartable.annuaire.jetons import jetons_revocables


def jetons(setup_tool):
    jetons_revocables(aq_parent(aq_inner(setup_tool)))
