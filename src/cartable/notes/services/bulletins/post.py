from plone import api

from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core import horloge
from cartable.core.refus import Refus
from cartable.notes import bulletins, publication
from cartable.notes.services.commun import exiger_direction
from cartable.notes.stockage import lire_carnet
from cartable.regles.publication_bulletins import avertissements


class BulletinsPost(ServiceEtablissement):
    """POST @bulletins {"periode", "division" (else every class), "action": "generer"|"publier", "confirmer"} (direction).

    « publier » before the class council, or with bulletins « À régénérer », answers the sentences to confirm
    (``a_confirmer``) and publishes nothing until sent again with ``"confirmer": true``."""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        exiger_direction(lecteur, structure, "Les bulletins sont générés et publiés par la direction.")
        carnet = lire_carnet(self.context)
        periode = donnees.get("periode") if isinstance(donnees, dict) else None
        if carnet is None or periode not in carnet.periodes:
            raise Refus(400, "BadRequest", "Période inconnue.")
        classes = annuaire.divisions_de(structure, "classe")
        division = donnees.get("division")
        if division is not None and division not in classes:
            raise Refus(400, "BadRequest", f"Classe inconnue « {division} ».")
        divisions = [division] if division else sorted(classes)
        if donnees.get("action") == "generer":
            job = bulletins.lancer(self.context, lecteur, periode, divisions)
            self.request.response.setStatus(202)
            return {"job": job, "suivi": f"{api.portal.get().absolute_url()}/@cartable-tasks/{job}", "classes": len(divisions)}
        if donnees.get("action") == "publier":
            # before the council, or bulletins older than what was written since: asked first, nothing published
            a_publier = sorted({b["division"] for (_, _e), b in carnet.bulletins.items(min=(periode, ""), max=(periode, "\uffff"))
                                if b["division"] in divisions and not b["publie"]})
            phrases = avertissements(publication.classes(carnet, annuaire, structure, periode, a_publier, horloge.aujourd_hui()),
                                     horloge.aujourd_hui())
            if phrases and donnees.get("confirmer") is not True:
                return {"publies": 0, "a_confirmer": True, "avertissements": phrases}
            publies = 0
            for (p, eleve), b in list(carnet.bulletins.items(min=(periode, ""), max=(periode, "\uffff"))):
                if b["division"] in divisions and not b["publie"]:
                    carnet.bulletins[(p, eleve)] = {**b, "publie": True, "publie_le": horloge.maintenant().isoformat(timespec="seconds"),
                                                    "publie_par": lecteur.login}
                    publies += 1
            return {"publies": publies}
        raise Refus(400, "BadRequest", "action attendue : generer ou publier.")
