"""@@statistiques-vie-scolaire: the statistics per class and month, their charts and CSV links (vie scolaire)."""

from urllib.parse import urlencode

from plone import api
from Products.Five.browser import BrowserView

from cartable.annuaire.lecteur import Lecteur
from cartable.core import tasks
from cartable.core.refus import Refus
from cartable.regles import acces
from cartable.viescolaire import graphiques, statistiques
from cartable.viescolaire.services.commun import classes_demandees, periode
from cartable.viescolaire.stockage import lire_vie_scolaire


class StatistiquesView(BrowserView):
    def __call__(self):
        self.lecteur = Lecteur(api.portal.get())
        self.lecteur.exiger(acces.est_vie_scolaire(self.lecteur.personne, self.context.jointure))
        self.erreur = None
        self.resultat = None
        self.long = False
        try:
            self.preparer()
        except Refus as exc:
            self.erreur = exc.message
        return self.index()

    def preparer(self):
        annuaire, structure, form = self.lecteur.annuaire, self.context.jointure, self.request.form
        vs = lire_vie_scolaire(self.context)
        if vs is None:
            raise Refus(404, "NotFound", "Pas de vie scolaire dans cet établissement.")
        self.du, self.au = periode(form)
        self.classes = statistiques.classes_choisies(annuaire, structure, classes_demandees(form, vs, self.lecteur, structure))
        tache = form.get("tache")
        if tache:
            job = tasks.read_job(tache) if isinstance(tache, str) else None
            resultat = (job or {}).get("result")
            if job is None or job.get("owner") != self.lecteur.login or job.get("name") != statistiques.NOM_TACHE \
                    or resultat is None or resultat.get("etablissement") != structure:
                raise Refus(404, "NotFound", "Calcul introuvable ou pas encore terminé.")
            self.resultat = resultat
            return
        eleves = len(statistiques.eleves_des_classes(annuaire, structure, self.classes))
        if statistiques.calcul_court(eleves, self.du, self.au):
            self.resultat = statistiques.calculer(vs, annuaire, structure, self.du, self.au, self.classes)
        else:
            self.long = True

    def toutes_classes(self):
        return sorted(self.lecteur.annuaire.divisions_de(self.context.jointure, "classe").items())

    def mes_classes_demande(self):
        return self.request.form.get("mes_classes") == "1"

    def requete(self):
        """The filters as a query string (for the CSV links and the background computation)."""
        return urlencode({"du": self.du.isoformat(), "au": self.au.isoformat(), "classes": ",".join(self.classes)})

    def lien_csv(self):
        if self.request.form.get("tache"):
            return f"{self.context.absolute_url()}/@statistiques?tache={self.request.form['tache']}&format=csv"
        return f"{self.context.absolute_url()}/@statistiques?{self.requete()}&format=csv"

    def lien_absences(self):
        return f"{self.context.absolute_url()}/@export-absences?{self.requete()}"

    def mois(self, code):
        return graphiques.libelle_mois(code)

    def nombre(self, valeur):
        return "—" if valeur is None else f"{valeur:.10g}".replace(".", ",")

    def graphique_taux(self):
        return graphiques.taux_absence(self.resultat)

    def graphique_retards(self):
        return graphiques.retards(self.resultat)
