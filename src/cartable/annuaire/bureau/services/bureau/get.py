from cartable.annuaire.bureau.page import bureau_de
from cartable.annuaire.lecteur import Lecteur
from cartable.core.refus import NonConnecte
from cartable.core.services.base import ServiceCartable


class BureauGet(ServiceCartable):
    """GET @bureau: the reader's Mon bureau (greeting, date in words, blocks, menu); never writes."""

    def repondre(self):
        lecteur = Lecteur(self.context)
        if lecteur.anonyme:
            raise NonConnecte("Connectez-vous pour voir votre bureau.")
        return bureau_de(self.context, lecteur)
