"""1001 → 1002: rich text without iframe, object, embed or form (regles.html_sur), the site's other choices kept."""

from plone import api

from cartable.regles import html_sur


def html_sans_cadres(setup_tool):
    valides, nuisibles = html_sur.politique(api.portal.get_registry_record("plone.valid_tags", default=[]),
                                            api.portal.get_registry_record("plone.nasty_tags", default=[]))
    api.portal.set_registry_record("plone.valid_tags", valides)
    api.portal.set_registry_record("plone.nasty_tags", nuisibles)
