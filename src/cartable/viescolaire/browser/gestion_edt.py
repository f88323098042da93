"""@@gestion-emploi-du-temps: the direction imports and edits the establishment's timetable.

The page writes through @emploi-du-temps-import and @emploi-du-temps-modifier and reads the journal
through @emploi-du-temps-journal; here what the forms need to start, by name (classes and groups,
subjects, teachers, rooms: pickers, never codes to type), the week of the class, teacher or room shown
as the hourly grid of @@emploi-du-temps (each course a button that opens its form), the weekly slots and
the closures. Never writes.
"""

import json
from datetime import timedelta
from urllib.parse import urlencode

from cartable.core import horloge
from cartable.regles import acces
from cartable.regles import grille_semaine as grille
from cartable.regles.dates_fr import date_fr, periode_fr
from cartable.viescolaire.browser.emploi_du_temps import EmploiDuTempsView, libelle_matiere, nom_personne
from cartable.viescolaire.edition_edt import creneau_json

SUJETS = ("division", "enseignant", "salle")  # whose week is shown, as in @emploi-du-temps
SEMAINES_DEPLACEMENT = 3  # a course moves within its week and the two after it


class GestionEmploiDuTempsView(EmploiDuTempsView):
    page = "gestion-emploi-du-temps"

    def autorise(self):
        if not self.ouverte_a(self.lecteur):
            return False
        if self.sujet_demande() is None:
            self.preparer(avec_cours=False)
            return True
        return super().autorise()

    def ouverte_a(self, lecteur):
        """The direction of this establishment and the regional admin; the CPE read timetables elsewhere."""
        return lecteur.admin or acces.est_direction(lecteur.personne, self.context.jointure)

    def sujet_demande(self):
        """The first of division=, enseignant=, salle= given, as (kind, value), or None."""
        for genre in SUJETS:
            valeur = self.request.form.get(genre)
            if isinstance(valeur, str) and valeur.strip():
                return genre, valeur.strip()
        return None

    def parametre_sujet(self):
        sujet = self.sujet_demande()
        return {sujet[0]: sujet[1]} if sujet else {}

    def requete_sujet(self):
        sujet = self.sujet_demande()
        return f"{sujet[0]}={sujet[1]}" if sujet else ""

    def url_grille(self):
        """The same week on @@emploi-du-temps (as its students, teachers and the vie scolaire read it)."""
        return f"{self.context.absolute_url()}/@@emploi-du-temps?{urlencode({**self.parametre_sujet(), 'du': self.jour.isoformat()})}"

    def titre(self):
        sujet = self.sujet_demande()
        if sujet is None:
            return ""
        if sujet[0] == "enseignant":
            return nom_personne(self.lecteur.annuaire, sujet[1])
        return sujet[1] if sujet[0] == "division" else f"salle {sujet[1]}"

    # -- the pickers, by name ---------------------------------------------------------------------------

    def divisions(self):
        """Codes of the classes and the groups of the establishment, sorted (a class's code is its name)."""
        annuaire, structure = self.lecteur.annuaire, self.context.jointure
        if annuaire is None:
            return []
        return sorted(set(annuaire.divisions_de(structure, "classe")) | set(annuaire.divisions_de(structure, "groupe")))

    def enseignants(self):
        """[{id, nom}] of the establishment's staff who teach (or hold a slot), by name."""
        annuaire, structure = self.lecteur.annuaire, self.context.jointure
        if annuaire is None:
            return []
        dans_les_creneaux = {i for c in (self.vs.creneaux.values() if self.vs is not None else ()) for i in c.enseignants}
        gens = []
        for ident in sorted({i for ids in annuaire.personnel_de(structure).values() for i in ids} | dans_les_creneaux):
            personne = annuaire.personne(ident)
            if personne is None or not personne.actif:
                continue
            if ident in dans_les_creneaux or any(s == structure for s, _, _ in personne.enseignements):
                gens.append({"id": ident, "nom": personne.nom_complet, "tri": (personne.nom, personne.prenom)})
        return [{"id": g["id"], "nom": g["nom"]} for g in sorted(gens, key=lambda g: g["tri"])]

    def matieres(self):
        """[{code, nom}] of the subjects taught here (the teachers' and the slots'), by name."""
        annuaire, structure = self.lecteur.annuaire, self.context.jointure
        if annuaire is None:
            return []
        codes = {c.matiere for c in (self.vs.creneaux.values() if self.vs is not None else ()) if c.matiere}
        for ident in {i for ids in annuaire.personnel_de(structure).values() for i in ids}:
            personne = annuaire.personne(ident)
            if personne is not None:
                codes.update(m for s, _, m in personne.enseignements if s == structure and m)
        return sorted(({"code": code, "nom": libelle_matiere(annuaire, code)} for code in codes), key=lambda m: m["nom"].lower())

    def salles(self):
        """The rooms of the establishment's slots, sorted."""
        return sorted({c.salle for c in (self.vs.creneaux.values() if self.vs is not None else ()) if c.salle})

    def jours_deplacement(self):
        """[{valeur, texte}]: the days a course of the week shown may move to (this week and the two after)."""
        annee = horloge.aujourd_hui().year
        jours = []
        for semaine in range(SEMAINES_DEPLACEMENT):
            for jour in grille.jours_de_la_semaine(self.lundi + timedelta(days=7 * semaine)):
                jours.append({"valeur": jour.isoformat(), "texte": date_fr(jour, annee)})
        return jours

    # -- what the forms start with --------------------------------------------------------------------------

    def creneaux(self):
        """The weekly slots of the subject shown (ids to prefill the slot form, names to show), by day and hour."""
        sujet = self.sujet_demande()
        if self.vs is None or sujet is None:
            return []
        genre, valeur = sujet
        garder = {
            "division": lambda c: c.division[1] == valeur,
            "enseignant": lambda c: valeur in c.enseignants,
            "salle": lambda c: c.salle == valeur,
        }[genre]
        annuaire = self.lecteur.annuaire
        return [{**creneau_json(c), "matiere_nom": libelle_matiere(annuaire, c.matiere) if c.matiere else "",
                 "enseignants_noms": [nom_personne(annuaire, i) for i in c.enseignants]}
                for c in sorted(self.vs.creneaux.values(), key=lambda c: (c.jour, c.debut, c.id)) if garder(c)]

    def creneaux_en_json(self):
        return json.dumps(self.creneaux(), ensure_ascii=False)

    def fermetures(self):
        if self.vs is None or self.vs.calendrier is None:
            return []
        annee = horloge.aujourd_hui().year
        return [{"du": f.du.isoformat(), "au": f.au.isoformat(), "libelle": f.libelle, "texte": periode_fr(f.du, f.au, annee)}
                for f in self.vs.calendrier.fermetures]

    def fermetures_en_json(self):
        return json.dumps(self.fermetures(), ensure_ascii=False)
