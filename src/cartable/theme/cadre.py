"""What the frame says about the person and the place: their name, their unread count, the establishment.

Plain reads: the directory (Lecteur), the notification box, the acquisition chain. No catalog query,
no write (the header renders on every GET).
"""

from Acquisition import aq_chain, aq_inner
from plone import api

from cartable.annuaire.bureau import autonome
from cartable.annuaire.content.etablissement import IEtablissement
from cartable.core import notifications
from cartable.core.services.commun import titulaire

region_nom = autonome.region_nom  # the region's name, as the standalone pages say it


def nom_affiche(lecteur):
    """The person's full name: the directory's, else Plone's full name, else the login (last resort)."""
    if lecteur.anonyme:
        return ""
    if lecteur.personne is not None and lecteur.personne.nom_complet:
        return lecteur.personne.nom_complet
    membre = api.user.get_current()
    nom = membre.getProperty("fullname", "") if membre is not None else ""
    return nom or ("Administrateur" if lecteur.admin else lecteur.login)


def est_famille(lecteur):
    """A student or a legal responsable (the directory says so): never Plone's editing tools."""
    return lecteur.personne is not None and lecteur.personne.categorie in ("Eleve", "PersRelEleve")


def non_lues(site, lecteur):
    """The unread count of the person's box, the one @notifications reads (0 for anonymous)."""
    if lecteur.anonyme:
        return 0
    return notifications.non_lues(site, titulaire(site, lecteur.login))


def libelle_cloche(nombre):
    """« Aucune notification non lue », « 1 notification non lue », « 3 notifications non lues »."""
    if not nombre:
        return "Aucune notification non lue"
    return f"{nombre} notification{'s' if nombre > 1 else ''} non lue{'s' if nombre > 1 else ''}"


def etablissement(context):
    """The establishment the page stands in (IEtablissement up the acquisition chain), or None."""
    for objet in aq_chain(aq_inner(context)):
        if IEtablissement.providedBy(objet):
            return objet
    return None
