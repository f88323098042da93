"""The messagerie's pages (Classic UI, thin): @@messagerie (the folders), @@messagerie-conversation?id=,
@@messagerie-ecrire (the new message). They read through ``lecture`` and ``destinataires`` and never write:
sending, replying, filing and marking read go through the REST services from messagerie.js, each with an
Idempotency-Key kept in the browser until the server answers (cartable.commun's outbox).

The inbox and the conversation are the pages opened most: like Mon bureau and the agenda they are standalone
(``autonome.PageAutonome``: plain Chameleon templates, no main_template, no Diazo, no auto-CSRF parse), under the
header of every page, with Barceloneta's compiled CSS and Cartable's as Plone's pages have them."""

import json
from datetime import datetime
from html import escape
from urllib.parse import quote

import transaction
from plone import api

from cartable.annuaire.browser.pages import INATTENDUES, PAGE_INVALIDE, PageLecteur, journal
from cartable.annuaire.bureau.autonome import PageAutonome, gabarit, region_nom
from cartable.annuaire.bureau.blocs import nom_etablissement
from cartable.annuaire.lecteur import Lecteur
from cartable.core.refus import Introuvable
from cartable.messagerie import destinataires, envoi, lecture, signalements
from cartable.regles import messagerie as regles

HORS_ANNUAIRE = "La messagerie est celle des élèves, des familles et des personnels : votre compte n'en a pas."


class PageMessagerie(PageLecteur):
    def autorise(self):
        return self.lecteur.personne is not None

    @property
    def site(self):
        return api.portal.get()

    @property
    def url_site(self):
        return self.site.absolute_url()

    @property
    def personne(self):
        return self.lecteur.personne

    @property
    def hors_annuaire(self):
        return HORS_ANNUAIRE if self.personne is None else None

    def login(self):
        return self.lecteur.login or ""


class PageMessagerieAutonome(PageAutonome, PageMessagerie):
    """A messagerie page rendered standalone: PageLecteur's checks (the anonymous visitor challenged, 400 for
    unexpected parameters), then the frame of ``autonome`` and the plain Chameleon ``modele``."""

    modele = None

    def __call__(self):
        # PageLecteur's, with the reader shared with the header (Lecteur.courant: built once per request)
        self.lecteur = Lecteur.courant(self.site)
        try:
            self.lecteur.exiger(self.autorise())
            return self.index()
        except INATTENDUES:
            journal.warning("%s : paramètres inattendus", self.request.get("ACTUAL_URL"), exc_info=True)
            transaction.doom()
            self.request.response.setStatus(400)
            self.request.response.setHeader("Content-Type", "text/html; charset=utf-8")
            return PAGE_INVALIDE.format(accueil=escape(self.site.absolute_url()))

    def index(self):
        self.preparer_autonome()
        return self.rendre(self.modele)

    @property
    def site(self):
        site = self.__dict__.get("_site")
        if site is None:
            site = self.__dict__["_site"] = api.portal.get()
        return site

    def region(self):
        return region_nom(self.site)

    def tete(self):
        """The icon, the manifest, Barceloneta's compiled CSS (Plone's pages have it through the theme) and, with the
        theme, its stylesheet and scripts: what the header and the page's Bootstrap classes need."""
        racine = escape(self.url_site, quote=True)
        lignes = ['<meta name="theme-color" content="#1a5c8c" />',
                  f'<link rel="icon" href="{racine}/++resource++cartable.annuaire.bureau/cartable.svg" type="image/svg+xml" />',
                  f'<link rel="manifest" href="{racine}/manifest.webmanifest" />',
                  f'<link rel="stylesheet" href="{racine}/++theme++barceloneta/css/barceloneta.min.css" />']
        if self.avec_theme:
            lignes += [f'<script defer="defer" src="{racine}/++resource++cartable.theme/pwa.js" data-sw="{racine}/sw.js"></script>',
                       f'<link rel="stylesheet" href="{racine}/++resource++cartable.theme/cartable.css" />',
                       f'<script defer="defer" src="{racine}/++resource++cartable.theme/cartable.js"></script>']
        return "\n  ".join(lignes)


