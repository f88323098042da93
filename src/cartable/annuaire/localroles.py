"""Reader on an establishment / a class for the people the directory says may see it.

A borg.localrole provider: nothing is stored on the content, the directory
decides (O(log n) per check), so the daily AAF delta never rewrites local roles.
"""

from borg.localrole.interfaces import ILocalRoleProvider
from plone import api
from zope.component import adapter
from zope.interface import implementer

from cartable.annuaire.content.classe import IClasse
from cartable.annuaire.content.etablissement import IEtablissement
from cartable.annuaire.stockage import lire_annuaire
from cartable.regles import acces


def personne_du_principal(principal_id):
    """(directory, the active person logged in as ``principal_id`` or None) — for local role providers."""
    annuaire = lire_annuaire(api.portal.get())
    if annuaire is None:
        return None, None
    personne = annuaire.par_login(principal_id)
    return annuaire, personne if personne is not None and personne.actif else None


@implementer(ILocalRoleProvider)
class _RolesDeLAnnuaire:
    def __init__(self, context):
        self.context = context

    def getRoles(self, principal_id):
        annuaire, personne = personne_du_principal(principal_id)
        if personne is None:
            return ()
        return ("Reader",) if self.voit(annuaire, personne) else ()

    def getAllRoles(self):
        return ()  # not listable: 10⁶ possible principals


@adapter(IEtablissement)
class RolesEtablissement(_RolesDeLAnnuaire):
    def voit(self, annuaire, personne):
        jointure = getattr(self.context, "jointure", None)
        # its members may open it (their timetable, …); its pages check more closely
        return bool(jointure) and acces.membre_etablissement(annuaire, personne, jointure)


@adapter(IClasse)
class RolesClasse(_RolesDeLAnnuaire):
    def voit(self, annuaire, personne):
        jointure = getattr(self.context.__parent__, "jointure", None)
        return bool(jointure) and acces.voit_division(annuaire, personne, jointure, self.context.code)
