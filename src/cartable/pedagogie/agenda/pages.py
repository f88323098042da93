"""Pages: the cahier de textes of a space, the student agenda (the Sunday-evening page), the iCalendar feed.

The agenda page is rendered without Plone's main_template: a small
standalone document computed from the agenda index (see ``lecture``), no
catalog, no viewlet, nothing written on GET. Ticking posts to @agenda with
fetch, or as a plain form to this page (then redirected back).
"""

from urllib.parse import urlencode

from plone import api
from plone.protect import CheckAuthenticator
from plone.protect.authenticator import createToken
from Products.Five.browser import BrowserView
from zExceptions import Unauthorized

from cartable.annuaire.bureau.autonome import PageAutonome, gabarit
from cartable.annuaire.lecteur import Lecteur
from cartable.core import horloge
from cartable.pedagogie.agenda import cahier, lecture
from cartable.pedagogie.agenda.refus import Refus
from cartable.pedagogie.agenda.services.agenda.post import cocher
from cartable.pedagogie.agenda.stockage import lire_jetons
from cartable.regles import acces
from cartable.regles import agenda as regles_agenda
from cartable.regles import cahier_de_textes as regles


class CahierPage(BrowserView):
    """@@cahier-de-textes of a space: teachers edit, the direction visas, the others read (data from the REST)."""

    def __call__(self):
        self.lecteur = Lecteur(api.portal.get())
        try:
            self.qualites = cahier.exiger(self.lecteur, self.context, *cahier.LECTEURS)
        except Refus:
            raise Unauthorized("Accès refusé.") from None
        return self.index()

    def modifiable(self):
        return "enseignant" in self.qualites

    def peut_viser(self):
        return self.lecteur.admin or "direction" in self.qualites

    def etablissement_url(self):
        etab = self.context.etablissement()
        return etab.absolute_url() if etab is not None else ""

    def creneaux(self):
        """This division's slots of the timetable, for the session chooser ([] without a timetable)."""
        etab = self.context.etablissement()
        if etab is None or not self.modifiable():
            return []
        try:
            from cartable.viescolaire.stockage import lire_vie_scolaire
        except ImportError:  # the vie scolaire add-on is optional here
            return []
        vs = lire_vie_scolaire(etab)
        if vs is None:
            return []
        division, matiere = getattr(self.context, "division", None), getattr(self.context, "matiere", None)
        jours = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")
        return [{"id": c.id, "jour": c.jour, "libelle": f"{jours[c.jour]} {c.debut}–{c.fin}"}
                for c in sorted(vs.creneaux.values(), key=lambda c: (c.jour, c.debut))
                if c.division[1] == division and (not matiere or not c.matiere or c.matiere == matiere)]

    def login(self):
        return self.lecteur.login or ""


class PiecePage(BrowserView):
    """@@cahier-de-textes-piece?cle=&id=: an attachment, for the members of the space."""

    def __call__(self):
        lecteur = Lecteur(api.portal.get())
        try:
            fichier = cahier.piece(self.context, lecteur, self.request.form.get("cle"), self.request.form.get("id"))
        except Refus as exc:
            if exc.status == 404:
                self.request.response.setStatus(404)
                return "Pièce jointe introuvable."
            raise Unauthorized("Accès refusé.") from None
        reponse = self.request.response
        reponse.setHeader("Content-Type", fichier.contentType or "application/octet-stream")
        reponse.setHeader("Content-Disposition", f"attachment; filename*=UTF-8''{_quote(fichier.filename)}")
        reponse.setHeader("X-Content-Type-Options", "nosniff")
        return fichier.data


def _quote(nom):
    from urllib.parse import quote

    return quote(nom or "fichier")


