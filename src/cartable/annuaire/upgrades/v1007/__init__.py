"""1006 → 1007: REST tokens kept per person (on their directory record), so a login writes nothing shared."""

from Acquisition import aq_inner, aq_parent

from cartable.annuaire.jetons import jetons_revocables


def jetons_par_personne(setup_tool):
    jetons_revocables(aq_parent(aq_inner(setup_tool)))
