"""Établissement: a collège or lycée of the region, identified by its UAI.

Content (not a record) because it carries course spaces and settings later.
"""

import re

from plone.dexterity.content import Container
from plone.supermodel import model
from zope import schema
from zope.interface import Invalid, implementer

from cartable.annuaire import _

# 7 digits then a letter (RNE/UAI of the Éducation nationale).
UAI_PATTERN = re.compile(r"^[0-9]{7}[A-Z]$")


def valider_uai(value):
    if not UAI_PATTERN.match(value or ""):
        raise Invalid(_("uai_invalide", default="UAI invalide : 7 chiffres puis une lettre majuscule (ex. 0131234W)."))
    return True


class IEtablissement(model.Schema):
    uai = schema.TextLine(
        title=_("label_uai", default="UAI"),
        description=_("help_uai", default="Identifiant national de l'établissement (7 chiffres et une lettre)."),
        constraint=valider_uai,
        required=True,
    )
    commune = schema.TextLine(title=_("label_commune", default="Commune"), required=False)
    jointure = schema.TextLine(
        title=_("label_jointure", default="Identifiant AAF"),
        description=_("help_jointure", default="ENTStructureJointure : renseigné par l'import de l'annuaire."),
        required=False,
    )


@implementer(IEtablissement)
class Etablissement(Container):
    """A school of the region."""

    actif = True  # False once the académie's files delete it (history kept)