class AgendaPage(PageAutonome):
    """@@agenda?eleve=: the student agenda, standalone and phone-first, under the header of every page (the
    menu, the bell, the way back to Mon bureau) like Mon bureau itself."""

    modele = gabarit("templates/agenda.pt", __file__)  # plain Chameleon: the Sunday-evening page

    def __call__(self):
        self.site = api.portal.get()
        self.lecteur = Lecteur.courant(self.site)
        if self.lecteur.anonyme:
            raise Unauthorized("Accès refusé.")
        personne = self.lecteur.personne
        self.enfants = []
        if personne is not None and personne.categorie == "PersRelEleve":
            self.enfants = acces.enfants_visibles(self.lecteur.annuaire, personne)
        ident = self.request.form.get("eleve")
        if not isinstance(ident, str):  # eleve:list=…, eleve:record=…: no student is named so
            ident = None
        if not ident:
            if personne is not None and personne.categorie == "Eleve":
                ident = personne.id
            elif self.enfants:
                ident = self.enfants[0].id
        eleve = self.lecteur.annuaire.personne(ident) if self.lecteur.annuaire is not None and ident else None
        if eleve is None or not lecture.peut_lire(self.lecteur, eleve):
            raise Unauthorized("Accès refusé.")
        self.eleve = eleve
        self.moi = personne is not None and personne.id == eleve.id
        if self.request.method == "POST":
            CheckAuthenticator(self.request)  # explicit: the no-JavaScript tick is a state change
            return self.cocher_par_formulaire()
        # The Sunday-evening page is complete as rendered: no Diazo theme, and no auto-CSRF parse of the
        # HTML (its only form carries its token); the clickjacking and cache headers, and the theme's header
        # viewlet (autonome.PageAutonome).
        self.preparer_autonome()
        self.erreur = None
        try:
            self.donnees = lecture.agenda_eleve(self.site, self.lecteur.annuaire, eleve, cahier.date_du_jour(),
                                                _jour(self.request.form.get("du")), _jour(self.request.form.get("au")),
                                                self.site.absolute_url())
        except regles_agenda.SaisieInvalide as exc:
            self.erreur = str(exc)
            self.donnees = {"jours": []}
        return self.rendre(self.modele)

    def cocher_par_formulaire(self):
        """The no-JavaScript fallback: a plain form POST (with the CSRF token), then back to the page."""
        if not self.moi:
            raise Unauthorized("Seul l'élève coche son travail.")
        try:
            cocher(self.site, self.lecteur, {"eleve": self.eleve.id, "travail": self.request.form.get("travail"),
                                             "fait": self.request.form.get("fait") == "1"})
        except Refus as exc:
            self.request.response.setStatus(exc.status)
            return exc.message
        self.request.response.redirect(f"{self.site.absolute_url()}/@@agenda", status=303)
        return ""

    def jeton_csrf(self):
        return createToken()

    def choix_enfants(self):
        return [{"id": e.id, "prenom": e.prenom, "courant": e.id == self.eleve.id,
                 "url": f"{self.site.absolute_url()}/@@agenda?{urlencode({'eleve': e.id})}"} for e in self.enfants]


def _jour(valeur):
    if not valeur:
        return None
    try:
        return regles.lire_date(valeur, "Date")
    except regles_agenda.SaisieInvalide:
        return None


class FluxIcs(BrowserView):
    """@@agenda.ics?jeton=: a person's agenda for phone calendars (anonymous: the token is the key)."""

    def __call__(self):
        site = api.portal.get()
        secret = self.request.form.get("jeton")
        jetons = lire_jetons(site)
        trouve = jetons.par_empreinte.get(regles.empreinte_jeton(secret)) if jetons is not None and isinstance(secret, str) and secret else None
        annuaire = Lecteur(site).annuaire
        personne = annuaire.personne(trouve[0]) if trouve is not None and annuaire is not None else None
        reponse = self.request.response
        if personne is None or not personne.actif:
            reponse.setStatus(404)
            reponse.setHeader("Content-Type", "text/plain; charset=utf-8")
            return "Flux inconnu ou révoqué."
        maintenant = horloge.instant()
        aujourd_hui = cahier.date_du_jour()
        travaux, faits = lecture.travaux_du_flux(site, annuaire, personne, aujourd_hui)
        corps = regles_agenda.flux_ics(travaux, faits, f"Cartable — {personne.prenom}", maintenant)
        reponse.setHeader("Content-Type", "text/calendar; charset=utf-8")
        reponse.setHeader("Cache-Control", "private, max-age=900")
        return corps
