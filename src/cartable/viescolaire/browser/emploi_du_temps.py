"""@@emploi-du-temps?eleve=|enseignant=|division=|salle=[&du=AAAA-MM-JJ]: the hourly week grid of a timetable.

Rendered here (no script): rows by hour, one column per day from Monday to Saturday, on a phone one day
with the previous and next days. Who may read whose timetable is cartable.viescolaire.emploi's rule (the
one @emploi-du-temps applies); the layout is cartable.regles.grille_semaine's. Each course says in words
when it is cancelled, moved or given by a replacement, and leads to its register (its teachers, the vie
scolaire) and to its cahier de textes entry (its teachers and students). Never writes.
"""

from datetime import date, timedelta
from urllib.parse import urlencode

from cartable.annuaire.browser.pages import PageLecteur
from cartable.annuaire.contenu import id_division
from cartable.core import horloge
from cartable.core.refus import Refus
from cartable.regles import acces, journal_edt
from cartable.regles import grille_semaine as grille
from cartable.regles.dates_fr import date_fr, heure_fr
from cartable.regles.emploi_du_temps import lire_cle
from cartable.viescolaire import bureau, emploi  # bureau: the subject's name as people write it
from cartable.viescolaire.stockage import lire_vie_scolaire

SUJETS = ("eleve", "enseignant", "division", "salle")
TYPE_ESPACE = "EspaceCours"  # the pedagogy's course space (read by its type: vie scolaire does not import pedagogy)


def libelle_matiere(annuaire, code):
    return bureau.matiere(annuaire, code) if annuaire is not None else (code or "Cours")


def nom_personne(annuaire, ident):
    personne = annuaire.personne(ident) if annuaire is not None else None
    return personne.nom_complet if personne is not None else "un enseignant"


def lire_jour(valeur):
    """The day asked (``du``), or None when absent or not a date."""
    if not isinstance(valeur, str) or not valeur:
        return None
    try:
        return date.fromisoformat(valeur)
    except ValueError:
        return None


class Parti:
    """A course moved to another day, at its original place (day and hours) in the grid."""

    def __init__(self, avant, apres):
        self.apres, self.date, self.debut, self.fin = apres, avant.date, avant.debut, avant.fin
        self.division, self.matiere = avant.division, avant.matiere


