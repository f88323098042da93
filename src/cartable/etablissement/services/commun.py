"""What @editeurs' methods share: who reads (the establishment's staff), who writes (direction, region)."""

from cartable.annuaire.services.base import ServiceEtablissement, ServiceEtablissementAvecCle
from cartable.core.refus import interdit
from cartable.etablissement import editeurs
from cartable.regles import editeurs as regles


def reponse(annuaire, etablissement, structure, lecteur):
    """The list, by name; the candidates (staff not yet editors) for who may name."""
    ids = editeurs.lire(etablissement)
    resultat = {"editeurs": sorted((editeurs.fiche(annuaire, i) for i in ids), key=lambda f: f["nom"])}
    if regles.peut_nommer(lecteur.personne, structure, lecteur.admin):
        resultat["candidats"] = editeurs.candidats(annuaire, structure, ids)
    return resultat


class ServiceEditeurs(ServiceEtablissement):
    ecriture = True

    def arguments(self):
        lecteur, annuaire, structure = super().arguments()
        if self.ecriture and not regles.peut_nommer(lecteur.personne, structure, lecteur.admin):
            raise interdit(lecteur, "Seules la direction de l'établissement et la région nomment les éditeurs.")
        if not regles.peut_lire(lecteur.personne, structure, lecteur.admin):
            raise interdit(lecteur, "Les éditeurs de l'établissement sont connus de ses personnels.")
        return lecteur, annuaire, structure


class ServiceEditeursAvecCle(ServiceEtablissementAvecCle, ServiceEditeurs):
    pass
