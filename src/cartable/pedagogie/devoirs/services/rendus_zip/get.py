from cartable.core.refus import Refus
from cartable.pedagogie.devoirs import archive
from cartable.pedagogie.devoirs.services.commun import ServiceDevoir, envoyer


class RendusZipGet(ServiceDevoir):
    """@rendus-zip: the last zip built (404 when none yet)."""

    def repondre(self, acces):
        acces.exiger_lecture_des_rendus()
        dernier = archive.dernier_zip(self.context)
        if dernier is None:
            raise Refus(404, "NotFound", "Aucun zip des rendus n'a encore été préparé : lancez sa préparation.")
        return envoyer(self, dernier["fichier"], "application/zip")
