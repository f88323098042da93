from datetime import date, timedelta

from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core import horloge
from cartable.core.refus import Refus
from cartable.viescolaire import emploi
from cartable.viescolaire.stockage import lire_vie_scolaire

CLES = frozenset({"eleve", "enseignant", "division", "salle", "du", "au"})  # what ``lire`` reads of the form


def lire(etablissement, lecteur, annuaire, structure, form):
    """The answer of @emploi-du-temps (the service and its fast route, ``rapide.py``, share it)."""
    try:
        du = date.fromisoformat(form["du"]) if form.get("du") else None
        au = date.fromisoformat(form["au"]) if form.get("au") else None
    except ValueError:
        raise Refus(400, "BadRequest", "du et au attendus au format AAAA-MM-JJ.") from None
    if du is None:
        du = horloge.maintenant().date() - timedelta(days=horloge.maintenant().weekday())
    au = au or du + timedelta(days=6)
    if (au - du).days > 62:
        raise Refus(400, "BadRequest", "Période limitée à deux mois.")
    return emploi.emploi_du_temps(lire_vie_scolaire(etablissement), annuaire, structure, lecteur, form, du, au)


class EmploiDuTempsGet(ServiceEtablissement):
    """@emploi-du-temps?eleve=|enseignant=|division=|salle= &du=&au= (the current week by default)"""

    def repondre(self, lecteur, annuaire, structure):
        return lire(self.context, lecteur, annuaire, structure, self.request.form)
