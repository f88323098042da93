"""The shapes of Mon bureau, as every add-on's blocks build them (plain values, nothing from Zope).

``cartable.core.bureau`` renders what these return; the add-ons' block
utilities (viescolaire, pedagogie, notes, etablissement, annuaire) build them
here so that a block has one shape whoever contributes it:

- a block: ``{"titre", "sous_titre", "lignes", "vide", "liens"}``; ``vide`` is
  the sentence shown when there is no line (a block says « rien à faire », it
  does not disappear);
- a line: ``{"texte", "detail", "lien", "etat", "etiquette"}``; ``etat`` is one
  of the template's states (« retard », « ok », « info »…), ``etiquette`` a
  short badge;
- a link under a block: ``{"texte", "lien"}``.

``adresse`` builds the URL of an add-on's page with its query, leaving out the
parameters that have no value (a link never says ``periode=``).
"""

from urllib.parse import urlencode


def bloc(titre: str, lignes, vide: str, sous_titre: str | None = None, liens=()) -> dict:
    return {"titre": titre, "sous_titre": sous_titre, "lignes": list(lignes), "vide": vide, "liens": list(liens)}


def ligne(texte: str, detail: str | None = None, lien: str | None = None, etat: str | None = None,
          etiquette: str | None = None) -> dict:
    return {"texte": texte, "detail": detail or None, "lien": lien, "etat": etat, "etiquette": etiquette}


def lien(texte: str, url: str) -> dict:
    return {"texte": texte, "lien": url}


def adresse(base: str, page: str, **parametres) -> str:
    """``adresse("…/0139101x", "appel", cle="k")`` → ``…/0139101x/@@appel?cle=k``."""
    parametres = {cle: valeur for cle, valeur in parametres.items() if valeur not in (None, "")}
    return f"{base}/@@{page}" + (f"?{urlencode(parametres)}" if parametres else "")
