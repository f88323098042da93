from cartable.annuaire.bureau.blocs import nom_etablissement
from cartable.core.refus import Interdit
from cartable.messagerie import signalements
from cartable.messagerie.services.commun import ServiceMessagerie


class SignalementsGet(ServiceMessagerie):
    """GET @messagerie-signalements: the messages reported in the establishments the reader directs (never writes)."""

    def repondre(self, site, lecteur, personne):
        structures = signalements.structures_de_direction(personne)
        if not structures:
            raise Interdit("Les messages signalés sont lus par la direction de l'établissement.")
        return {"etablissements": [{"id": s, "nom": nom_etablissement(lecteur.annuaire, s),
                                    "signalements": signalements.lire(site, lecteur.annuaire, s)} for s in structures]}
