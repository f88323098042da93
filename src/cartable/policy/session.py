"""How long a login lasts: a working day.

plone.session keeps its settings as properties of the PAS plugin
``acl_users/session`` (stored in the ZODB, like the signing secret, which
lives in plone.keyring's key manager, a persistent utility of the site): every
instance of a cluster reads the same ones. A ticket is valid ``timeout``
seconds after it was issued or last refreshed; the refresh view
(``acl_users/session/refresh``) re-issues it and stays enabled as long as
``refresh_interval`` is positive. Pure module: it only sets two properties.
"""

# 8:00 to 18:00: a teacher logged in before the first class is still logged
# in at the end of the day, even after hours without a request.
DUREE_SESSION = 10 * 60 * 60
# the refresh view's answer may be cached that long by the browser: at most
# one ticket renewal per hour and per user
INTERVALLE_RAFRAICHISSEMENT = 60 * 60


def regler_session(plugin) -> None:
    """Set the ticket lifetime and keep refreshing on (plone.session's SessionPlugin)."""
    plugin.manage_changeProperties(timeout=DUREE_SESSION, refresh_interval=INTERVALLE_RAFRAICHISSEMENT)