class EmploiDuTempsView(PageLecteur):
    page = "emploi-du-temps"  # the page the week and day links lead to

    def autorise(self):
        if not acces.membre_etablissement(self.lecteur.annuaire, self.lecteur.personne, self.context.jointure) and not self.lecteur.admin:
            return False
        try:
            self.preparer(avec_cours=True)
        except Refus as refus:
            if refus.status in (401, 403):
                return False
            raise ValueError(refus.message) from None
        return True

    def preparer(self, avec_cours):
        """The day shown (``du``, today by default), its week, and whose courses that week (the rule of @emploi-du-temps)."""
        demande = lire_jour(self.request.form.get("du"))
        self.jour = grille.jour_affiche(demande or horloge.aujourd_hui())
        self.lundi = grille.lundi_de(self.jour)
        self.vs = lire_vie_scolaire(self.context)
        self.sujet, self.occurrences = {}, []
        if avec_cours:
            self.sujet, self.occurrences = emploi.occurrences_de(
                self.vs, self.lecteur.annuaire, self.context.jointure, self.lecteur, self.request.form, self.lundi,
                self.lundi + timedelta(days=5))

    # -- whose, which week -------------------------------------------------------------------------------

    def parametre_sujet(self):
        for nom in SUJETS:
            valeur = self.request.form.get(nom)
            if isinstance(valeur, str) and valeur:
                return {nom: valeur}
        return {}

    def url(self, jour):
        return f"{self.context.absolute_url()}/@@{self.page}?{urlencode({**self.parametre_sujet(), 'du': jour.isoformat()})}"

    def titre(self):
        if "nom" in self.sujet:
            return self.sujet["nom"]
        if "division" in self.sujet:
            return self.sujet["division"]
        return f"salle {self.sujet.get('salle', '')}"

    def semaine(self):
        """« semaine du lundi 16 novembre », with its type (A/B) when the establishment alternates."""
        texte = f"Semaine du {date_fr(self.lundi, horloge.aujourd_hui().year)}"
        calendrier = self.vs.calendrier if self.vs is not None else None
        if calendrier is not None and any(c.semaine for c in self.vs.creneaux.values()):
            texte += f" (semaine {calendrier.type_semaine(self.lundi)})"
        return texte

    def navigation(self):
        annee = horloge.aujourd_hui().year
        aujourd_hui = grille.jour_affiche(horloge.aujourd_hui())
        precedent, suivant = grille.jour_voisin(self.jour, -1), grille.jour_voisin(self.jour, 1)
        return {
            "semaine_avant": self.url(self.lundi - timedelta(days=7)),
            "semaine_apres": self.url(self.lundi + timedelta(days=7)),
            "cette_semaine": self.url(aujourd_hui) if grille.lundi_de(aujourd_hui) != self.lundi else None,
            "jour_avant": self.url(precedent), "jour_avant_texte": date_fr(precedent, annee),
            "jour_apres": self.url(suivant), "jour_apres_texte": date_fr(suivant, annee),
        }

    # -- the grid ------------------------------------------------------------------------------------------

    def grille(self):
        """Hours (labels and rows) and the six days, each with its placed courses in words."""
        annee = horloge.aujourd_hui().year
        partis = {avant.cle: Parti(avant, apres) for avant, apres in
                  emploi.deplaces_ailleurs(self.vs, self.sujet.get("_creneaux", ()), self.lundi, self.lundi + timedelta(days=5))}
        premiere, derniere = grille.bornes_heures(list(self.occurrences) + list(partis.values()))
        espaces = {}
        jours = []
        for jour in grille.jours_de_la_semaine(self.lundi):
            du_jour = [o for o in self.occurrences if o.date == jour] + [p for p in partis.values() if p.date == jour]
            fermeture = self.vs.calendrier.fermeture(jour) if self.vs is not None and self.vs.calendrier is not None else None
            cours = [self.parti(place, annee) if isinstance(place.cours, Parti) else self.cours(place, espaces)
                     for place in grille.placer_jour(du_jour, premiere)]
            jours.append({"id": f"edt-jour-{jour.weekday()}", "titre": date_fr(jour, annee), "choisi": jour == self.jour,
                          "aujourd_hui": jour == horloge.aujourd_hui(), "cours": cours,
                          "fermeture": fermeture.libelle if fermeture is not None else None,
                          "colonnes": grille.colonnes_du_jour(du_jour)})
        heures = [{"texte": f"{h} h", "style": f"grid-row: {(h - premiere) * 4 + 1} / span 4"} for h in range(premiere, derniere)]
        return {"heures": heures, "jours": jours, "style": f"--edt-lignes: {grille.lignes(premiere, derniere)}",
                "vide": not self.occurrences}

    def parti(self, place, annee):
        """The empty place of a course moved to another day: where it went, in words (no link: it is not held here)."""
        p = place.cours
        return {"cle": None, "deplace": p.apres.cle, "matiere": libelle_matiere(self.lecteur.annuaire, p.matiere),
                "horaire": f"{heure_fr(p.debut)} – {heure_fr(p.fin)}", "details": p.division[1],
                "etats": [f"Cours déplacé au {date_fr(p.apres.date, annee)} à {heure_fr(p.apres.debut)}"], "liens": [],
                "annule": False, "lien_principal": None, "classe": "edt-cours edt-parti",
                "style": f"grid-row: {place.ligne_debut} / {place.ligne_fin}; grid-column: {place.colonne_debut} / {place.colonne_fin}"}

    def cours(self, place, espaces):
        o = place.cours
        annuaire, structure = self.lecteur.annuaire, self.context.jointure
        matiere = libelle_matiere(annuaire, o.matiere)
        division = o.division[1]  # a class's or group's code is its name (« 3A »)
        enseignant = self.lecteur.personne is not None and self.lecteur.personne.id in o.enseignants
        vie_scolaire = self.lecteur.est_vie_scolaire(structure)
        liens = []
        action = None
        if enseignant or vie_scolaire:
            appel = self.vs.appels.get(o.cle) if self.vs is not None else None
            action = grille.action_appel(appel.etat if appel is not None else None, o.date, horloge.aujourd_hui(),
                                         vie_scolaire=vie_scolaire, annule=o.annule)
            if action:
                liens.append({"texte": action, "href": f"{self.context.absolute_url()}/@@appel?{urlencode({'cle': o.cle})}",
                              "classe": "edt-lien-appel"})
        if enseignant or self.eleve_du_cours(o):
            espace = self.espace(o, espaces)
            if espace is not None:
                liens.append({"texte": "Cahier de textes", "classe": "edt-lien-cahier",
                              "href": f"{espace.absolute_url()}/@@cahier-de-textes?{urlencode({'seance': o.cle})}"})
        genre = "classe" if (structure, "classe", division) in annuaire.divisions else "groupe"
        description = journal_edt.description_cours(matiere, division, o.date, o.debut, genre=genre, annee=horloge.aujourd_hui().year)
        etats = self.etats(o)
        details = [division] + [nom_personne(annuaire, i) for i in o.enseignants] + ([f"salle {o.salle}"] if o.salle else [])
        return {
            "cle": o.cle, "matiere": matiere, "horaire": f"{heure_fr(o.debut)} – {heure_fr(o.fin)}",
            "details": " · ".join(details), "etats": etats, "liens": liens, "annule": o.annule,
            "lien_principal": liens[0]["href"] if liens else None,
            # what the direction's editor says and prefills when the course is opened
            "description": description[0].upper() + description[1:], "date": o.date.isoformat(), "debut": o.debut, "fin": o.fin,
            "salle": o.salle, "creneau": o.creneau,
            "style": f"grid-row: {place.ligne_debut} / {place.ligne_fin}; grid-column: {place.colonne_debut} / {place.colonne_fin}",
            "classe": "edt-cours" + (" edt-annule" if o.annule else "") + (" edt-modifie" if etats and not o.annule else ""),
        }

    def etats(self, o):
        """What changed for this course, in words: cancelled, moved (from when), replacement, another room."""
        modification = self.vs.modifications.get(o.cle) if self.vs is not None else None
        etats = []
        if o.annule:
            etats.append("Cours annulé" + (f" : {o.motif}" if o.motif else ""))
        if modification is None:
            return etats
        origine = lire_cle(o.cle)
        creneau = self.vs.creneau_de(origine[1], origine[0]) if origine is not None else None
        if creneau is not None and (o.date != origine[0] or o.debut != creneau.debut):
            etats.append(f"Cours déplacé : prévu le {date_fr(origine[0], horloge.aujourd_hui().year)} à {heure_fr(creneau.debut)}")
        if modification.remplacants is not None:
            noms = ", ".join(nom_personne(self.lecteur.annuaire, i) for i in modification.remplacants)
            etats.append(f"Remplacement : {noms}")
        if modification.salle is not None and creneau is not None and modification.salle != creneau.salle:
            etats.append(f"Changement de salle : {modification.salle}" + (f" au lieu de {creneau.salle}" if creneau.salle else ""))
        return etats

    def eleve_du_cours(self, o):
        personne = self.lecteur.personne
        if personne is None or personne.categorie != "Eleve":
            return False
        return o.division[1] in {d for s, d in personne.classes + personne.groupes if s == self.context.jointure}

    def espace(self, o, espaces):
        """The course space of the class or group × subject (None when it has none), looked up once per page."""
        cle = (o.division[1], o.matiere)
        if cle not in espaces:
            genre = "classe" if (self.context.jointure, "classe", o.division[1]) in self.lecteur.annuaire.divisions else "groupe"
            classe = self.context.get(id_division(genre, o.division[1]))
            trouve = None
            if classe is not None and o.matiere:
                for objet in classe.objectValues():
                    if getattr(objet, "portal_type", None) == TYPE_ESPACE and getattr(objet, "matiere", None) == o.matiere \
                            and not getattr(objet, "libre", False):
                        trouve = objet
                        break
            espaces[cle] = trouve
        return espaces[cle]
