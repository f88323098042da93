"""Who is what in a course space, from the directory (no Zope).

A space is described by ``(structure, division, matiere, libre, editeurs,
membres)``; every decision is a few O(log n) lookups in the directory:

- enseignant: teaches this division this subject (``ENTAuxEnsClassesMatieres``
  / ``…GroupesMatieres``); in a free space, listed among its editors;
- élève: in the division (class or group roster); in a free space, a member;
- parent: legal responsable of an élève of the space — reads the cahier de
  textes and the agenda, nothing else;
- vie scolaire (CPE, direction) of the establishment: reads everything;
  the direction sets the visa, and animates the free spaces of its school.
"""

from dataclasses import dataclass

from cartable.regles import acces

ENSEIGNANT, ELEVE, PARENT, VIE_SCOLAIRE, DIRECTION = "enseignant", "eleve", "parent", "vie_scolaire", "direction"


@dataclass(frozen=True)
class Espace:
    structure: str
    division: str | None = None
    matiere: str | None = None
    libre: bool = False
    editeurs: frozenset = frozenset()
    membres: frozenset = frozenset()


def espace_de(contenu) -> Espace:
    """The description of an EspaceCours object (duck-typed: ``structure()`` and attributes)."""
    return Espace(
        structure=contenu.structure(),
        division=getattr(contenu, "division", None),
        matiere=getattr(contenu, "matiere", None),
        libre=bool(getattr(contenu, "libre", False)),
        editeurs=frozenset(getattr(contenu, "editeurs", None) or ()),
        membres=frozenset(getattr(contenu, "membres", None) or ()),
    )


def enseigne_dans(annuaire, personne, espace: Espace) -> bool:
    if personne is None or not personne.actif or personne.categorie != "PersEducNat" or not espace.structure:
        return False
    if espace.libre:
        return personne.id in espace.editeurs
    if not acces.enseigne(annuaire, personne, espace.structure, espace.division):
        return False
    return any(s == espace.structure and d == espace.division and (m or "") == (espace.matiere or "")
               for s, d, m in personne.enseignements)


def eleve_de(annuaire, personne, espace: Espace) -> bool:
    if personne is None or not personne.actif or personne.categorie != "Eleve" or not espace.structure:
        return False
    if espace.libre:
        return personne.id in espace.membres
    roster = annuaire.eleves_division.get((espace.structure, espace.division))
    return roster is not None and personne.id in roster


def enfants_dans(annuaire, personne, espace: Espace) -> list:
    """The children of a responsable who are students of the space."""
    return [e for e in acces.enfants_visibles(annuaire, personne) if eleve_de(annuaire, e, espace)]


def qualites(annuaire, personne, espace: Espace) -> frozenset:
    """Every quality the person has in the space (several: a CPE who also teaches it)."""
    if personne is None or not personne.actif or not espace.structure:
        return frozenset()
    found = set()
    if enseigne_dans(annuaire, personne, espace):
        found.add(ENSEIGNANT)
    if eleve_de(annuaire, personne, espace):
        found.add(ELEVE)
    if personne.categorie == "PersRelEleve" and enfants_dans(annuaire, personne, espace):
        found.add(PARENT)
    if acces.est_vie_scolaire(personne, espace.structure):
        found.add(VIE_SCOLAIRE)
    if acces.est_direction(personne, espace.structure):
        found.add(DIRECTION)
        if espace.libre:
            found.add(ENSEIGNANT)  # the direction animates the free spaces of its school
    return frozenset(found)


# Plone local roles each quality gives on the space (see pedagogie/profiles/default/rolemap.xml).
ROLES = {
    ENSEIGNANT: ("Reader", "Contributor", "Editor", "Reviewer"),
    ELEVE: ("Reader", "Eleve de l'espace"),
    PARENT: ("Parent de l'espace",),
    VIE_SCOLAIRE: ("Reader",),
    DIRECTION: ("Reader", "Direction de l'espace"),
}


def roles_locaux(qualites_) -> tuple:
    roles = []
    for qualite in sorted(qualites_):
        roles += [r for r in ROLES[qualite] if r not in roles]
    return tuple(roles)
