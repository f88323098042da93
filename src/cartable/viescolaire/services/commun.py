"""What several of vie scolaire's endpoints share: the statistics' period, classes and CSV answer
(@statistiques, @export-absences, and the statistics page)."""

import json
from datetime import date

from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core import horloge
from cartable.core.refus import Refus
from cartable.viescolaire import mes_classes, statistiques
from cartable.viescolaire.stockage import lire_vie_scolaire

MESSAGE = "Les statistiques sont réservées à la vie scolaire et à la direction."


def _date(valeur, nom):
    try:
        return date.fromisoformat(valeur)
    except (TypeError, ValueError):
        raise Refus(400, "BadRequest", f"{nom} attendu au format AAAA-MM-JJ.") from None


def periode(form):
    """du/au of the request; the current month by default."""
    aujourdhui = horloge.maintenant().date()
    du = _date(form["du"], "du") if form.get("du") else aujourdhui.replace(day=1)
    au = _date(form["au"], "au") if form.get("au") else aujourdhui
    if au < du:
        raise Refus(400, "BadRequest", "La fin de la période précède son début.")
    if (au - du).days > 370:
        raise Refus(400, "BadRequest", "Période limitée à une année scolaire.")
    return du, au


def classes_demandees(form, vs, lecteur, structure):
    """Classes asked for: ``classes`` (list or comma-separated), else « mes classes », else None (all)."""
    classes = form.get("classes")
    if isinstance(classes, str):
        classes = [c for c in classes.split(",") if c.strip()]
    if classes is not None and not (isinstance(classes, list) and all(isinstance(c, str) for c in classes)):
        raise Refus(400, "BadRequest", "classes attendu : une liste de codes de classe (textes), ou des codes séparés par des virgules.")
    if classes:
        return [c.strip() for c in classes]
    filtre = mes_classes.classes_filtre(vs, lecteur, structure, form)
    return sorted(filtre) if filtre is not None else None


class Csv:
    """A CSV answer: ``render`` sends it as a file instead of JSON."""

    def __init__(self, texte, nom):
        self.texte, self.nom = texte, nom


class ServiceStatistiques(ServiceEtablissement):
    """@statistiques and @export-absences: vie scolaire only, a period and classes; JSON or a CSV file."""

    def parametres(self, lecteur, annuaire, structure, form):
        lecteur.exiger_vie_scolaire(structure, MESSAGE)
        vs = lire_vie_scolaire(self.context)
        if vs is None:
            raise Refus(404, "NotFound", "Pas de vie scolaire dans cet établissement.")
        du, au = periode(form)
        classes = statistiques.classes_choisies(annuaire, structure, classes_demandees(form, vs, lecteur, structure))
        return vs, du, au, classes

    def render(self):
        self.check_permission()
        contenu = self.reply()
        if not isinstance(contenu, Csv):
            self.request.response.setHeader("Content-Type", self.content_type)
            return json.dumps(contenu, indent=2, sort_keys=True, separators=(", ", ": "))
        self.request.response.setHeader("Content-Type", "text/csv; charset=utf-8")
        self.request.response.setHeader("Content-Disposition", f'attachment; filename="{contenu.nom}"')
        return contenu.texte
