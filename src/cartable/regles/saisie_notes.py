"""What a teacher types in a grade cell → a mark, a code, or a French refusal.

Pure module (standard library only). Decisions (issue 6), for a screen that
must be fast with a keyboard and never silently change what was meant:

- numbers with a comma or a point (``12,5``, ``12.5``), up to two decimals,
  between 0 and the evaluation's scale (``21`` on /20 is refused, never capped);
- codes, case-insensitive, with or without a final dot: ``ABS``/``abs.``/``a``
  → ABS, ``DISP``/``d`` → DISP, ``NN``/``n`` → NN, ``NR``/``r`` → NR;
- an empty cell erases the entry; ``-1``, ``12,555``, ``1/2``, ``12 5`` are refused.
"""

import re
from decimal import Decimal

CODES = {"abs": "ABS", "a": "ABS", "disp": "DISP", "d": "DISP", "nn": "NN", "n": "NN", "nr": "NR", "r": "NR"}
_NOMBRE = re.compile(r"^\d{1,3}(?:[.,]\d{1,2})?$")


class SaisieRefusee(ValueError):
    """The message is French, shown under the cell."""


def lire_saisie(texte: str, bareme: int | float = 20):
    """None (empty: erase), a code ("ABS", "DISP", "NN", "NR"), or a Decimal on the scale."""
    brut = (texte or "").strip()
    if not brut:
        return None
    cle = brut.lower().rstrip(".")
    if cle in CODES:
        return CODES[cle]
    if not _NOMBRE.match(brut):
        raise SaisieRefusee(f"« {brut} » n'est pas une note : un nombre (12,5), ou ABS, DISP, NN, NR.")
    valeur = Decimal(brut.replace(",", "."))
    if valeur > Decimal(str(bareme)):
        raise SaisieRefusee(f"{brut} dépasse le barème (/{bareme:g}).")
    return valeur


def afficher(valeur) -> str:
    """How a stored entry is shown back in the grid (French decimal comma)."""
    if valeur is None:
        return ""
    if isinstance(valeur, str):
        return valeur
    texte = f"{valeur.normalize():f}"
    return texte.replace(".", ",")
