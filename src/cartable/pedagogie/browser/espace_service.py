"""GET @espace-cours: the course space's page as JSON (the same data, the same access)."""

from zExceptions import Unauthorized

from cartable.core.services.base import ServiceCartable
from cartable.pedagogie.browser.espace import donnees
from cartable.pedagogie.devoirs.acces import Acces


class EspaceCoursGet(ServiceCartable):
    def repondre(self):
        acces = Acces(None, espace=self.context)
        try:
            return donnees(self.context, acces)
        except Unauthorized:
            raise acces.refus("Réservé aux membres de cet espace.") from None
