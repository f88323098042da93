from cartable.etablissement.services.commun import ServiceEditeurs, reponse


class EditeursGet(ServiceEditeurs):
    """GET {etab}/@editeurs: its editors by name (its staff and the region); the candidates for who names."""

    ecriture = False

    def repondre(self, lecteur, annuaire, structure):
        return reponse(annuaire, self.context, structure, lecteur)
