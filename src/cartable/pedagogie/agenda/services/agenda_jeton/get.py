from cartable.pedagogie.agenda.services.commun import ServiceAgenda, titulaire
from cartable.pedagogie.agenda.stockage import lire_jetons


class JetonGet(ServiceAgenda):
    """@agenda-jeton: whether one's feed exists (its URL is shown once, when made: only its hash is kept)."""

    def repondre(self, lecteur):
        personne = titulaire(lecteur)
        jetons = lire_jetons(self.site)
        empreinte = jetons.par_personne.get(personne.id) if jetons is not None else None
        cree_le = jetons.par_empreinte[empreinte][1] if empreinte is not None else None
        return {"actif": empreinte is not None, "cree_le": cree_le, "url": None,
                "message": "L'adresse du flux n'est affichée qu'à sa création ; créez-en une nouvelle si vous l'avez perdue."
                if empreinte is not None else "Aucun flux d'agenda."}
