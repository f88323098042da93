"""The bulletins page's classes: each one's state (Mon bureau's rule), its council, what publishing must confirm."""

from datetime import date

from cartable.notes.bureau import derniere_modification
from cartable.regles.publication_bulletins import etat_classe


def _date(iso):
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def classes(carnet, annuaire, structure, periode, divisions, aujourd_hui):
    """[{division, libelle, etiquette, detail, a_regenerer, avant_conseil, date_conseil, conseil_texte}] (never writes)."""
    libelles = annuaire.divisions_de(structure, "classe")
    par_classe = {}
    for (_, _eleve), b in carnet.bulletins.items(min=(periode, ""), max=(periode, "\uffff")):
        par_classe.setdefault(b.get("division"), []).append({"genere_le": b.get("genere_le") or "", "publie": bool(b.get("publie"))})
    modifiees = derniere_modification(carnet, periode, set(divisions)) if divisions else {}
    result = []
    for division in divisions:
        date_conseil = _date((carnet.conseils.get((periode, division)) or {}).get("date"))
        etat = etat_classe(len(annuaire.eleves(structure, division)), par_classe.get(division, []), modifiees.get(division),
                           date_conseil, aujourd_hui)
        result.append({"division": division, "libelle": f"Classe {libelles.get(division) or division}", **etat,
                       "date_conseil": date_conseil})
    return result
