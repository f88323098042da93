from datetime import date

from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core import horloge
from cartable.core.refus import Refus
from cartable.viescolaire import appels, mes_classes
from cartable.viescolaire.stockage import lire_vie_scolaire


class AppelsGet(ServiceEtablissement):
    """@appels?date=AAAA-MM-JJ (today by default)"""

    def repondre(self, lecteur, annuaire, structure):
        try:
            jour = date.fromisoformat(self.request.form.get("date") or horloge.maintenant().date().isoformat())
        except ValueError:
            raise Refus(400, "BadRequest", "date attendue au format AAAA-MM-JJ.") from None
        vs = lire_vie_scolaire(self.context)
        reponse = appels.appels_du_jour(vs, annuaire, structure, jour, lecteur, self.context.absolute_url())
        classes = mes_classes.classes_filtre(vs, lecteur, structure, self.request.form)  # ?mes_classes=1
        return reponse if classes is None else mes_classes.filtrer_appels(reponse, annuaire, structure, classes)
