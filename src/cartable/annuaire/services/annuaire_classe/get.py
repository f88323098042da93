from plone import api
from plone.restapi.services import Service

from cartable.annuaire.browser.annuaire import fiche_division
from cartable.annuaire.lecteur import Lecteur
from cartable.regles import acces


class ClasseGet(Service):
    """GET @annuaire-classe on a class: roster and teachers."""

    def reply(self):
        lecteur = Lecteur(api.portal.get())
        structure = self.context.__parent__.jointure
        lecteur.exiger(lecteur.annuaire is not None and acces.voit_division(lecteur.annuaire, lecteur.personne, structure, self.context.code))
        return fiche_division(lecteur.annuaire, structure, self.context.genre, self.context.code)
