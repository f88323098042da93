"""REST tokens (plone.restapi's JWT) that can be taken back: at logout and when the directory deactivates a person.

A JWT is valid until it expires (12 h) unless the plugin keeps the tokens it issued
(``store_tokens``): then ``@logout`` deletes the one it is given, and a deactivation deletes
all of a person's (``revoquer``), so a token never outlives the session or the account.

Where they are kept (issue 19, the 8:00 peak): plone.restapi keeps them in one ``OOBTree`` userid →
the user's tokens, so a person's first ``@login`` inserted into a BTree shared by every account (bucket
splits do not resolve: ConflictError, 500 past Zope's retries). The plugin's ``_tokens`` is here a
``JetonsParPersonne``: a person's tokens hang on their own directory record (``Personne.jetons_rest``, an
``OIBTree`` token → issue time), so a login writes only that person's objects. Users the directory does
not know (the regional administrator, Plone accounts) keep theirs in a BTree of the object, as before.
"""

from BTrees.OOBTree import OOBTree
from persistent import Persistent

ATTRIBUT = "jetons_rest"  # on a Personne: its REST tokens (OIBTree), None before its first @login


def plugin_jwt(site):
    acl = getattr(site, "acl_users", None)
    return acl.get("jwt_auth") if acl is not None and hasattr(acl, "get") else None


def _annuaire_du_site():
    """The directory of the site being served (plone.restapi's plugin asks without a site)."""
    from plone import api
    from plone.api.exc import CannotGetPortalError

    from cartable.annuaire.stockage import lire_annuaire

    try:
        return lire_annuaire(api.portal.get())
    except (CannotGetPortalError, TypeError):
        return None


class JetonsParPersonne(Persistent):
    """What plone.restapi's JWT plugin uses of its ``_tokens`` (``in``, ``[]``, ``[] =``, ``del``), per person.

    ``annuaire``: the directory to use (given by callers outside a request, e.g. an import); by default
    the served site's. Reading never writes (``in`` and ``[]`` run on every authenticated REST request)."""

    def __init__(self):
        self.autres = OOBTree()  # userid → OIBTree, for the users the directory does not know

    def _personne(self, userid, annuaire=None):
        annuaire = annuaire if annuaire is not None else _annuaire_du_site()
        if annuaire is None or not isinstance(userid, str):
            return None
        return annuaire.par_login(userid)

    def get(self, userid, default=None, annuaire=None):
        personne = self._personne(userid, annuaire)
        if personne is not None:
            jetons = getattr(personne, ATTRIBUT, None)
            return default if jetons is None else jetons
        return self.autres.get(userid, default)

    def __contains__(self, userid):
        return self.get(userid) is not None

    def __getitem__(self, userid):
        jetons = self.get(userid)
        if jetons is None:
            raise KeyError(userid)
        return jetons

    def __setitem__(self, userid, jetons):
        self.poser(userid, jetons)

    def poser(self, userid, jetons, annuaire=None):
        personne = self._personne(userid, annuaire)
        if personne is not None:
            setattr(personne, ATTRIBUT, jetons)
        else:
            self.autres[userid] = jetons

    def __delitem__(self, userid):
        if not self.retirer(userid):
            raise KeyError(userid)

    def retirer(self, userid, annuaire=None) -> int:
        """Every token of ``userid`` forgotten; how many there were."""
        personne = self._personne(userid, annuaire)
        if personne is not None:
            jetons = getattr(personne, ATTRIBUT, None)
            if jetons is not None:
                setattr(personne, ATTRIBUT, None)
            return len(jetons) if jetons is not None else 0
        jetons = self.autres.get(userid)
        if jetons is None:
            return 0
        del self.autres[userid]
        return len(jetons)


def jetons_revocables(site):
    """The JWT plugin keeps the tokens it issues, per person (install and upgrade; idempotent).

    Tokens kept by an earlier version (one OOBTree) move to their person's record, or stay in the
    structure's own BTree for the users the directory does not know."""
    from cartable.annuaire.stockage import lire_annuaire

    plugin = plugin_jwt(site)
    if plugin is None:
        return False
    plugin.store_tokens = True
    anciens = plugin._tokens
    if isinstance(anciens, JetonsParPersonne):
        return True
    nouveaux = JetonsParPersonne()
    annuaire = lire_annuaire(site)
    for userid, jetons in (anciens.items() if anciens is not None else ()):
        personne = annuaire.par_login(userid) if annuaire is not None else None
        if personne is not None:
            setattr(personne, ATTRIBUT, jetons)
        else:
            nouveaux.autres[userid] = jetons
    plugin._tokens = nouveaux
    return True


def revoquer(site, userid) -> int:
    """Every token of ``userid`` revoked; how many."""
    from cartable.annuaire.stockage import lire_annuaire

    plugin = plugin_jwt(site)
    jetons = getattr(plugin, "_tokens", None)
    if isinstance(jetons, JetonsParPersonne):
        return jetons.retirer(userid, annuaire=lire_annuaire(site))
    if jetons is None or userid not in jetons:  # before the upgrade to 1007
        return 0
    nombre = len(jetons[userid])
    del jetons[userid]
    return nombre
