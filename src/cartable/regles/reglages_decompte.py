"""Which counting settings apply on a day: an establishment's timeline of settings with effective dates.

Pure module (standard library only). The direction chooses how its
establishment counts absences (DESIGN.md "Half-day counting"): the half-day
boundary, the mode (*brutes* or *calculées*) and the alert threshold. Each
change applies « à partir du » a date and never reaches back: every day is
counted with the settings in force that day, so a closed period keeps the
counts it had.

- ``Chronologie``: a base (in force since always) and changes, each from a
  date; ``en_vigueur(jour)`` is the settings of that day (the last change
  whose date is on or before it).
- ``valider_changement``: the direction's input (partial: what is not given
  is kept from the settings in force on the effective date), checked, with a
  French message; an effective date before today is refused (a past count
  never changes). ``appliquer`` keeps a change that changes nothing out of
  the timeline.
- ``annuler``: a change not yet in force may be withdrawn.
- The alert rule under a timeline (``decompte.decompter``): a month is
  alerted when, on a day with a non justifiée half-day, the month's non
  justifiées half-days up to that day reach the threshold in force that day.
  With one threshold all the month long it is « N or more in the month ».
"""

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import date

from cartable.regles.dates_fr import date_fr

MODES = {"brutes": "Demi-journées brutes", "calculees": "Demi-journées calculées"}
LIMITE_MIN, LIMITE_MAX = "10:00", "15:00"  # a boundary splits the day into a morning and an afternoon
SEUIL_MIN, SEUIL_MAX = 1, 20
_HEURE = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
CHAMPS = ("limite", "mode", "seuil")


class ReglagesInvalides(ValueError):
    """A change the direction may not make; the message, in French, says why."""


@dataclass(frozen=True)
class Reglages:
    limite: str = "12:30"  # HH:MM: a course starting before it is in the morning
    mode: str = "brutes"  # or "calculees"
    seuil: int = 4  # non justifiées half-days in a month that raise an alert (article L131-8)

    @property
    def minutes_limite(self) -> int:
        heures, minutes = self.limite.split(":")
        return int(heures) * 60 + int(minutes)

    def en_dict(self) -> dict:
        return {"limite": self.limite, "mode": self.mode, "seuil": self.seuil}


DEFAUT = Reglages()


@dataclass(frozen=True)
class Chronologie:
    """The base settings and the changes, sorted by effective date (one change per date at most)."""

    base: Reglages = DEFAUT
    changements: tuple = ()  # ((date, Reglages), …) sorted by date

    def __post_init__(self):
        dates = [d for d, _ in self.changements]
        if dates != sorted(set(dates)):
            raise ValueError("changements : dates triées et uniques attendues")

    @classmethod
    def de(cls, base, changements):
        """A timeline from the base and (date, Reglages) pairs in any order (a later pair of a same date wins)."""
        par_date = dict(changements)
        return cls(base, tuple(sorted(par_date.items())))

    def en_vigueur(self, jour: date) -> Reglages:
        """The settings in force on ``jour``."""
        rang = bisect_right([d for d, _ in self.changements], jour)
        return self.base if rang == 0 else self.changements[rang - 1][1]

    def etapes(self):
        """[(from date or None for the base, Reglages)] in order."""
        return [(None, self.base), *self.changements]

    def seuil_minimal(self, du: date, au: date) -> int:
        """The lowest alert threshold in force on a day of [du, au]."""
        return min(reglages.seuil for _, _, reglages in self.periodes(du, au)) if du <= au else self.en_vigueur(du).seuil

    def periodes(self, du: date, au: date):
        """[(first day, last day, Reglages)] covering [du, au], one per stretch of constant settings."""
        if au < du:
            return []
        result = []
        debut, courant = du, self.en_vigueur(du)
        for quand, reglages in self.changements:
            if du < quand <= au:
                result.append((debut, date.fromordinal(quand.toordinal() - 1), courant))
                debut, courant = quand, reglages
        result.append((debut, au, courant))
        return result

    def uniforme(self) -> bool:
        return all(r == self.base for _, r in self.changements)


def constante(limite="12:30", mode="brutes", seuil=4) -> Chronologie:
    return Chronologie(Reglages(limite, mode, seuil))


def _limite(valeur):
    match = _HEURE.match(valeur.strip()) if isinstance(valeur, str) else None
    if not match:
        raise ReglagesInvalides(f"Limite de la demi-journée invalide : {valeur!r} (heure HH:MM attendue, par exemple 12:30).")
    texte = f"{match.group(1)}:{match.group(2)}"
    if not LIMITE_MIN <= texte <= LIMITE_MAX:
        raise ReglagesInvalides(f"La limite de la demi-journée doit être entre {LIMITE_MIN} et {LIMITE_MAX} (reçu {texte}).")
    return texte


