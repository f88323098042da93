"""Pages of the hand-ins: the teacher's « nouveau devoir » form, the Devoir's page, the marking table.

The student's hand-in and the marking table work through the REST services
(static/*.js); the form and the publish/close buttons are plain POST forms
(CSRF token, Post/Redirect/Get), so they work without JavaScript.
"""

import json
import uuid

from AccessControl import getSecurityManager
from BTrees.OOBTree import OOBTree
from plone import api
from plone.app.textfield.value import RichTextValue
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zExceptions import Forbidden
from zope.annotation.interfaces import IAnnotations

from cartable.core import horloge
from cartable.pedagogie.devoirs.acces import Acces
from cartable.regles import devoirs as regles
from cartable.regles import formulaire_devoir, liens

CLES_DE_CREATION = "cartable.pedagogie.devoirs_crees"  # on the space: (login, form key) → id of the Devoir


class NouveauDevoirView(BrowserView):
    """@@nouveau-devoir on a course space: one form, attachments included (the space's teachers)."""

    erreurs = ()

    def __call__(self):
        self.acces = Acces(None, espace=self.context)
        self.acces.lecteur.exiger(self.acces.enseignant)
        if self.request.method == "POST":
            return self.traiter()
        return self.index()

    # -- display ----------------------------------------------------------------

    def valeur(self, nom, defaut=""):
        valeur = self.request.form.get(nom)
        return valeur if isinstance(valeur, str) else defaut

    def cle(self):
        """A key per display of the form: a second submission of the same form creates nothing more."""
        return self.valeur("cle") or uuid.uuid4().hex

    def defauts(self):
        maintenant = regles.en_heure_de_paris(horloge.instant())
        return {"ouverture": self.valeur("ouverture", maintenant.strftime("%Y-%m-%dT%H:%M"))}

    def types(self):
        choisis = self.request.form.get("types_autorises")
        choisis = [choisis] if isinstance(choisis, str) else (choisis or list(regles.FAMILLES))
        return [{"code": code, "libelle": libelle, "coche": code in choisis} for code, libelle in regles.FAMILLES.items()]

    def coche(self, nom, defaut=True):
        if self.request.method != "POST":
            return defaut
        return formulaire_devoir.cocher(self.request.form, nom)

    def charge_url(self):
        """The establishment's workload service and the class, for the warning beside the due date."""
        etablissement = self.context.etablissement()
        division = getattr(self.context, "division", None)
        if etablissement is None or not division or getattr(self.context, "libre", False):
            return None
        return {"url": f"{etablissement.absolute_url()}/@charge-de-travail", "division": division}

    def charge_json(self):
        return json.dumps(self.charge_url() or {})

    # -- submission -------------------------------------------------------------

    def traiter(self):
        CheckAuthenticator(self.request)
        login = self.acces.lecteur.login
        cle = self.request.getHeader("Idempotency-Key") or self.valeur("cle")
        deja = self._deja_cree(login, cle)
        if deja is not None:  # the same form sent twice (double tap, lost answer): the first Devoir
            return self.request.response.redirect(deja.absolute_url())
        valeurs, erreurs = formulaire_devoir.lire_formulaire(self.request.form)
        pieces = [p for p in self._pieces() if getattr(p, "filename", None)]
        lus = []
        for piece in pieces:
            piece.seek(0)
            octets = piece.read()
            lus.append((piece.filename, octets))
        erreurs += formulaire_devoir.verifier_pieces_jointes(
            [(nom, len(octets), octets[: regles.PREMIERS_OCTETS]) for nom, octets in lus])
        if erreurs:
            self.erreurs = erreurs
            self.request.response.setStatus(400)
            return self.index()
        devoir = api.content.create(
            container=self.context, type="Devoir", title=valeurs["titre"],
            consignes=RichTextValue(valeurs["consignes"], "text/plain", "text/x-html-safe") if valeurs["consignes"] else None,
            ouverture=valeurs["ouverture"], echeance=valeurs["echeance"], date_limite=valeurs["date_limite"],
            fichiers_attendus=valeurs["fichiers_attendus"], texte_attendu=valeurs["texte_attendu"],
            max_fichiers=valeurs["max_fichiers"], taille_max_mo=valeurs["taille_max_mo"],
            types_autorises=valeurs["types_autorises"] or list(regles.FAMILLES),
            duree_minutes=valeurs["duree_minutes"], bareme=valeurs["bareme"],
            # IEnvoiNote (cartable.notes): the restituted mark counts unless the teacher said otherwise
            compte_dans_moyenne=not formulaire_devoir.cocher(self.request.form, "hors_moyenne"),
        )
        from plone.namedfile.file import NamedBlobFile

        for nom, octets in lus:
            propre = regles.nettoyer_nom(nom)
            api.content.create(container=devoir, type="File", title=propre,
                               file=NamedBlobFile(data=octets, filename=propre))
        if valeurs["publier"]:
            api.content.transition(obj=devoir, transition="publier")
        if login and cle:
            annotations = IAnnotations(self.context)
            if CLES_DE_CREATION not in annotations:
                annotations[CLES_DE_CREATION] = OOBTree()
            annotations[CLES_DE_CREATION][(login, cle[:200])] = devoir.getId()
        return self.request.response.redirect(devoir.absolute_url())

    def _pieces(self):
        pieces = self.request.form.get("pieces")
        if pieces is None:
            return []
        return pieces if isinstance(pieces, list) else [pieces]

    def _deja_cree(self, login, cle):
        if not (login and cle):
            return None
        ident = IAnnotations(self.context).get(CLES_DE_CREATION, {}).get((login, cle[:200]))
        return self.context.get(ident) if ident else None


