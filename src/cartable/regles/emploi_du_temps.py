"""Timetable: weekly slots → the course occurrences of a period.

Pure module (standard library only). A slot (*créneau*) repeats every week,
or every other week (A/B); the school calendar gives the year's bounds, the
closures (holidays, bank holidays) and the type of each week; an exception
changes one occurrence (cancelled, moved, another room, a replacement
teacher). Each occurrence has a stable key, ``AAAA-MM-JJ@créneau``: the key of
its register (appel).
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


def occurrences(creneaux, calendrier: Calendrier, modifications: dict, du: date, au: date) -> list[Occurrence]:
    """Occurrences from ``du`` to ``au`` (inclusive), sorted by date and start.

    ``modifications`` maps an occurrence key (its original date and slot) to a
    Modification. A closed day's occurrences are there, cancelled, with the
    closure as motive: the register list shows why nothing happens.
    """
    du, au = max(du, calendrier.debut), min(au, calendrier.fin)
    par_jour = {}
    for creneau in creneaux:
        par_jour.setdefault(creneau.jour, []).append(creneau)
    result = []
    jour = du
    while jour <= au:
        for creneau in par_jour.get(jour.weekday(), ()):
            if creneau.semaine and creneau.semaine != calendrier.type_semaine(jour):
                continue
            cle = cle_occurrence(jour, creneau.id)
            occ = Occurrence(cle, creneau.id, jour, creneau.debut, creneau.fin, creneau.division, creneau.matiere,
                             creneau.enseignants, creneau.salle)
            modification = modifications.get(cle)
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
            result.append(occ)
        jour += timedelta(days=1)
    return sorted(result, key=lambda o: (o.date, o.debut, o.creneau))


def semaine(jour: date) -> tuple[date, date]:
    """Monday and Saturday of the week of ``jour``."""
    lundi = jour - timedelta(days=jour.weekday())
    return lundi, lundi + timedelta(days=5)
