from cartable.core import horloge
from cartable.pedagogie.devoirs import rendus
from cartable.pedagogie.devoirs.services.commun import ServiceDevoir


class RenduGet(ServiceDevoir):
    """@rendu: the current student's own hand-in (« non rendu » when none)."""

    def repondre(self, acces):
        acces.exiger_eleve()
        return rendus.fiche(acces, horloge.instant())
