"""Before publishing a class's bulletins: what the direction must confirm (pure).

Two reasons to ask: the class council of the period is still ahead (its
avis and mentions are not in the PDFs yet), or the bulletins are
« À régénérer » (a mark, appreciation, decision or council date written
after their generation: ``bureau_notes.etat_bulletins``, the same rule as Mon
bureau's block). Nothing to ask → publish at once.
"""

from datetime import date

from cartable.regles.bureau_notes import etat_bulletins
from cartable.regles.dates_fr import date_fr


def etat_classe(inscrits, bulletins, derniere_modification, date_conseil, aujourd_hui: date) -> dict:
    """A class's line of the bulletins page: Mon bureau's state, plus « a_regenerer » and « avant_conseil »."""
    etat = etat_bulletins(inscrits, bulletins, derniere_modification, aujourd_hui)
    return {**etat, "a_regenerer": etat["etiquette"] == "À régénérer",
            "avant_conseil": date_conseil is not None and date_conseil > aujourd_hui,
            "conseil_texte": f"Conseil de classe le {date_fr(date_conseil, aujourd_hui.year)}" if date_conseil else "Conseil de classe sans date"}


def avertissements(classes, aujourd_hui: date) -> list[str]:
    """``classes``: [{"libelle", "a_regenerer", "avant_conseil", "date_conseil"}] of the classes about to be published →
    the sentences to confirm (empty: nothing to ask)."""
    phrases = []
    for c in classes:
        if c.get("avant_conseil"):
            phrases.append(f"{c['libelle']} : le conseil de classe n'a lieu que le "
                           f"{date_fr(c['date_conseil'], aujourd_hui.year)} ; ses avis et mentions ne seront pas sur les bulletins.")
        if c.get("a_regenerer"):
            phrases.append(f"{c['libelle']} : des notes, appréciations ou décisions du conseil ont changé après la génération "
                           "des bulletins ; régénérez-les avant de publier.")
    return phrases
