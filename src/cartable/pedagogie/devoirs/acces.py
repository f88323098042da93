"""Who is asking, seen from a Devoir's course space (the directory decides, as for local roles)."""

from plone import api

from cartable.annuaire.lecteur import Lecteur
from cartable.core.refus import Refus
from cartable.pedagogie.content.espace import espace_englobant
from cartable.regles import devoirs as regles
from cartable.regles import droits_pedagogie as droits


def espace_de(objet):
    """The EspaceCours above a Devoir (directly in it, or in one of its séquences or folders)."""
    return espace_englobant(objet)


class Acces:
    """The reader and their qualities in the space of ``devoir`` (computed once per request)."""

    def __init__(self, devoir, espace=None):
        self.devoir = devoir
        self.espace = espace if espace is not None else espace_de(devoir)
        self.lecteur = Lecteur(api.portal.get())
        personne = self.lecteur.personne
        self.qualites = (
            droits.qualites(self.lecteur.annuaire, personne, droits.espace_de(self.espace))
            if personne is not None and self.espace is not None else frozenset()
        )

    @property
    def qui(self):
        """The actor's id for the rules and the audit: the directory id, else the login (regional admin)."""
        return self.lecteur.personne.id if self.lecteur.personne is not None else self.lecteur.login

    @property
    def enseignant(self):
        """A teacher of the space; the regional administrator may act as one (as everywhere in Cartable)."""
        return droits.ENSEIGNANT in self.qualites or self.lecteur.admin

    @property
    def eleve(self):
        return droits.ELEVE in self.qualites and self.lecteur.personne is not None

    @property
    def direction(self):
        return droits.DIRECTION in self.qualites

    @property
    def lit_les_rendus(self):
        """The marking table, the hand-ins and their zip: the space's teachers, the direction (read only)."""
        return self.enseignant or self.direction

    def refus(self, message):
        return Refus(401 if self.lecteur.anonyme else 403, "Unauthorized", message)

    def exiger_eleve(self):
        if not self.eleve:
            raise self.refus("Réservé aux élèves de cet espace.")

    def exiger_enseignant(self):
        if not self.enseignant:
            raise self.refus("Réservé aux enseignants de cet espace.")

    def exiger_lecture_des_rendus(self):
        if not self.lit_les_rendus:
            raise self.refus("Réservé aux enseignants de cet espace et à la direction.")

    def regle(self, etat=None) -> regles.Devoir:
        """The rules' Devoir, the reader being among its teachers when they are one."""
        return self.devoir.regle(enseignants=(self.qui,) if self.enseignant else (), etat=etat)


def eleves_de_l_espace(espace, annuaire) -> dict:
    """{directory id: « NOM Prénom »} of the space's students (its class or group roster, or its members)."""
    if espace is None or annuaire is None:
        return {}
    description = droits.espace_de(espace)
    ids = description.membres if description.libre else annuaire.eleves(description.structure, description.division)
    noms = {}
    for ident in ids:
        personne = annuaire.personne(ident)
        if personne is not None and personne.actif and personne.categorie == "Eleve":
            noms[ident] = nom_de_dossier(personne)
    return noms


def nom_de_dossier(personne) -> str:
    """« NOM Prénom »: how a class list (and the zip of the hand-ins) names a student."""
    return f"{(personne.nom or '').upper()} {personne.prenom or ''}".strip() or personne.id
