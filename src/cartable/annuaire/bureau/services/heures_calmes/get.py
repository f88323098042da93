from cartable.annuaire.courriels import heures_calmes_etablissement
from cartable.annuaire.services.base import ServiceEtablissement
from cartable.regles.dates_fr import heure_fr


def en_clair(debut, fin):
    return {"debut": debut.strftime("%H:%M"), "fin": fin.strftime("%H:%M"),
            "texte": f"Aucun courriel entre {heure_fr(debut)} et {heure_fr(fin)}"}


class HeuresCalmesGet(ServiceEtablissement):
    """GET @heures-calmes: the establishment's quiet hours (no e-mail), for its vie scolaire."""

    def repondre(self, lecteur, annuaire, structure):
        lecteur.exiger_vie_scolaire(structure, "Réservé à la vie scolaire de l'établissement.")
        return en_clair(*heures_calmes_etablissement(self.context))
