"""REST: @statistiques (per class and month, JSON or CSV; long ones in the background),
@export-absences (CSV of a period's absences), @mes-classes (GET, POST) on an establishment."""

import json
from datetime import date

from plone import api

from cartable.core import tasks
from cartable.viescolaire import mes_classes, statistiques
from cartable.annuaire.services.base import ServiceEtablissement
from cartable.viescolaire.stockage import lire_vie_scolaire, vie_scolaire_pour_ecrire
from cartable.core import horloge
from cartable.core.refus import Refus

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


class _Statistiques(ServiceEtablissement):
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


class StatistiquesGet(_Statistiques):
    """@statistiques?du=&au=&classes=&mes_classes=1&format=csv, or ?tache=<id> for a background result.

    Computed here when it is small (about a second); otherwise 409 and the
    client asks for it in the background (POST).
    """

    def repondre(self, lecteur, annuaire, structure):
        form = self.request.form
        if form.get("tache"):
            lecteur.exiger_vie_scolaire(structure, MESSAGE)
            return self.resultat_tache(lecteur, structure, form["tache"], form.get("format") == "csv")
        vs, du, au, classes = self.parametres(lecteur, annuaire, structure, form)
        eleves = len(statistiques.eleves_des_classes(annuaire, structure, classes))
        if not statistiques.calcul_court(eleves, du, au):
            raise Refus(409, "CalculLong", f"Calcul long ({eleves} élèves, du {du:%d/%m/%Y} au {au:%d/%m/%Y}) : "
                                                  "il se fait en tâche de fond (POST @statistiques).")
        resultat = statistiques.calculer(vs, annuaire, structure, du, au, classes)
        if form.get("format") == "csv":
            return Csv(statistiques.statistiques_csv(resultat), f"statistiques-{du}-{au}.csv")
        return resultat

    def resultat_tache(self, lecteur, structure, ident, csv):
        job = tasks.read_job(ident) if isinstance(ident, str) else None
        if job is None or job.get("name") != statistiques.NOM_TACHE:
            raise Refus(404, "NotFound", "Calcul introuvable.")
        if job.get("owner") != lecteur.login and not lecteur.admin:
            raise Refus(403, "Forbidden", "Ce calcul a été lancé par quelqu'un d'autre.")
        resultat = job.get("result")
        if resultat is not None and resultat.get("etablissement") != structure:
            raise Refus(404, "NotFound", "Calcul introuvable.")
        if csv:
            if resultat is None:
                raise Refus(409, "EnCours", "Le calcul n'est pas terminé.")
            return Csv(statistiques.statistiques_csv(resultat), f"statistiques-{resultat['du']}-{resultat['au']}.csv")
        return {"tache": ident, "etat": job.get("state"), "fait": job.get("done"), "total": job.get("total"),
                "message": job.get("message"), "erreur": job.get("error"), "resultat": resultat}


class StatistiquesPost(_Statistiques):
    """POST @statistiques {"du", "au", "classes"?, "mes_classes"?}: computed in the background → 202."""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        if not isinstance(donnees, dict):
            raise Refus(400, "BadRequest", "Corps JSON attendu (un objet).")
        form = {k: ("1" if v is True else v) for k, v in donnees.items()}
        _, du, au, classes = self.parametres(lecteur, annuaire, structure, form)
        site = api.portal.get()
        ident = tasks.enqueue(statistiques.NOM_TACHE, site.getPhysicalPath(), lecteur.login,
                              {"etablissement": self.context.getId(), "du": du.isoformat(), "au": au.isoformat(), "classes": classes},
                              idempotency_key=self.request.getHeader("Idempotency-Key"))
        self.request.response.setStatus(202)
        url = self.context.absolute_url()
        return {"tache": ident, "@id": f"{url}/@statistiques?tache={ident}", "suivi": f"{site.absolute_url()}/@cartable-tasks/{ident}"}


class ExportAbsencesGet(_Statistiques):
    """@export-absences?du=&au=&classes=&mes_classes=1: CSV of every absence, lateness and departure of the period."""

    def repondre(self, lecteur, annuaire, structure):
        vs, du, au, classes = self.parametres(lecteur, annuaire, structure, self.request.form)
        lignes = statistiques.absences_periode(vs, annuaire, structure, du, au, classes)
        if self.request.form.get("format") == "json":
            return {"du": du.isoformat(), "au": au.isoformat(), "items": lignes}
        return Csv(statistiques.absences_csv(lignes), f"absences-{du}-{au}.csv")


class MesClassesGet(ServiceEtablissement):
    """@mes-classes: the classes the reader follows, and the establishment's classes."""

    def repondre(self, lecteur, annuaire, structure):
        return mes_classes.consulter(lire_vie_scolaire(self.context), annuaire, structure, lecteur)


class MesClassesPost(ServiceEtablissement):
    """POST @mes-classes {"classes": [codes]}"""

    def repondre(self, lecteur, annuaire, structure):
        return mes_classes.choisir(self.context, vie_scolaire_pour_ecrire, annuaire, structure, lecteur, self.corps())
