"""The safe-HTML policy of rich text (issue 13, item 3): what Plone's filter must never let through.

A teacher's instructions or a session's content are rich text that students, families and staff open.
An ``iframe`` frames any site inside Cartable's page, ``object``/``embed`` load plugins, a ``form``
imitates Cartable's login. They are removed from the valid tags and blocked with their content (Plone's
``plone.valid_tags`` and ``plone.nasty_tags``); the rest of the site's choices is kept.
"""

BALISES_INTERDITES = ("iframe", "object", "embed", "form")


def politique(valides, nuisibles) -> tuple[list[str], list[str]]:
    """(valid tags, nasty tags) with the forbidden tags out of the first and in the second, order kept."""
    valides = [b for b in (valides or []) if b.lower() not in BALISES_INTERDITES]
    nuisibles = list(nuisibles or [])
    nuisibles += [b for b in BALISES_INTERDITES if b not in {n.lower() for n in nuisibles}]
    return valides, nuisibles
