"""Devoir: homework to hand in. Its attachments (File, Image, Link) and its
hand-ins (Rendu) are inside it. The rules (dates, extensions, cut-off, file
checks) are ``cartable.regles.devoirs``; ``regle()`` builds their input.

Dates typed in a form are naive: they are read as Paris time.
Extensions are a mapping student id → (échéance, date limite | None) kept
beside the schema, since they are set from the marking table, not the form.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytz
from persistent.mapping import PersistentMapping
from plone.app.textfield import RichText
from plone.dexterity.content import Container
from plone.supermodel import model
from zope import schema
from zope.interface import implementer
from zope.schema.vocabulary import SimpleVocabulary

from cartable.pedagogie import _
from cartable.regles import devoirs

PARIS = ZoneInfo("Europe/Paris")
FAMILLES = SimpleVocabulary.fromItems([(libelle, code) for code, libelle in devoirs.FAMILLES.items()])


def instant(valeur: datetime | None) -> datetime | None:
    """An aware datetime; a naive one (from a form) is Paris time."""
    if valeur is None:
        return None
    return valeur.replace(tzinfo=PARIS) if valeur.tzinfo is None else valeur


def normaliser_dates(devoir, event=None):
    """Subscriber (added, modified): the dates are kept as aware UTC instants.

    A form gives naive Paris times; kept naive, a REST PATCH with an offset
    would be stored converted to UTC but still naive, i.e. read back one or two
    hours early. pytz's UTC, because plone.restapi's PATCH reads the stored
    value's ``tzinfo.zone`` to convert what it receives.
    """
    for nom in ("ouverture", "echeance", "date_limite"):
        valeur = getattr(devoir, nom, None)
        if isinstance(valeur, datetime) and valeur.tzinfo is not pytz.utc:
            setattr(devoir, nom, instant(valeur).astimezone(pytz.utc))


class IDevoir(model.Schema):
    consignes = RichText(title=_("label_consignes", default="Consignes"), required=False)
    ouverture = schema.Datetime(title=_("label_ouverture", default="Ouverture"), required=True)
    echeance = schema.Datetime(title=_("label_echeance", default="À rendre pour le"), required=True)
    date_limite = schema.Datetime(
        title=_("label_date_limite", default="Date limite (après : plus de remise)"),
        description=_("help_date_limite", default="Vide : les remises en retard restent possibles."),
        required=False,
    )
    fichiers_attendus = schema.Bool(title=_("label_fichiers_attendus", default="Fichiers attendus"), default=True)
    texte_attendu = schema.Bool(title=_("label_texte_attendu", default="Texte en ligne attendu"), default=False)
    max_fichiers = schema.Int(title=_("label_max_fichiers", default="Nombre maximal de fichiers"), default=5, min=1, max=50)
    taille_max_mo = schema.Int(title=_("label_taille_max", default="Taille maximale d'un fichier (Mo)"), default=10, min=1, max=200)
    types_autorises = schema.List(
        title=_("label_types_autorises", default="Types de fichiers acceptés"),
        value_type=schema.Choice(vocabulary=FAMILLES),
        default=list(devoirs.FAMILLES),
        required=True,
    )
    duree_minutes = schema.Int(
        title=_("label_duree_estimee", default="Durée estimée (minutes)"), required=False, default=30, min=0,
        max=600,
    )
    bareme = schema.Int(title=_("label_bareme", default="Noté sur"), default=20, min=1, max=100)
    compte_dans_moyenne = schema.Bool(
        title=_("label_compte_dans_moyenne", default="La note compte dans la moyenne"),
        description=_("help_compte_dans_moyenne",
                      default="Décoché : la note restituée entre au carnet de notes sans compter dans la moyenne."),
        default=True, required=False,
    )


@implementer(IDevoir)
class Devoir(Container):
    """Homework; ``prolongations`` maps a student id to (échéance, date limite | None)."""

    def prolongations_de(self):
        return getattr(self, "prolongations", None) or {}

    def prolonger(self, eleve: str, echeance: datetime, date_limite: datetime | None):
        if getattr(self, "prolongations", None) is None:
            self.prolongations = PersistentMapping()
        self.prolongations[eleve] = (echeance, date_limite)

    def regle(self, enseignants=(), etat: str | None = None) -> devoirs.Devoir:
        """The pure rules' view of this homework (``DevoirInvalide`` when the dates disagree)."""
        from plone import api

        return devoirs.Devoir(
            ouverture=instant(self.ouverture),
            echeance=instant(self.echeance),
            date_limite=instant(self.date_limite),
            prolongations={
                eleve: devoirs.Prolongation(instant(e), instant(limite))
                for eleve, (e, limite) in self.prolongations_de().items()
            },
            fichiers_attendus=bool(self.fichiers_attendus),
            texte_attendu=bool(self.texte_attendu),
            max_fichiers=self.max_fichiers or 5,
            taille_max_octets=(self.taille_max_mo or 10) * devoirs.MO,
            types_autorises=frozenset(self.types_autorises or devoirs.FAMILLES),
            enseignants=frozenset(enseignants),
            etat=etat or api.content.get_state(self, default="brouillon"),
        )
