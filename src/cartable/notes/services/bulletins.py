"""REST on an Etablissement: @conseil, @bulletins (generate, publish, list), @bulletin (the PDF)."""

from plone import api
from cartable.notes import bulletins, conseil, droits
from cartable.notes.evaluations import refus_acces
from cartable.notes.stockage import carnet_pour_ecrire, lire_carnet
from cartable.core.refus import Refus
from cartable.annuaire.services.base import ServiceEtablissement
from cartable.viescolaire.stockage import lire_vie_scolaire
from cartable.core import horloge


class ConseilGet(ServiceEtablissement):
    """@conseil?division=&periode=: the council screen's data (direction, professeur principal)."""

    def repondre(self, lecteur, annuaire, structure):
        form = self.request.form
        return conseil.ecran(lire_carnet(self.context), annuaire, lire_vie_scolaire(self.context), lecteur, structure,
                             form.get("division"), form.get("periode"))


class ConseilPost(ServiceEtablissement):
    """POST @conseil {"division", "periode", "date", "decisions": [...], "appreciations_generales": [...]}"""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        if lire_carnet(self.context) is None:
            raise Refus(404, "NotFound", "Période inconnue.")
        return conseil.enregistrer(carnet_pour_ecrire(self.context), annuaire, lecteur, structure, donnees)


def _direction(lecteur, structure):
    if not (lecteur.admin or droits.est_direction(lecteur.personne, structure)):
        raise refus_acces(lecteur, "Les bulletins sont générés et publiés par la direction.")


class BulletinsGet(ServiceEtablissement):
    """@bulletins?periode=&division=: which bulletins exist and are published (direction)."""

    def repondre(self, lecteur, annuaire, structure):
        _direction(lecteur, structure)
        carnet, periode = lire_carnet(self.context), self.request.form.get("periode", "")
        division = self.request.form.get("division")
        items = []
        for (p, eleve), b in (carnet.bulletins.items(min=(periode, ""), max=(periode, "\uffff")) if carnet is not None else ()):
            if division and b["division"] != division:
                continue
            items.append({"eleve": eleve, "division": b["division"], "genere_le": b["genere_le"], "publie": b["publie"],
                          "@id": f"{self.context.absolute_url()}/@bulletin?eleve={eleve}&periode={p}"})
        return {"periode": periode, "items": items}


class BulletinsPost(ServiceEtablissement):
    """POST @bulletins {"periode", "division" (else every class), "action": "generer"|"publier"} (direction)."""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        _direction(lecteur, structure)
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
            publies = 0
            for (p, eleve), b in list(carnet.bulletins.items(min=(periode, ""), max=(periode, "\uffff"))):
                if b["division"] in divisions and not b["publie"]:
                    carnet.bulletins[(p, eleve)] = {**b, "publie": True, "publie_le": horloge.maintenant().isoformat(timespec="seconds"),
                                                    "publie_par": lecteur.login}
                    publies += 1
            return {"publies": publies}
        raise Refus(400, "BadRequest", "action attendue : generer ou publier.")


class BulletinGet(ServiceEtablissement):
    """@bulletin?eleve=&periode=: the PDF — the student and parents once published, the direction and PP always."""

    def repondre(self, lecteur, annuaire, structure):
        form = self.request.form
        eleve = annuaire.personne(form.get("eleve") or "") if annuaire is not None else None
        portee = "tout" if lecteur.admin else droits.lit_eleve(annuaire, lecteur.personne, eleve, structure)
        if eleve is None or eleve.categorie != "Eleve" or portee is None:
            raise refus_acces(lecteur, "Vous ne pouvez pas consulter ce bulletin.")
        carnet = lire_carnet(self.context)
        bulletin = carnet.bulletins.get((form.get("periode"), eleve.id)) if carnet is not None else None
        if bulletin is None or (portee == "publie" and not bulletin["publie"]):
            raise Refus(404, "NotFound", "Bulletin pas encore publié.")
        fichier = bulletin["fichier"]
        reponse = self.request.response
        reponse.setHeader("Content-Type", "application/pdf")
        reponse.setHeader("Content-Disposition", f'attachment; filename="{fichier.filename}"')
        reponse.setHeader("Cache-Control", "private, no-store")
        reponse.setBody(fichier.data)
        return self.corps_deja_ecrit()  # the body is the PDF, not JSON
