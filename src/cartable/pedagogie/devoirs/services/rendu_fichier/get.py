from cartable.pedagogie.devoirs import rendus
from cartable.pedagogie.devoirs.services.commun import ServiceDevoir, envoyer


class RenduFichierGet(ServiceDevoir):
    """@rendu-fichier?eleve=&nom=: one file of a hand-in (its student; the space's teachers; the direction)."""

    def repondre(self, acces):
        form = self.request.form
        fichier = rendus.fichier(acces, form.get("eleve"), form.get("nom"))
        return envoyer(self, fichier, fichier.contentType or "application/octet-stream")
