"""Which classes the council screen offers (pure: a function of the directory).

The direction holds the council of every class of its establishment; a
professeur principal opens only the classes they are principal of.
"""

from cartable.notes import droits


def classes_du_conseil(annuaire, personne, structure, direction: bool) -> list[dict]:
    """[{"code", "libelle"}] by code: every class for the direction, the reader's own as professeur principal."""
    classes = annuaire.divisions_de(structure, "classe")
    if not direction:
        classes = {code: libelle for code, libelle in classes.items() if droits.est_principal(annuaire, personne, structure, code)}
    return [{"code": code, "libelle": libelle or code} for code, libelle in sorted(classes.items())]
