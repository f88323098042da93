"""@@gestion-emploi-du-temps: the direction imports and edits the establishment's timetable.

The page reads and writes through @emploi-du-temps-import, @emploi-du-temps-modifier,
@emploi-du-temps and @emploi-du-temps-journal; here only what the forms need to start
(the classes and groups, the weekly slots of the subject shown, the closures). Never writes.
"""

import json

from plone import api
from Products.Five.browser import BrowserView

from cartable.annuaire.lecteur import Lecteur
from cartable.regles import acces
from cartable.viescolaire.edition_edt import creneau_json
from cartable.viescolaire.stockage import lire_vie_scolaire

SUJETS = ("division", "enseignant", "salle")  # whose week is shown, as in @emploi-du-temps


class GestionEmploiDuTempsView(BrowserView):
    def __call__(self):
        self.lecteur = Lecteur(api.portal.get())
        self.lecteur.exiger(self.ouverte_a(self.lecteur))
        return self.index()

    def ouverte_a(self, lecteur):
        """The direction of this establishment and the regional admin; the CPE read timetables elsewhere."""
        return lecteur.admin or acces.est_direction(lecteur.personne, self.context.jointure)

    def sujet(self):
        """The first of division=, enseignant=, salle= given, as (kind, value), or None."""
        for genre in SUJETS:
            valeur = self.request.form.get(genre)
            if isinstance(valeur, str) and valeur.strip():
                return genre, valeur.strip()
        return None

    def requete_sujet(self):
        sujet = self.sujet()
        return f"{sujet[0]}={sujet[1]}" if sujet else ""

    def divisions(self):
        """Codes of the classes and the groups of the establishment, sorted."""
        annuaire, structure = self.lecteur.annuaire, self.context.jointure
        if annuaire is None:
            return []
        return sorted(set(annuaire.divisions_de(structure, "classe")) | set(annuaire.divisions_de(structure, "groupe")))

    def creneaux(self):
        """The weekly slots of the subject shown (all fields, teacher ids included), by day and hour."""
        vs, sujet = lire_vie_scolaire(self.context), self.sujet()
        if vs is None or sujet is None:
            return []
        genre, valeur = sujet
        garder = {
            "division": lambda c: c.division[1] == valeur,
            "enseignant": lambda c: valeur in c.enseignants,
            "salle": lambda c: c.salle == valeur,
        }[genre]
        return [creneau_json(c) for c in sorted(vs.creneaux.values(), key=lambda c: (c.jour, c.debut, c.id)) if garder(c)]

    def creneaux_en_json(self):
        return json.dumps(self.creneaux(), ensure_ascii=False)

    def fermetures(self):
        vs = lire_vie_scolaire(self.context)
        if vs is None or vs.calendrier is None:
            return []
        return [{"du": f.du.isoformat(), "au": f.au.isoformat(), "libelle": f.libelle} for f in vs.calendrier.fermetures]

    def fermetures_en_json(self):
        return json.dumps(self.fermetures(), ensure_ascii=False)