def _mode(valeur):
    normal = valeur.strip().lower().replace("é", "e") if isinstance(valeur, str) else None
    if normal not in MODES:
        raise ReglagesInvalides(f"Mode de décompte inconnu : {valeur!r} (« brutes » ou « calculees »).")
    return normal


def _seuil(valeur):
    if isinstance(valeur, str) and valeur.strip().isdigit():
        valeur = int(valeur.strip())
    if isinstance(valeur, bool) or not isinstance(valeur, int):
        raise ReglagesInvalides(f"Seuil d'alerte invalide : {valeur!r} (nombre entier de demi-journées attendu).")
    if not SEUIL_MIN <= valeur <= SEUIL_MAX:
        raise ReglagesInvalides(f"Le seuil d'alerte doit être entre {SEUIL_MIN} et {SEUIL_MAX} demi-journées (reçu {valeur}).")
    return valeur


def lire_date(valeur, nom="a_partir_du") -> date:
    try:
        if not isinstance(valeur, str) or not re.match(r"^\d{4}-\d{2}-\d{2}$", valeur.strip()):
            raise ValueError
        return date.fromisoformat(valeur.strip())
    except ValueError:
        raise ReglagesInvalides(f"Date d'effet invalide : {valeur!r} (date AAAA-MM-JJ attendue, champ {nom}).") from None


def valider_changement(donnees, aujourd_hui: date, chronologie: Chronologie):
    """(effective date, new settings) of the direction's input; ReglagesInvalides (French) otherwise.

    ``donnees``: {"a_partir_du": "AAAA-MM-JJ" (today when absent), "limite"?, "mode"?, "seuil"?}; at least
    one setting; the others are those in force on the effective date.
    """
    if not isinstance(donnees, dict):
        raise ReglagesInvalides("Corps attendu : {\"a_partir_du\": \"AAAA-MM-JJ\", \"limite\": \"12:30\", \"mode\": \"brutes\", \"seuil\": 4}.")
    inconnus = sorted(set(donnees) - {"a_partir_du", *CHAMPS})
    if inconnus:
        raise ReglagesInvalides(f"Champ inconnu : {', '.join(inconnus)} (a_partir_du, limite, mode, seuil).")
    donnes = {c: donnees[c] for c in CHAMPS if donnees.get(c) not in (None, "")}
    if not donnes:
        raise ReglagesInvalides("Indiquez au moins un réglage à changer : limite, mode ou seuil.")
    quand = lire_date(donnees["a_partir_du"]) if donnees.get("a_partir_du") not in (None, "") else aujourd_hui
    if quand < aujourd_hui:
        raise ReglagesInvalides(
            f"La date d'effet ({date_fr(quand)}) est passée : un réglage s'applique à partir d'aujourd'hui au plus tôt, "
            "les décomptes déjà faits ne changent pas.")
    nouveaux = {}
    if "limite" in donnes:
        nouveaux["limite"] = _limite(donnes["limite"])
    if "mode" in donnes:
        nouveaux["mode"] = _mode(donnes["mode"])
    if "seuil" in donnes:
        nouveaux["seuil"] = _seuil(donnes["seuil"])
    return quand, replace(chronologie.en_vigueur(quand), **nouveaux)


def appliquer(chronologie: Chronologie, quand: date, reglages: Reglages) -> Chronologie:
    """The timeline with ``reglages`` from ``quand`` (replacing a change of that same date); later changes stay.

    The same timeline when those are already the settings of ``quand`` (nothing to change)."""
    if chronologie.en_vigueur(quand) == reglages:
        return chronologie
    return Chronologie.de(chronologie.base, [*chronologie.changements, (quand, reglages)])


def annuler(chronologie: Chronologie, quand: date, aujourd_hui: date) -> Chronologie:
    """The timeline without the change of ``quand``, which must not be in force yet."""
    if quand not in dict(chronologie.changements):
        raise ReglagesInvalides(f"Aucun changement prévu à partir du {date_fr(quand)}.")
    if quand <= aujourd_hui:
        raise ReglagesInvalides(f"Le changement du {date_fr(quand)} est déjà en vigueur : il ne peut plus être annulé.")
    return Chronologie(chronologie.base, tuple((d, r) for d, r in chronologie.changements if d != quand))


def heure_en_mots(limite: str) -> str:
    heures, minutes = limite.split(":")
    return f"{int(heures)} h {minutes}" if minutes != "00" else f"{int(heures)} h"


def en_mots(reglages: Reglages) -> str:
    """« Demi-journées brutes, limite à 12 h 30, alerte à 4 demi-journées non justifiées dans le mois »."""
    return (f"{MODES[reglages.mode]}, limite à {heure_en_mots(reglages.limite)}, alerte à {reglages.seuil} "
            "demi-journées non justifiées dans le mois")
