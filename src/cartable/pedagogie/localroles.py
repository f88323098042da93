"""Local roles in a course space, asked of the directory at each check (borg.localrole).

Nothing is stored on the content, so the daily AAF delta never rewrites
local roles and 10⁶ accounts never sit in a local-roles map. A Rendu gives
its student the role « Auteur du rendu »: the workflow shows a hand-in to
its author and the space's teachers, never to the other students.
"""

from borg.localrole.interfaces import ILocalRoleProvider
from zope.component import adapter
from zope.interface import implementer

from cartable.annuaire.localroles import personne_du_principal
from cartable.pedagogie.content.espace import IEspaceCours
from cartable.pedagogie.content.rendu import IRendu
from cartable.regles import droits_pedagogie as droits


@implementer(ILocalRoleProvider)
@adapter(IEspaceCours)
class RolesEspace:
    def __init__(self, context):
        self.context = context

    def getRoles(self, principal_id):
        annuaire, personne = personne_du_principal(principal_id)
        if personne is None:
            return ()
        return droits.roles_locaux(droits.qualites(annuaire, personne, droits.espace_de(self.context)))

    def getAllRoles(self):
        return ()  # not listable: the directory decides


@implementer(ILocalRoleProvider)
@adapter(IRendu)
class RolesRendu:
    def __init__(self, context):
        self.context = context

    def getRoles(self, principal_id):
        annuaire, personne = personne_du_principal(principal_id)
        if personne is not None and personne.id == self.context.eleve:
            return ("Auteur du rendu",)
        return ()

    def getAllRoles(self):
        return ()
