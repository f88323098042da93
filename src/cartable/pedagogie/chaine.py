"""Plone's standard types (Document, File, Image, Link, Folder, Event) follow
``cartable_cours_workflow`` inside a course space — private to its teachers,
then visible to its members, possibly at a scheduled date — and the site's
usual workflow elsewhere. Decided by where the object is, so a space needs no
placeful policy object and moving content out gives it back its usual workflow.
"""

from Acquisition import aq_inner, aq_parent
from Products.CMFPlone.workflow import ToolWorkflowChain

from cartable.pedagogie.content.espace import IEspaceCours

CHAINE_COURS = ("cartable_cours_workflow",)


def dans_un_espace(objet) -> bool:
    parent = aq_parent(aq_inner(objet))
    while parent is not None:
        if IEspaceCours.providedBy(parent):
            return True
        parent = aq_parent(aq_inner(parent)) if hasattr(parent, "aq_parent") else None
    return False


def chaine(context, workflow_tool):
    """IWorkflowChain for the standard types (registered per type in configure.zcml)."""
    if not isinstance(context, str) and dans_un_espace(context):
        return CHAINE_COURS
    return ToolWorkflowChain(context, workflow_tool)
