"""Pages: the printable timeline of a student (@@suivi-eleve) and the staff's incident form (@@signaler-incident)."""

import json
from datetime import date, datetime

from plone import api
from Products.Five.browser import BrowserView
from zExceptions import Unauthorized

from cartable.annuaire.contenu import id_etablissement
from cartable.annuaire.lecteur import Lecteur
from cartable.core import horloge
from cartable.core.refus import Refus
from cartable.regles import acces
from cartable.regles import incidents as regles_incidents
from cartable.regles import suivi_eleve as regles
from cartable.regles.dates_fr import date_fr, heure_fr, periode_fr
from cartable.regles.periode_declaree import en_mots
from cartable.viescolaire import bureau, suivi
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

    STATUTS_DECLARATION = {"a_traiter": "à traiter", "acceptee": "acceptée", "refusee": "refusée"}

    def quand(self, item):
        """« jeudi 3 décembre à 8 h 30 », the year said when it is not this one."""
        moment = datetime.fromisoformat(item["quand"])
        jour = date_fr(moment.date(), horloge.maintenant().year)
        return jour if "T" not in item["quand"] else f"{jour} à {heure_fr(moment)}"

    def vie_scolaire(self, item):
        """The vie scolaire of the item's establishment (cached per page), or None."""
        caches = self.__dict__.setdefault("_vs", {})
        uai = (item.get("etablissement") or {}).get("uai")
        if uai not in caches:
            objet = api.portal.get().get(id_etablissement(uai)) if uai else None
            caches[uai] = lire_vie_scolaire(objet) if objet is not None else None
        return caches[uai]

    def nom(self, login):
        personne = self.lecteur.annuaire.par_login(login) if login and self.lecteur.annuaire is not None else None
        return personne.nom_complet if personne is not None else (login or "")

    def cours(self, item):
        vs = self.vie_scolaire(item)
        occ = vs.occurrence(item["cours"]) if vs is not None else None
        if occ is None:
            return f"Cours du {date_fr(date.fromisoformat(item['cours'][:10]), horloge.maintenant().year)}"
        return bureau.intitule(self.lecteur.annuaire, occ.debut, occ.fin, occ.matiere, occ.division[1])

    def periode(self, item):
        vs = self.vie_scolaire(item)
        declaration = vs.declarations.get(item["ref"]["id"]) if vs is not None and item.get("ref") else None
        annee = horloge.maintenant().year
        if declaration is not None:
            return en_mots(declaration.get("forme"), declaration["du"], declaration["au"], declaration.get("demi_journee"), annee)
        du, au = datetime.fromisoformat(item["du"]), datetime.fromisoformat(item["au"])
        return en_mots(None, du, au, None, annee)

    def detail(self, item):
        """One line of French text for an item."""
        genre = item["genre"]
        if genre in ("absence", "retard", "depart"):
            texte = self.cours(item) + (f", {item['minutes']} min" if item.get("minutes") else "")
            return texte + (f" — motif : {item['motif']}" if item.get("motif") else " — sans motif")
        if genre == "declaration":
            statut = self.STATUTS_DECLARATION.get(item["statut"], item["statut"])
            periode = self.periode(item)
            texte = f"{periode[:1].upper()}{periode[1:]} — {statut} (déclarée par {self.nom(item['par'])}"
            return texte + (f", traitée par {self.nom(item['traitee_par'])})" if item.get("traitee_par") else ")")
        if genre == "dispense":
            annee = horloge.maintenant().year
            return f"{bureau.matiere(self.lecteur.annuaire, item['matiere'])} {periode_fr(date.fromisoformat(item['du']), date.fromisoformat(item['au']), annee)}"
        if genre == "note":
            return f"{item['libelle'] or item['code']} : {item['texte']} ({self.nom(item['par'])})"
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
