"""REST tokens (plone.restapi's JWT) that can be taken back: at logout and when the directory deactivates a person.

A JWT is valid until it expires (12 h) unless the plugin keeps the tokens it issued
(``store_tokens``): then ``@logout`` deletes the one it is given, and a deactivation deletes
all of a person's (``revoquer``), so a token never outlives the session or the account.
Each ``@login`` writes one entry (a person's tokens are one small BTree).
"""

from BTrees.OOBTree import OOBTree


def plugin_jwt(site):
    acl = getattr(site, "acl_users", None)
    return acl.get("jwt_auth") if acl is not None and hasattr(acl, "get") else None


def jetons_revocables(site):
    """The JWT plugin keeps the tokens it issues (install and upgrade)."""
    plugin = plugin_jwt(site)
    if plugin is None:
        return False
    plugin.store_tokens = True
    if plugin._tokens is None:
        plugin._tokens = OOBTree()
    return True


def revoquer(site, userid) -> int:
    """Every token of ``userid`` revoked; how many."""
    plugin = plugin_jwt(site)
    jetons = getattr(plugin, "_tokens", None)
    if jetons is None or userid not in jetons:
        return 0
    nombre = len(jetons[userid])
    del jetons[userid]
    return nombre
