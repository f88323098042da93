from cartable.annuaire.services.base import ServiceEtablissement
from cartable.notes import evaluations
from cartable.notes.stockage import lire_carnet
from cartable.regles import acces


class PeriodesGet(ServiceEtablissement):
    """@periodes: the periods (every member of the establishment) and the current one."""

    def repondre(self, lecteur, annuaire, structure):
        if not (lecteur.admin or acces.membre_etablissement(annuaire, lecteur.personne, structure)):
            raise evaluations.refus_acces(lecteur, "Réservé aux membres de l'établissement.")
        carnet = lire_carnet(self.context)
        periodes = list(carnet.periodes.values()) if carnet is not None else []
        return {"items": [evaluations.periode_json(p) for p in periodes], "en_cours": evaluations.periode_du_jour(carnet)}
