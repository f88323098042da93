from cartable.pedagogie.suivi.espaces_libres import espaces_libres, fiche
from cartable.pedagogie.suivi.services.commun import ServiceEspacesLibres


class EspacesLibresGet(ServiceEspacesLibres):
    """GET {etab}/@espaces-libres: the establishment's free spaces."""

    def repondre(self, lecteur, annuaire, structure):
        return {"items": [fiche(e) for e in sorted(espaces_libres(self.context), key=lambda e: e.Title())]}
