"""The establishment's pages: its home (@@accueil, open to all), its editors (@@editeurs), its free spaces
(@@espaces-libres-gestion), and the public list of establishments the anonymous home shows.

Thin: the rules are in cartable.regles.editeurs, the lists in editeurs.py and actualites.py; writes go
through the REST services (@editeurs, @espaces-libres) with an Idempotency-Key, never through a GET.
"""

from html import escape

from plone import api
from Products.Five.browser import BrowserView

from cartable.annuaire.browser.pages import PageLecteur
from cartable.annuaire.bureau.autonome import PageAutonome, region_nom
from cartable.annuaire.contenu import id_etablissement
from cartable.annuaire.lecteur import Lecteur
from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge
from cartable.etablissement import actualites, editeurs
from cartable.pedagogie.suivi.espaces_libres import espaces_libres, fiche
from cartable.regles import acces
from cartable.regles import editeurs as regles
from cartable.regles.dates_fr import date_fr


class Accueil(PageAutonome):
    """@@accueil on an establishment: its published news, agenda and pages — for everybody, anonymous included.

    Standalone (no main_template): the establishment itself stays private (its directory is its members'
    business), only the published items are read, with the reader's rights (catalog)."""

    def __call__(self):
        site = api.portal.get()
        self.url_site = site.absolute_url()
        self.region = region_nom(site)
        self.titre = self.context.title or self.context.getId()
        self.commune = (getattr(self.context, "commune", None) or "").title()
        self.actualites = [actualites.ligne(b) for b in actualites.publiees(self.context, limite=10)]
        debut = horloge.maintenant().replace(hour=0, minute=0, second=0, microsecond=0)
        self.agenda = [dict(actualites.ligne(b, "start"), fin=actualites.le(b, "end"))
                       for b in actualites.agenda(self.context, debut)]
        self.pages = [actualites.ligne(b) for b in actualites.pages(self.context)]
        lecteur = Lecteur(site)
        structure = getattr(self.context, "jointure", None)
        self.editeur = not lecteur.anonyme and (lecteur.admin or regles.est_editeur(
            lecteur.personne, structure, editeurs.lire(self.context)))
        self.redacteur = self.editeur or (lecteur.personne is not None and acces.FONCTION_ENSEIGNANT in
                                          acces.fonctions(lecteur.personne, structure))
        self.a_publier = [actualites.ligne(b, "modified") for b in actualites.a_publier(self.context)] if self.editeur else []
        # their own drafts: an editor publishes them, a teacher proposes them
        self.brouillons = [actualites.ligne(b, "modified") for b in actualites.brouillons(self.context, lecteur.login)] \
            if self.redacteur else []
        self.transition = ("publish", "Publier") if self.editeur else ("submit", "Proposer à la publication")
        self.url = self.context.absolute_url()
        self.preparer_autonome()
        return self.index()


class EtablissementsPublics(BrowserView):
    """@@etablissements-publics on the site root: what the anonymous home lists (name, town, home, news).

    The establishments come from the directory (BTrees, no content object woken); their news from one
    catalog query for the whole region (the latest published ones, at most three per establishment)."""

    PAR_ETABLISSEMENT = 3

    def fiches(self):
        annuaire = lire_annuaire(self.context)
        if annuaire is None:
            return []
        racine = self.context.absolute_url()
        nouvelles = {}
        for brain in actualites.publiees_region(self.context, limite=60):
            chemin = brain.getPath().split("/")
            ident = chemin[len(self.context.getPhysicalPath())] if len(chemin) > len(self.context.getPhysicalPath()) else None
            liste = nouvelles.setdefault(ident, [])
            if len(liste) < self.PAR_ETABLISSEMENT:
                liste.append(actualites.ligne(brain))
        resultat = []
        for structure in annuaire.structures.values():
            if not structure.uai:
                continue
            ident = id_etablissement(structure.uai)
            resultat.append({"nom": structure.nom or structure.uai, "commune": (structure.commune or "").title(),
                             "lien": f"{racine}/{ident}/@@accueil", "actualites": nouvelles.get(ident, [])})
        return sorted(resultat, key=lambda f: f["nom"])

    def __call__(self):
        """The same list as an HTML fragment (names and links only)."""
        self.request.response.setHeader("Content-Type", "text/html; charset=utf-8")
        items = "".join(f'<li><a href="{escape(f["lien"])}">{escape(f["nom"])}</a></li>' for f in self.fiches())
        return f'<ul class="etablissements-publics">{items}</ul>'


class GestionEditeurs(PageLecteur):
    """@@editeurs on an establishment: the direction (and the region) name and remove its editors, by name."""

    def autorise(self):
        return regles.peut_nommer(self.lecteur.personne, self.context.jointure, self.lecteur.admin)

    def liste(self):
        ids = editeurs.lire(self.context)
        return sorted((editeurs.fiche(self.lecteur.annuaire, i) for i in ids), key=lambda f: f["nom"])

    def candidats(self):
        return editeurs.candidats(self.lecteur.annuaire, self.context.jointure, editeurs.lire(self.context))


class GestionEspacesLibres(PageLecteur):
    """@@espaces-libres-gestion on an establishment: its editors (and the direction, the region) make free
    spaces, choose animators among its staff and members class by class (?classe=), archive them."""

    def autorise(self):
        structure = self.context.jointure
        return self.lecteur.admin or regles.est_editeur(self.lecteur.personne, structure, editeurs.lire(self.context))

    def espaces(self):
        annuaire = self.lecteur.annuaire
        resultat = []
        for espace in sorted(espaces_libres(self.context), key=lambda e: e.Title()):
            donnees = fiche(espace)
            donnees["animateurs"] = ", ".join(editeurs.fiche(annuaire, i)["nom"] for i in donnees["editeurs"])
            donnees["nombre"] = len(donnees["membres"])
            donnees["archive"] = bool(getattr(espace, "archive", False))
            resultat.append(donnees)
        return resultat

    def animateurs(self):
        """The staff, by name; the editor who makes the space is chosen first (a space blocks the
        establishment's roles: its animators open it)."""
        moi = self.lecteur.personne.id if self.lecteur.personne is not None else None
        return [dict(p, choisi=p["id"] == moi) for p in editeurs.candidats(self.lecteur.annuaire, self.context.jointure, frozenset())]

    def classes(self):
        divisions = self.lecteur.annuaire.divisions_de(self.context.jointure, "classe")
        return [{"code": code, "libelle": libelle or code, "choisie": code == self.request.form.get("classe")}
                for code, libelle in sorted(divisions.items())]

    def eleves(self):
        code = self.request.form.get("classe")
        if not isinstance(code, str) or not code:
            return []
        annuaire = self.lecteur.annuaire
        inscrits = annuaire.inscrits(self.context.jointure, code)  # the class list: no student record woken
        return sorted(({"id": e.id, "nom": f"{e.prenom} {e.nom}".strip()} for e in inscrits), key=lambda f: f["nom"])

    def aujourd_hui(self):
        return date_fr(horloge.aujourd_hui())
