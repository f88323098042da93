from cartable.core.refus import Refus, interdit
from cartable.pedagogie.agenda import lecture
from cartable.pedagogie.agenda.services.commun import ServiceAgenda
from cartable.pedagogie.agenda.stockage import faits_pour_ecrire, lire_faits


def cocher(site, lecteur, donnees):
    """The student ticks (or unticks) one of their work items."""
    eleve_id = donnees.get("eleve") or (lecteur.personne.id if lecteur.personne is not None else None)
    personne = lecteur.personne
    if personne is None or personne.categorie != "Eleve" or personne.id != eleve_id:
        raise interdit(lecteur, "Seul l'élève coche son travail.")
    travail = donnees.get("travail")
    fait = donnees.get("fait")
    if not isinstance(travail, str) or not isinstance(fait, bool):
        raise Refus(400, "BadRequest", "{\"travail\": identifiant, \"fait\": true|false} attendu.")
    if not lecture.travail_de_l_eleve(site, lecteur.annuaire, personne, travail):
        raise Refus(404, "NotFound", "Ce travail n'est pas dans votre agenda.")
    faits_pour_ecrire(site).cocher(personne.id, travail, fait)
    return {"eleve": personne.id, "travail": travail, "fait": fait}


class AgendaPost(ServiceAgenda):
    """POST @agenda {"travail", "fait", "eleve"}: the student only."""

    service = "@agenda"

    def repondre(self, lecteur):
        personne = lecteur.personne
        if personne is None or personne.categorie != "Eleve":
            raise interdit(lecteur, "Seul l'élève coche son travail.")
        donnees = self.corps()

        def reponses(ecrire):
            return faits_pour_ecrire(self.site).reponses if ecrire else getattr(lire_faits(self.site), "reponses", None)

        return self.rejouer(reponses, lecteur, lambda: cocher(self.site, lecteur, donnees))
