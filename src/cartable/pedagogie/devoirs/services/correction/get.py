from cartable.core import horloge
from cartable.pedagogie.devoirs import correction
from cartable.pedagogie.devoirs.services.commun import ServiceDevoir


class CorrectionGet(ServiceDevoir):
    """@correction: the marking table (the space's teachers; the direction, read only)."""

    def repondre(self, acces):
        acces.exiger_lecture_des_rendus()
        return correction.tableau(acces, horloge.instant())
