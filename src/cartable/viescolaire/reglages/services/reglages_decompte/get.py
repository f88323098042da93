from cartable.annuaire.services.base import ServiceEtablissement
from cartable.viescolaire.reglages import reglages


class ReglagesDecompteGet(ServiceEtablissement):
    """GET @reglages-decompte: the counting settings in force, their timeline and audit (vie scolaire, region)."""

    def repondre(self, lecteur, annuaire, structure):
        return reglages.lire(self.context, lecteur, structure)
