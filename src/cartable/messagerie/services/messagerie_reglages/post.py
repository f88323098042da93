from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core.refus import RequeteInvalide, interdit
from cartable.messagerie import reglages
from cartable.regles import acces


class ReglagesPost(ServiceEtablissement):
    """POST {etab}/@messagerie-reglages {"eleves_entre_eux": bool}: the direction (and the region) decide."""

    def repondre(self, lecteur, annuaire, structure):
        if not (lecteur.admin or acces.est_direction(lecteur.personne, structure)):
            raise interdit(lecteur, "Seules la direction de l'établissement et la région règlent sa messagerie.")
        valeur = self.corps().get("eleves_entre_eux")
        if not isinstance(valeur, bool):
            raise RequeteInvalide("Indiquez « eleves_entre_eux » : vrai ou faux.")
        reglages.ecrire(structure, eleves_entre_eux=valeur)
        return reglages.lire(structure)