class Boite(PageMessagerieAutonome):
    """@@messagerie?dossier=: one folder, the folders' links, « Nouveau message »."""

    modele = gabarit("templates/boite.pt", __file__)

    def donnees(self):
        if self.personne is None:
            return None
        q = self.request.form.get("q")
        if isinstance(q, str) and q.strip():
            return lecture.recherche(self.site, self.lecteur.annuaire, self.personne.id, q)
        vue = self.request.form.get("dossier") or "reception"
        if vue == "brouillons":
            dossier = lecture.dossier(self.site, self.lecteur.annuaire, self.personne.id, vue)
            brouillon = envoi.brouillon_de(self.site, self.personne.id)
            if brouillon is not None:
                brouillon["quand"] = lecture.quand(datetime.fromisoformat(brouillon["le"]))
            return {**dossier, "brouillon": brouillon}
        return lecture.dossier(self.site, self.lecteur.annuaire, self.personne.id, vue if isinstance(vue, str) else "")


class Conversation(PageMessagerieAutonome):
    """@@messagerie-conversation?id=: a conversation the reader is in; 404 for anybody else."""

    modele = gabarit("templates/conversation.pt", __file__)

    INTROUVABLE = "Conversation introuvable : elle n'existe pas, ou vous n'y participez pas."

    def donnees(self):
        """The conversation, or None with a 404 (whether it exists is not said)."""
        try:
            if self.personne is None:
                raise Introuvable(self.INTROUVABLE)
            conversation, boite = envoi.conversation_de(self.site, self.personne.id, self.request.form.get("id"))
        except Introuvable:
            self.request.response.setStatus(404)
            return None
        return lecture.conversation(self.site, self.lecteur.annuaire, self.personne.id, conversation,
                                    boite.fil(conversation.id))

    def rangements(self, dossier):
        return [{"id": d, "libelle": {"reception": "Remettre en réception", "archives": "Archiver",
                                      "corbeille": "Mettre à la corbeille"}[d]}
                for d in regles.RANGEMENTS if d != dossier]


class Ecrire(PageMessagerie):
    """@@messagerie-ecrire: the new message, with the people and groups the reader may write to."""

    def offerts(self):
        if self.personne is None:
            return {"personnes": [], "groupes": []}
        offerts = destinataires.offerts(self.site, self.lecteur.annuaire, self.personne)
        choisi = self.request.form.get("a")
        offerts["choisi"] = choisi if isinstance(choisi, str) and choisi in {p["id"] for p in offerts["personnes"]} else ""
        return offerts

    def brouillon_json(self):
        """The draft saved on the server (typed on another device, or before this one's storage was emptied)."""
        brouillon = envoi.brouillon_de(self.site, self.personne.id) if self.personne is not None else None
        return json.dumps(brouillon, ensure_ascii=False) if brouillon else ""


class Signalements(PageMessagerie):
    """@@messagerie-signalements: the messages reported in the establishments the reader directs."""

    def autorise(self):
        return bool(signalements.structures_de_direction(self.personne))

    def etablissements(self):
        return [{"nom": nom_etablissement(self.lecteur.annuaire, s),
                 "signalements": signalements.lire(self.site, self.lecteur.annuaire, s)}
                for s in signalements.structures_de_direction(self.personne)]


class Piece(PageMessagerie):
    """@@messagerie-piece?conversation=&message=&id=: an attachment, downloaded by the participants of its message
    only (404 for anybody else, whether it exists or not)."""

    def __call__(self):
        self.lecteur = Lecteur(self.site)
        self.lecteur.exiger(self.autorise())  # the anonymous visitor: the login form; an account with no mailbox: 403
        reponse = self.request.response
        if self.personne is None:  # the region's administrator: no mailbox, nothing to download
            reponse.setStatus(403)
            reponse.setHeader("Content-Type", "text/plain; charset=utf-8")
            return HORS_ANNUAIRE
        form = self.request.form
        try:
            fichier = envoi.piece(self.site, self.lecteur, form.get("conversation"), form.get("message"), form.get("id"))
        except Introuvable:
            reponse.setStatus(404)
            reponse.setHeader("Content-Type", "text/plain; charset=utf-8")
            return "Pièce jointe introuvable."
        reponse.setHeader("Content-Type", fichier.contentType or "application/octet-stream")
        reponse.setHeader("Content-Disposition", f"attachment; filename*=UTF-8''{quote(fichier.filename or 'fichier')}")
        reponse.setHeader("X-Content-Type-Options", "nosniff")
        reponse.setHeader("Cache-Control", "private, no-store")
        return fichier.data
