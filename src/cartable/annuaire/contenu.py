"""Structures and divisions of the directory become content (they carry course spaces).

Establishments are ``Etablissement`` objects at the site root, named by their
UAI in lower case (stable while names change); classes and groups are
``Classe`` objects inside them.
"""

from plone import api

from cartable.annuaire.importation import Crochets
from cartable.annuaire.registre import normaliser


def id_etablissement(uai):
    return uai.lower()


def etablissements(site):
    """The establishments' folders at the site root (for the tasks that visit each one)."""
    from cartable.annuaire.content.etablissement import IEtablissement

    return [objet for objet in site.objectValues() if IEtablissement.providedBy(objet)]


def id_division(genre, code):
    slug = normaliser(code).replace(" ", "-") or "division"
    return slug if genre == "classe" else f"groupe-{slug}"


class CrochetsContenu(Crochets):
    def __init__(self, site):
        self.site = site

    def etablissement(self, structure_id):
        structure = self._annuaire().structures.get(structure_id)
        if structure is None:
            return None
        return self.site.get(id_etablissement(structure.uai))

    def _annuaire(self):
        from cartable.annuaire.stockage import lire_annuaire

        return lire_annuaire(self.site)

    def structure(self, structure):
        content_id = id_etablissement(structure.uai)
        etablissement = self.site.get(content_id)
        if etablissement is None:
            etablissement = api.content.create(
                self.site, "Etablissement", id=content_id, title=structure.nom or structure.uai, uai=structure.uai
            )
        etablissement.title = structure.nom or structure.uai
        etablissement.commune = structure.commune or None
        etablissement.jointure = structure.id
        etablissement.actif = structure.actif
        etablissement.reindexObject()

    def desactive(self, enregistrement):
        """A person deactivated by the directory: the REST tokens they hold are revoked (jetons.py), and the
        followers are told (the RGPD retention indexes the day they left)."""
        from zope.event import notify

        from cartable.annuaire.evenements import PersonneDesactivee
        from cartable.annuaire.jetons import revoquer
        from cartable.annuaire.registre import Personne

        if getattr(enregistrement, "login", None):
            revoquer(self.site, enregistrement.login)
        if isinstance(enregistrement, Personne):
            notify(PersonneDesactivee(self.site, enregistrement))

    def division(self, structure_id, genre, code, libelle):
        etablissement = self.etablissement(structure_id)
        if etablissement is None:
            return
        content_id = id_division(genre, code)
        division = etablissement.get(content_id)
        if division is None:
            division = api.content.create(etablissement, "Classe", id=content_id, title=libelle, code=code, genre=genre)
        else:
            division.title = libelle
            division.reindexObject()
