"""Timetable: weekly slots → the course occurrences of a period.

Pure module (standard library only). A slot (*créneau*) repeats every week,
or every other week (A/B); the school calendar gives the year's bounds, the
closures (holidays, bank holidays) and the type of each week; an exception
changes one occurrence (cancelled, moved, another room, a replacement
teacher). Each occurrence has a stable key, ``AAAA-MM-JJ@créneau``: the key of
its register (appel).

History is never rewritten: a slot carries its validity (``du``/``au``,
inclusive, None = open), a change ends the old slot the day before it takes
effect, and a date's occurrences come from the slots valid that date. A moved
occurrence keeps its key (its original day) but belongs to the day it moved to.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")


@dataclass(frozen=True)
class Creneau:
    id: str
    jour: int  # 0 = lundi … 5 = samedi
    debut: str  # "HH:MM"
    fin: str
    division: tuple  # (structure, code of the class or group)
    matiere: str = ""
    enseignants: tuple = ()
    salle: str = ""
    semaine: str | None = None  # None: every week; "A" or "B": every other week
    # Validity, inclusive; None: open. Slots stored before these fields read the
    # class defaults, so they stay valid all year.
    du: date | None = None
    au: date | None = None

    def valide_le(self, jour: date) -> bool:
        return (self.du is None or self.du <= jour) and (self.au is None or jour <= self.au)


def sans_periode(creneau: Creneau) -> Creneau:
    """The slot without its validity: what the direction compares (same course or not)."""
    return replace(creneau, du=None, au=None)


def terminer(creneau: Creneau, effet: date) -> Creneau | None:
    """The slot ended the day before ``effet``; None when it never was valid before that day."""
    if creneau.du is not None and creneau.du >= effet:
        return None
    fin = effet - timedelta(days=1)
    return replace(creneau, au=fin if creneau.au is None else min(creneau.au, fin))


def date_effet(aujourd_hui: date, jours_occupes=()) -> date:
    """The day a change of a slot takes effect: today, or the day after its last register or version still to come."""
    return max([aujourd_hui] + [j + timedelta(days=1) for j in jours_occupes if j is not None and j >= aujourd_hui])


@dataclass(frozen=True)
class Fermeture:
    du: date
    au: date  # inclusive
    libelle: str


@dataclass(frozen=True)
class Calendrier:
    debut: date
    fin: date
    semaine_a: date  # any day of a week A; weeks alternate from it
    fermetures: tuple = ()
    # Explicit week types by Monday, when the school does not simply alternate
    # (e.g. the alternation restarts after the holidays).
    semaines: dict = field(default_factory=dict)

    def type_semaine(self, jour: date) -> str:
        lundi = jour - timedelta(days=jour.weekday())
        if lundi in self.semaines:
            return self.semaines[lundi]
        reference = self.semaine_a - timedelta(days=self.semaine_a.weekday())
        return "A" if ((lundi - reference).days // 7) % 2 == 0 else "B"

    def fermeture(self, jour: date) -> Fermeture | None:
        for f in self.fermetures:
            if f.du <= jour <= f.au:
                return f
        return None


@dataclass(frozen=True)
class Modification:
    """What changes for one occurrence of a slot."""

    annule: bool = False
    motif: str = ""
    date: date | None = None  # moved to another day
    debut: str | None = None
    fin: str | None = None
    salle: str | None = None
    remplacants: tuple | None = None  # replacement teachers (they take the roll)


@dataclass(frozen=True)
class Occurrence:
    cle: str
    creneau: str
    date: date
    debut: str
    fin: str
    division: tuple
    matiere: str
    enseignants: tuple
    salle: str
    annule: bool = False
    motif: str = ""


def cle_occurrence(jour: date, creneau_id: str) -> str:
    return f"{jour.isoformat()}@{creneau_id}"


def lire_cle(cle: str) -> tuple[date, str] | None:
    """(original day, slot id) of an occurrence key, or None when it is not one."""
    try:
        jour, creneau_id = cle.split("@", 1)
        return date.fromisoformat(jour), creneau_id
    except (ValueError, AttributeError):
        return None


def occurrence(creneau: Creneau, calendrier: Calendrier, jour: date, modification: Modification | None = None) -> Occurrence | None:
    """The occurrence of ``creneau`` whose original day is ``jour`` (moved or not), or None when it has none that day."""
    if jour.weekday() != creneau.jour or not creneau.valide_le(jour) or not calendrier.debut <= jour <= calendrier.fin:
        return None
    if creneau.semaine and creneau.semaine != calendrier.type_semaine(jour):
        return None
    occ = Occurrence(cle_occurrence(jour, creneau.id), creneau.id, jour, creneau.debut, creneau.fin, creneau.division,
                     creneau.matiere, creneau.enseignants, creneau.salle)
    if modification is not None:
        occ = replace(
            occ,
            date=modification.date or occ.date,
            debut=modification.debut or occ.debut,
            fin=modification.fin or occ.fin,
            salle=modification.salle if modification.salle is not None else occ.salle,
            enseignants=modification.remplacants if modification.remplacants is not None else occ.enseignants,
            annule=modification.annule,
            motif=modification.motif,
        )
    fermeture = calendrier.fermeture(occ.date)
    if fermeture is not None and not occ.annule:
        occ = replace(occ, annule=True, motif=fermeture.libelle)
    return occ


def _occurrences_du_jour(creneaux, calendrier: Calendrier, modifications: dict, jour: date) -> list[Occurrence]:
    """``occurrence`` for the slots of one weekday on ``jour``, the day's week type and closure read once (a year of
    a class is ~1,000 occurrences: Mon bureau and the counts read them on every visit). A changed occurrence
    goes the general way."""
    iso, type_jour, fermeture = jour.isoformat(), calendrier.type_semaine(jour), calendrier.fermeture(jour)
    resultat = []
    for creneau in creneaux:
        if not creneau.valide_le(jour) or (creneau.semaine and creneau.semaine != type_jour):
            continue
        cle = f"{iso}@{creneau.id}"
        modification = modifications.get(cle)
        if modification is not None:
            occ = occurrence(creneau, calendrier, jour, modification)
        else:
            occ = Occurrence(cle, creneau.id, jour, creneau.debut, creneau.fin, creneau.division, creneau.matiere,
                             creneau.enseignants, creneau.salle, fermeture is not None,
                             fermeture.libelle if fermeture is not None else "")
        if occ is not None:
            resultat.append(occ)
    return resultat


def occurrences(creneaux, calendrier: Calendrier, modifications: dict, du: date, au: date) -> list[Occurrence]:
    """Occurrences held from ``du`` to ``au`` (inclusive), sorted by date and start.

    ``modifications`` maps an occurrence key (its original date and slot) to a
    Modification; it must hold those of the period's original days and those
    moved into the period. An occurrence is on the day it is held: one moved
    out of the period is left out, one moved in from another day is there.
    Each day uses the slots valid that day. A closed day's occurrences are
    there, cancelled, with the closure as motive: the register list shows why
    nothing happens.
    """
    debut, fin = max(du, calendrier.debut), min(au, calendrier.fin)
    par_jour = {}
    for creneau in creneaux:
        par_jour.setdefault(creneau.jour, []).append(creneau)
    result = []
    jour = debut
    while jour <= fin:
        du_jour = par_jour.get(jour.weekday())
        if du_jour:
            result += _occurrences_du_jour(du_jour, calendrier, modifications, jour)
        jour += timedelta(days=1)
    for cle, modification in modifications.items():
        origine = lire_cle(cle)
        if modification.date is None or not du <= modification.date <= au or origine is None or debut <= origine[0] <= fin:
            continue  # not moved here, or already met on its original day
        for creneau in par_jour.get(origine[0].weekday(), ()):
            occ = occurrence(creneau, calendrier, origine[0], modification) if creneau.id == origine[1] else None
            if occ is not None:
                result.append(occ)
    return sorted((o for o in result if du <= o.date <= au), key=lambda o: (o.date, o.debut, o.creneau))


def semaine(jour: date) -> tuple[date, date]:
    """Monday and Saturday of the week of ``jour``."""
    lundi = jour - timedelta(days=jour.weekday())
    return lundi, lundi + timedelta(days=5)
