from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core.refus import interdit
from cartable.messagerie import reglages
from cartable.regles import acces


class ReglagesGet(ServiceEtablissement):
    """GET {etab}/@messagerie-reglages: the establishment's messagerie settings, for its staff and the region."""

    def repondre(self, lecteur, annuaire, structure):
        if not (lecteur.admin or acces.est_personnel(lecteur.personne, structure)):
            raise interdit(lecteur, "Les réglages de la messagerie sont ceux des personnels de l'établissement.")
        return reglages.lire(structure)
