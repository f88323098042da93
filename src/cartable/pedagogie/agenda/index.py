"""The agenda index of an establishment, kept up to date by the writers of work.

Two sources write work items: a cahier de textes entry (its *travaux*), and a
published Devoir (« À rendre : … », due the day of its échéance). Each write
computes the items of its source before and after, and touches only the keys
that differ (``regles.cahier_de_textes.difference``). A work item appearing
for the first time fires ``TravailAjoute`` (notifications listen to it).
"""

from dataclasses import replace

from plone import api
from plone.uuid.interfaces import IUUID
from zope.event import notify

from cartable.core import horloge
from cartable.pedagogie.agenda.stockage import index_pour_ecrire, lire_index
from cartable.pedagogie.content.devoir import instant
from cartable.pedagogie.content.espace import espace_englobant, etablissement_englobant
from cartable.pedagogie.evenements import TravailAjoute
from cartable.regles import cahier_de_textes as regles
from cartable.regles.devoirs import en_heure_de_paris

ETAT_PUBLIE = "publie"


def chemin(objet) -> str:
    """Path of a content object relative to the site ("0750001a/3a/francais")."""
    site = api.portal.get().getPhysicalPath()
    return "/".join(objet.getPhysicalPath()[len(site):])


def indexable(espace) -> bool:
    """Only the spaces of a class or a group: a free space has no division to read the agenda by."""
    return espace is not None and not getattr(espace, "libre", False) and bool(getattr(espace, "division", None))


def matiere_de(espace) -> str:
    return getattr(espace, "matiere_libelle", None) or getattr(espace, "matiere", None) or espace.Title()


def inscriptions(espace, travaux, source) -> dict:
    """{index key: Inscription} of these work items of the space."""
    if not indexable(espace):
        return {}
    trouvees = {}
    for travail in travaux:
        inscription = regles.Inscription(travail=travail, division=espace.division, espace_titre=espace.Title(),
                                         matiere_code=getattr(espace, "matiere", None) or "", source=source)
        trouvees[inscription.cle] = inscription
    return trouvees


def mettre_a_jour(espace, avant: dict, apres: dict):
    """Write the difference in the establishment's index; notify the new work."""
    retirer, ecrire = regles.difference(avant, apres)
    if not (retirer or ecrire):
        return
    etablissement = espace.etablissement()
    if etablissement is None:
        return
    index_pour_ecrire(etablissement).ecrire(retirer, ecrire)
    anciens = {cle[2] for cle in avant}
    for cle, inscription in ecrire.items():
        if cle[2] not in anciens:
            notify(TravailAjoute(espace, inscription.travail))


# --- Devoirs ----------------------------------------------------------------------------


def espace_du_devoir(devoir):
    """Its space, also when it sits in a séquence or a folder of it."""
    return espace_englobant(devoir)


def id_travail_devoir(devoir) -> str:
    return f"devoir-{IUUID(devoir)}"


def travail_du_devoir(devoir, espace):
    echeance = instant(devoir.echeance)
    if echeance is None:
        return None
    return regles.travail_du_devoir(
        id_travail_devoir(devoir), chemin(devoir), devoir.Title(), en_heure_de_paris(echeance),
        getattr(devoir, "duree_minutes", 0), chemin(espace), matiere_de(espace), cree_le=horloge.instant(),
    )


def reindexer_devoir(devoir, publie=None):
    """The Devoir in the index when published, out of it otherwise (brouillon, clos, removed)."""
    espace = espace_du_devoir(devoir)
    if espace is None or not indexable(espace):
        return
    etablissement = espace.etablissement()
    index = lire_index(etablissement) if etablissement is not None else None
    avant = index.du_travail(id_travail_devoir(devoir)) if index is not None else {}
    if publie is None:
        publie = api.content.get_state(devoir, default=None) == ETAT_PUBLIE
    travail = travail_du_devoir(devoir, espace) if publie else None
    if travail is not None and avant:
        # the creation time is the first publication's: an unchanged Devoir rewrites nothing
        ancien = next(iter(avant.values())).travail
        travail = replace(travail, cree_le=ancien.cree_le)
    apres = inscriptions(espace, [travail], "devoir") if travail is not None else {}
    mettre_a_jour(espace, avant, apres)


def devoir_transition(devoir, event):
    """DCWorkflow IAfterTransitionEvent: published → in the agenda; closed or back to draft → out."""
    if event.new_state is not None:
        reindexer_devoir(devoir, publie=event.new_state.getId() == ETAT_PUBLIE)


def devoir_modifie(devoir, event):
    """IObjectModifiedEvent: a new due date, title or duration."""
    reindexer_devoir(devoir)


def devoir_retire(devoir, event):
    """IObjectRemovedEvent: out of the agenda (the space itself may be going)."""
    # oldParent is the container of what was removed: its space, a séquence, or the Classe when the
    # whole space goes; the establishment above it holds the index in every case
    etablissement = etablissement_englobant(event.oldParent) if event.oldParent is not None else None
    index = lire_index(etablissement) if etablissement is not None else None
    if index is not None:
        try:
            ident = id_travail_devoir(devoir)
        except TypeError:
            return
        avant = index.du_travail(ident)
        if avant:
            index.ecrire(list(avant), {})
