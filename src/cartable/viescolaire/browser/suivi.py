"""Pages: the printable timeline of a student (@@suivi-eleve) and the staff's incident form (@@signaler-incident)."""

import json

from plone import api
from Products.Five.browser import BrowserView
from zExceptions import Unauthorized

from cartable.annuaire.lecteur import Lecteur
from cartable.core.refus import Refus
from cartable.regles import acces
from cartable.regles import incidents as regles_incidents
from cartable.regles import suivi_eleve as regles
from cartable.viescolaire import suivi
from cartable.viescolaire.incidents import natures
from cartable.viescolaire.stockage import lire_vie_scolaire


class SuiviEleveView(BrowserView):
    """@@suivi-eleve?eleve=&genre=&du=&au=&etablissement=: the timeline as a page to print (CPE, direction)."""

    def __call__(self):
        self.lecteur = Lecteur(api.portal.get())
        self.lecteur.exiger(acces.est_vie_scolaire(self.lecteur.personne, self.context.jointure))
        self.erreur, self.suivi = None, None
        if self.request.form.get("eleve"):
            try:
                self.suivi = suivi.lire(api.portal.get(), self.lecteur.annuaire, self.context.jointure, self.lecteur, self.request.form)
            except Refus as exc:
                if exc.status in (401, 403):
                    raise Unauthorized("Accès refusé.") from None
                self.erreur = exc.message
        return self.index()

    def genres(self):
        choisis = self.request.form.get("genre") or []
        choisis = [choisis] if isinstance(choisis, str) else choisis
        return [{"code": g, "libelle": regles.LIBELLES_GENRES[g], "coche": g in choisis} for g in regles.GENRES]

    def annees(self):
        return regles.par_annee(self.suivi["items"]) if self.suivi else []

    def libelle(self, item):
        return regles.LIBELLES_GENRES.get(item["genre"], item["genre"])

    def quand(self, item):
        jour, _, heure = item["quand"].partition("T")
        return f"{jour[8:10]}/{jour[5:7]}/{jour[:4]}" + (f" {heure[:5]}" if heure else "")

    def detail(self, item):
        """One line of French text for an item."""
        genre = item["genre"]
        if genre in ("absence", "retard", "depart"):
            texte = f"Cours {item['cours'].split('@')[0]}" + (f", {item['minutes']} min" if item.get("minutes") else "")
            return texte + (f" — motif : {item['motif']}" if item.get("motif") else " — sans motif")
        if genre == "declaration":
            return f"Du {item['du'].replace('T', ' ')} au {item['au'].replace('T', ' ')} — {item['statut']} (par {item['par']})"
        if genre == "dispense":
            return f"Matière {item['matiere']} du {item['du']} au {item['au']}"
        if genre == "note":
            return f"{item['libelle'] or item['code']} : {item['texte']} ({item['par']})"
        morceaux = [item.get("nature"), item.get("statut"), item.get("lieu"), item.get("description")]
        if item.get("autres_eleves"):
            morceaux.append("avec " + ", ".join(item["autres_eleves"]))
        return " — ".join(m for m in morceaux if m) + f" ({item['par']})"


class SignalerIncidentView(BrowserView):
    """@@signaler-incident: any staff member records an incident, a punition, an infirmerie visit; the direction a sanction."""

    def __call__(self):
        self.lecteur = Lecteur(api.portal.get())
        self.lecteur.exiger(acces.est_personnel(self.lecteur.personne, self.context.jointure))
        return self.index()

    def types(self):
        direction = acces.est_direction(self.lecteur.personne, self.context.jointure)
        libelles = {"infirmerie": "Passage à l'infirmerie", "incident": "Incident", "punition": "Punition", "sanction": "Sanction"}
        return [{"code": t, "libelle": libelles[t]} for t in regles_incidents.TYPES if t != "sanction" or direction]

    def natures_json(self):
        return json.dumps(natures(lire_vie_scolaire(self.context)), ensure_ascii=False)
