"""The current reader, seen from the directory (Zope side of the access model)."""

from AccessControl import getSecurityManager
from zExceptions import Unauthorized
from zope.globalrequest import getRequest

from cartable.annuaire.stockage import lire_annuaire
from cartable.core.refus import interdit
from cartable.regles import acces


class Lecteur:
    """Who is asking: their directory record (or None) and whether they administer the region."""

    def __init__(self, site):
        self.annuaire = lire_annuaire(site)
        user = getSecurityManager().getUser()
        # as portal_membership.isAnonymousUser (what api.user.is_anonymous asks, through two lookups per page)
        self.anonyme = user is None or user.getUserName() == "Anonymous User"
        self.login = None if self.anonyme else user.getId()
        self.personne = None
        if self.annuaire is not None and self.login:
            personne = self.annuaire.par_login(self.login)
            self.personne = personne if personne is not None and personne.actif else None
        self.admin = not self.anonyme and bool(getSecurityManager().checkPermission("Plone Site Setup: Overview", site))

    @classmethod
    def courant(cls, site):
        """The reader of this request, built once per request and user (the header and the page both ask)."""
        requete = getRequest()
        if not hasattr(requete, "set"):  # no Zope request (a script)
            return cls(site)
        cle = (getSecurityManager().getUser().getId(), "/".join(site.getPhysicalPath()))
        memo = requete.get("cartable.lecteur")
        if memo is not None and memo[0] == cle:
            return memo[1]
        lecteur = cls(site)
        requete.set("cartable.lecteur", (cle, lecteur))
        return lecteur

    def exiger(self, autorise: bool):
        """401 for anonymous, 403 otherwise, when ``autorise`` is false: no data in the error."""
        if not (autorise or self.admin):
            raise Unauthorized("Accès refusé.")

    def est_vie_scolaire(self, structure) -> bool:
        """Is this reader the vie scolaire (a CPE, the direction) of the establishment, or the region?"""
        return self.admin or acces.est_vie_scolaire(self.personne, structure)

    def exiger_vie_scolaire(self, structure, message):
        """A refusal (401 anonymous, 403 otherwise) for whoever is not the vie scolaire here."""
        if not self.est_vie_scolaire(structure):
            raise interdit(self, message)