class DevoirView(BrowserView):
    """The Devoir's page: instructions, attachments, dates; the student's hand-in; the teacher's buttons."""

    def __call__(self):
        self.acces = Acces(self.context)
        self.maintenant = horloge.instant()
        if self.request.method == "POST":
            return self.changer_etat()
        return self.index()

    def regle(self):
        try:
            return self.acces.regle()
        except regles.DevoirInvalide:
            return None

    def etat(self):
        return api.content.get_state(self.context, default="brouillon")

    def etat_libelle(self):
        return {"brouillon": "Brouillon", "publie": "Publié", "clos": "Clos"}.get(self.etat(), self.etat())

    def dates(self):
        """The dates the reader reads: a student's own (extension included)."""
        regle = self.regle()
        if regle is None:
            return []
        eleve = self.acces.qui if self.acces.eleve else None
        echeance = regles.echeance_de(regle, eleve) if eleve else regle.echeance
        limite = regles.date_limite_de(regle, eleve) if eleve else regle.date_limite
        dates = [("Ouverture", regles.date_lisible(regle.ouverture)), ("À rendre pour le", regles.date_lisible(echeance))]
        if limite is not None:
            dates.append(("Date limite (après : plus de remise)", regles.date_lisible(limite)))
        if eleve and eleve in regle.prolongations:
            dates.append(("Prolongation", "accordée par votre enseignant"))
        return dates

    def consignes(self):
        consignes = getattr(self.context, "consignes", None)
        return consignes.output if consignes is not None else ""

    def pieces_jointes(self):
        """The attachments the reader may see (checked one by one: local roles are not in the catalog)."""
        securite = getSecurityManager()
        pieces = []
        for objet in self.context.objectValues():
            if objet.portal_type in ("File", "Image", "Link") and securite.checkPermission("View", objet):
                fichier = getattr(objet, "file", None) or getattr(objet, "image", None)
                url = objet.absolute_url() + ("/@@download/file" if objet.portal_type == "File" else "")
                if objet.portal_type == "Link":  # an old or imported link may hold any URL: only a safe one is written
                    url = liens.href_sur(getattr(objet, "remoteUrl", None) or "", repli=None)  # None: no href at all
                taille = regles.taille_lisible(fichier.getSize()) if fichier is not None else ""
                pieces.append({"titre": objet.Title() or objet.getId(), "url": url, "taille": taille})
        return pieces

    def transitions(self):
        """« Publier », « Clore », « Rouvrir » the teacher may do now."""
        if not self.acces.enseignant:
            return []
        libelles = {"publier": "Publier", "clore": "Clore", "rouvrir": "Rouvrir"}
        workflow = api.portal.get_tool("portal_workflow")
        return [{"id": t["id"], "libelle": libelles.get(t["id"], t["title"])}
                for t in workflow.getTransitionsFor(self.context) if t["id"] in libelles]

    def changer_etat(self):
        CheckAuthenticator(self.request)
        self.acces.lecteur.exiger(self.acces.enseignant)
        transition = self.request.form.get("transition")
        if transition not in [t["id"] for t in self.transitions()]:
            if api.content.get_state(self.context) == {"publier": "publie", "clore": "clos", "rouvrir": "publie"}.get(transition):
                return self.request.response.redirect(self.context.absolute_url())  # a second click: already done
            raise Forbidden("Action impossible sur ce devoir.")
        api.content.transition(obj=self.context, transition=transition)
        return self.request.response.redirect(self.context.absolute_url())


class CorrectionView(BrowserView):
    """@@correction: the marking table (the space's teachers; the direction reads it)."""

    def __call__(self):
        self.acces = Acces(self.context)
        self.acces.lecteur.exiger(self.acces.lit_les_rendus)
        return self.index()

    def login(self):
        """Unsaved marks are kept on the device per user: a shared computer does not show one teacher's to another."""
        return self.acces.lecteur.login or ""
