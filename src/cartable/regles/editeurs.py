"""Éditeurs d'établissement: who may name them, who may be named, which local roles follow (no Zope).

An editor (documentaliste, ENT referent) is a member of staff of one establishment,
named by its direction or by the region. Editors and the direction write and publish
the establishment's pages and news; its teachers propose them.
"""

from cartable.regles import acces

ROLE_EDITEUR = "Editeur d'etablissement"
ROLE_REDACTEUR = "Redacteur d'etablissement"


def peut_nommer(personne, structure, admin: bool) -> bool:
    """The direction of the establishment, or the region."""
    return admin or acces.est_direction(personne, structure)


def peut_lire(personne, structure, admin: bool) -> bool:
    """The establishment's staff (and the region) see who its editors are."""
    return admin or acces.est_personnel(personne, structure)


def nommable(personne, structure) -> bool:
    """Only a member of staff of the establishment can be its editor."""
    return acces.est_personnel(personne, structure)


def roles_locaux(personne, structure, editeurs) -> tuple:
    """Local roles on the establishment: editors and direction edit and publish, teachers propose."""
    if personne is None or not personne.actif or not structure:
        return ()
    # an editor who left the establishment (AAF delta) is no longer one: the directory decides at each check
    if (personne.id in editeurs and acces.est_personnel(personne, structure)) or acces.est_direction(personne, structure):
        return (ROLE_EDITEUR,)
    if acces.FONCTION_ENSEIGNANT in acces.fonctions(personne, structure):
        return (ROLE_REDACTEUR,)
    return ()


def est_editeur(personne, structure, editeurs) -> bool:
    return ROLE_EDITEUR in roles_locaux(personne, structure, editeurs)
