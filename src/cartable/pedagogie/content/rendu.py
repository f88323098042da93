"""Rendu: one student's hand-in, inside its Devoir, named after the student.

Its state is the DCWorkflow state (``cartable_rendu_workflow``); the facts the
rules compute (hand-in time, lateness, mark, feedback, history) are kept here.
Files are NamedBlobFile in ``fichiers``; the online text in ``texte``.
"""

from datetime import timedelta
from decimal import Decimal

from persistent.list import PersistentList
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import Interface, implementer

from cartable.pedagogie import _
from cartable.regles import devoirs


class ICorrectionEnCours(Interface):
    """Marks the request of the marking table while it makes a teacher's transition (a client cannot set it)."""


class IRendu(model.Schema):
    # whose hand-in it is decides who reads it and who gets the mark: set at creation, never edited
    directives.write_permission(eleve="cartable.pedagogie.AjouterEspace")
    eleve = schema.TextLine(title=_("label_eleve", default="Élève"), required=True)
    texte = schema.Text(title=_("label_texte_rendu", default="Texte"), required=False)


@implementer(IRendu)
class Rendu(Item):
    remis_le = None  # aware UTC datetime
    en_retard = False
    retard_secondes = None
    appreciation = None
    note = None  # str of a Decimal, or None

    def fichiers_liste(self):
        return list(getattr(self, "fichiers", None) or ())

    def ajouter_fichier(self, fichier):
        if getattr(self, "fichiers", None) is None:
            self.fichiers = PersistentList()
        self.fichiers.append(fichier)

    def historique_liste(self):
        return list(getattr(self, "historique", None) or ())

    def regle(self, etat: str | None = None) -> devoirs.Rendu:
        from plone import api

        return devoirs.Rendu(
            eleve=self.eleve,
            etat=etat or api.content.get_state(self, default="brouillon"),
            remis_le=self.remis_le,
            en_retard=bool(self.en_retard),
            retard=None if self.retard_secondes is None else timedelta(seconds=self.retard_secondes),
            appreciation=self.appreciation,
            note=None if self.note is None else Decimal(self.note),
            historique=tuple(self.historique_liste()),
        )

    def retenir(self, rendu: devoirs.Rendu):
        """Keep what the rules computed (the workflow state is changed by the caller)."""
        self.remis_le = rendu.remis_le
        self.en_retard = rendu.en_retard
        self.retard_secondes = None if rendu.retard is None else int(rendu.retard.total_seconds())
        self.appreciation = rendu.appreciation
        self.note = None if rendu.note is None else str(rendu.note)
        self.historique = PersistentList(rendu.historique)

    def transition_permise(self, transition: str) -> bool:
        """Workflow guard: the rules of ``regles.devoirs`` hold whatever the endpoint (form, @workflow)."""
        from Acquisition import aq_inner, aq_parent

        from cartable.core import horloge

        if transition != "remettre":
            # corriger, rouvrir, restituer: only through the marking table, which checks the mark and
            # the feedback, journals and sends the mark on (IEnvoiNote) — never a bare @workflow call
            from zope.globalrequest import getRequest

            return ICorrectionEnCours.providedBy(getRequest())
        devoir = aq_parent(aq_inner(self))
        try:
            regle = devoir.regle()
            if not devoirs.peut_remettre(regle, self.eleve, horloge.instant())[0]:
                return False
        except (devoirs.DevoirInvalide, AttributeError):
            return False
        # an empty or invalid draft is not handed in, whatever the endpoint (@workflow too)
        return not devoirs.verifier_rendu(regle, self.fichiers_decrits(), self.texte)

    def fichiers_decrits(self) -> list[tuple[str, int, bytes]]:
        """(nom, taille, premiers octets) of the files, as the rules check them."""
        decrits = []
        for fichier in self.fichiers_liste():
            with fichier.open() as flux:
                debut = flux.read(devoirs.PREMIERS_OCTETS)
            decrits.append((fichier.filename, fichier.getSize(), debut))
        return decrits
