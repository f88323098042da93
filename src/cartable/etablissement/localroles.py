"""« Éditeur d'établissement » (and « Rédacteur » for its teachers) on an establishment, from its list of editors.

A second borg.localrole provider on the establishment (named, beside the directory's Reader):
nothing is stored in the local-roles map, the role follows the list at each check.
Course spaces block acquisition, so the role never reaches inside a space.
"""

from borg.localrole.interfaces import ILocalRoleProvider
from zope.component import adapter
from zope.interface import implementer

from cartable.annuaire.content.etablissement import IEtablissement
from cartable.annuaire.localroles import personne_du_principal
from cartable.etablissement import editeurs
from cartable.regles import editeurs as regles


@implementer(ILocalRoleProvider)
@adapter(IEtablissement)
class RolesEditeurs:
    def __init__(self, context):
        self.context = context

    def getRoles(self, principal_id):
        structure = getattr(self.context, "jointure", None)
        if not structure:
            return ()
        _, personne = personne_du_principal(principal_id)
        return regles.roles_locaux(personne, structure, editeurs.lire(self.context))

    def getAllRoles(self):
        return ()  # not listable: the directory decides
