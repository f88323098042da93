from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core.refus import Refus
from cartable.notes.evaluations import eleve_lisible
from cartable.notes.stockage import lire_carnet


class BulletinGet(ServiceEtablissement):
    """@bulletin?eleve=&periode=: the PDF — the student and parents once published, the direction and PP always."""

    def repondre(self, lecteur, annuaire, structure):
        form = self.request.form
        eleve, portee = eleve_lisible(annuaire, lecteur, structure, form.get("eleve"), "Vous ne pouvez pas consulter ce bulletin.")
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
